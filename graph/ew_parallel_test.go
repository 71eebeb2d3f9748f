package graph

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// A fused element-wise pass large enough to be shared over the worker pool
// gives the same bits as on one thread, with full, broadcast and scalar
// operands, and allocates nothing once warm.
func TestFusedPassSharedOverThreadsIsExact(t *testing.T) {
	const rows, cols = 97, 1031 // 100,007 elements: 98 chunks, the last one short
	rng := tensor.NewRNG(5)
	xd := make([]float32, rows*cols)
	bd := make([]float32, cols)
	tensor.FillNormal(rng, xd, 0, 2)
	tensor.FillNormal(rng, bd, 0, 1)
	g := New()
	x := g.Input("x", Float32, -1, cols)
	b := g.Const(tensor.Must(tensor.New([]int{1, cols}, bd)))
	y := Mul(Sigmoid(Add(x, b)), Sub(Square(x), ScalarLike(x, 0.5)))
	f, err := Function([]*Node{x}, []*Node{y}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	xt := tensor.Must(tensor.New([]int{rows, cols}, xd))
	run := func(threads int) []float32 {
		prev := kernels.SetThreads(threads)
		defer kernels.SetThreads(prev)
		out, err := f.Call(xt)
		if err != nil {
			t.Fatal(err)
		}
		return out[0].(*tensor.Tensor[float32]).Data()
	}
	one, two, three := run(1), run(2), run(3)
	for i := range one {
		if one[i] != two[i] || one[i] != three[i] {
			t.Fatalf("element %d: 1 thread %v, 2 threads %v, 3 threads %v", i, one[i], two[i], three[i])
		}
	}
	// Spot-check against the formula.
	for _, i := range []int{0, cols, rows*cols - 1} {
		xv, bv := float64(xd[i]), float64(bd[i%cols])
		want := (1 / (1 + math.Exp(-(xv + bv)))) * (xv*xv - 0.5)
		if math.Abs(float64(one[i])-want) > 1e-5*(1+math.Abs(want)) {
			t.Errorf("element %d = %v, want %v", i, one[i], want)
		}
	}
	prev := kernels.SetThreads(2)
	defer kernels.SetThreads(prev)
	outs := []any{tensor.Must(tensor.Zeros[float32](rows, cols))}
	if err := f.CallInto(outs, xt); err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(20, func() { f.CallInto(outs, xt) }); allocs != 0 {
		t.Errorf("warm shared pass allocates %v times per call", allocs)
	}
}
