package regularizers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestPenalties(t *testing.T) {
	w := tensor.FromSlice([]float32{1, -2, 3})
	for _, c := range []struct {
		r    Regularizer
		want float64
	}{
		{L1(0.1), 0.1 * 6},
		{L2(0.01), 0.01 * 14}, // Keras's l2·Σw², no one half
		{L1L2(0.1, 0.01), 0.6 + 0.14},
	} {
		g := graph.New()
		fn, err := graph.Function(nil, []*graph.Node{c.r.Penalty(g.Const(w))}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := fn.Call()
		if err != nil {
			t.Fatal(err)
		}
		if got := float64(res[0].(*tensor.Tensor[float32]).Data()[0]); math.Abs(got-c.want) > 1e-6 {
			t.Errorf("%s: %v, want %v", c.r.ClassName(), got, c.want)
		}
	}
	for name, class := range map[string]string{"l1": "L1", "L2": "L2", "l1_l2": "L1L2"} {
		if r, err := Get(name); err != nil || r.ClassName() != class {
			t.Errorf("Get(%q): %v %v", name, r, err)
		}
	}
	if _, err := Resolve(3); err == nil {
		t.Error("Resolve(3) accepted")
	}
}
