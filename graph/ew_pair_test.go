package graph

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// rmspropFunc compiles one RMSprop step of a weight of the given shape,
// with its gradient as the function's input: v ← ρv + (1−ρ)g², then
// w ← w − lr·g/√(v + ε) with the new v. It returns the function and the
// shared w and v.
func rmspropFunc(t *testing.T, shape ...int) (f *Func, w, v *Node) {
	t.Helper()
	g := New()
	w = g.Shared("w", tensor.Must(tensor.Ones[float32](shape...)))
	v = g.Shared("v", tensor.Must(tensor.Zeros[float32](shape...)))
	grad := g.Input("g", Float32, shape...)
	rho, lr, eps := ScalarLike(v, 0.9), ScalarLike(v, 0.001), ScalarLike(v, 1e-7)
	v2 := Add(Mul(rho, v), Mul(ScalarLike(v, 0.1), Square(grad)))
	w2 := Sub(w, Div(Mul(lr, grad), Sqrt(Add(v2, eps))))
	return mustFunction(t, []*Node{grad}, nil, []Update{{v, v2}, {w, w2}}), w, v
}

// The two update passes of RMSprop run chunk by chunk together, and give
// the bits of the passes run one after the other (each IEEE operation
// rounded to float32), on any number of threads, allocating nothing.
func TestPairedUpdatesExact(t *testing.T) {
	for _, shape := range [][]int{{3, 5}, {301, 347}} { // serial; 103 chunks shared over threads
		for _, threads := range []int{1, 2, 3} {
			prev := kernels.SetThreads(threads)
			f, w, v := rmspropFunc(t, shape...)
			if p := f.p; p.pair == nil || !anyPaired(p.paired) {
				t.Fatalf("shape %v: the update passes were not paired", shape)
			}
			n := shape[0] * shape[1]
			rng := tensor.NewRNG(uint64(n))
			gd := make([]float32, n)
			wantW, wantV := make([]float32, n), make([]float32, n)
			for i := range wantW {
				wantW[i] = 1
			}
			for step := range 3 {
				tensor.FillNormal(rng, gd, 0, 1)
				if step == 1 {
					gd[0] = 0
				}
				if _, err := f.Call(tensor.Must(tensor.New(shape, gd))); err != nil {
					t.Fatal(err)
				}
				for i, gi := range gd {
					v2 := float32(float32(0.9)*wantV[i]) + float32(float32(0.1)*float32(gi*gi))
					wantV[i] = v2
					wantW[i] -= float32(float32(0.001)*gi) / float32(math.Sqrt(float64(float32(v2+1e-7))))
				}
			}
			gotW, gotV := w.Value().(*tensor.Tensor[float32]).Data(), v.Value().(*tensor.Tensor[float32]).Data()
			for i := range wantW {
				if gotW[i] != wantW[i] || gotV[i] != wantV[i] {
					t.Fatalf("shape %v, %d threads, element %d: w %v v %v, want %v %v", shape, threads, i, gotW[i], gotV[i], wantW[i], wantV[i])
				}
			}
			gt := tensor.Must(tensor.New(shape, gd))
			if allocs := testing.AllocsPerRun(10, func() { f.Call(gt) }); allocs != 0 {
				t.Errorf("shape %v, %d threads: paired passes allocate %v times per call", shape, threads, allocs)
			}
			kernels.SetThreads(prev)
		}
	}
}

// An update is not moved before a step that reads the old value of the
// variable it overwrites: here an output reads the old b after a's update
// and before b's, so b's update, which reads a's new value, stays apart.
func TestPairedUpdatesOnlyWhenSafe(t *testing.T) {
	g := New()
	a := g.Shared("a", tensor.Must(tensor.Full[float32](2, 4, 4)))
	b := g.Shared("b", tensor.Must(tensor.Full[float32](3, 4, 4)))
	x := g.Input("x", Float32, 4, 4)
	a2 := Add(a, x)                          // a ← a + x
	c := Sum(Mul(Square(b), a2), nil, false) // reads a' and the old b
	f := mustFunction(t, []*Node{x}, []*Node{c}, []Update{{a, a2}, {b, Mul(b, a2)}})
	if anyPaired(f.p.paired) {
		t.Fatal("b's update was paired with a's across a step reading the old b")
	}
	out, err := f.Call(tensor.Must(tensor.Ones[float32](4, 4)))
	if err != nil {
		t.Fatal(err)
	}
	if got := out[0].(*tensor.Tensor[float32]).Data()[0]; got != 16*9*3 {
		t.Errorf("output %v, want %v (from the old b)", got, 16*9*3)
	}
	for i, v := range b.Value().(*tensor.Tensor[float32]).Data() {
		if v != 9 {
			t.Fatalf("b[%d] = %v, want 9", i, v)
		}
	}
}

func anyPaired(p []bool) bool {
	for _, x := range p {
		if x {
			return true
		}
	}
	return false
}
