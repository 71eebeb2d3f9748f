package graph

import (
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestDebugStringCompiled(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, -1, 3)
	w := g.Shared("w", tensor.Must(tensor.Ones[float32](3, 2)))
	b := g.Shared("b", tensor.Must(tensor.Zeros[float32](2)))
	y := Relu(Add(MatMul(x, w), b))
	f := mustFunction(t, []*Node{x}, []*Node{y}, []Update{{b, Add(b, Sum(y, []int{0}, false))}})
	want := `output 0:
Fused{Relu(Add(i0, i1))} (in place) [id A] float32 (None, 2)
├─ MatMul [id B] float32 (None, 2)
│  ├─ Input "x" [id C] float32 (None, 3)
│  └─ Shared "w" [id D] float32 (3, 2)
└─ Shared "b" [id E] float32 (2,)
update "b":
Add (into "b") [id F] float32 (2,)
├─ Shared "b" [id E] float32 (2,)
└─ Sum{axes=[0]} [id G] float32 (2,)
   └─ Fused{Relu(Add(i0, i1))} (in place) [id A] float32 (None, 2) ···
4 steps, 2 buffers
`
	if got := f.DebugString(); got != want {
		t.Errorf("compiled:\n%s\nwant:\n%s", got, want)
	}
	dot := f.DOT()
	for _, s := range []string{"digraph G {", `label="Fused{Relu(Add(i0, i1))} (in place)\nfloat32 (None, 2)"`, "nB -> nA;", `[style=dashed, label="update"]`} {
		if !strings.Contains(dot, s) {
			t.Errorf("DOT lacks %q:\n%s", s, dot)
		}
	}
	plain := DOT(y)
	if !strings.Contains(plain, `label="Relu\nfloat32 (None, 2)"`) || !strings.Contains(plain, "shape=cylinder") {
		t.Errorf("DOT of the source graph:\n%s", plain)
	}
}
