package losses

import (
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestWithReduction(t *testing.T) {
	l := WithReduction(NewHuber(), ReductionSum)
	if l.Name() != "huber" || ReductionOf(l) != ReductionSum || ReductionOf(NewHuber()) != ReductionSumOverBatchSize {
		t.Errorf("reduction not carried: %q %q", l.Name(), ReductionOf(l))
	}
	if !IsSparse(WithReduction(NewSparseCategoricalCrossentropy(), ReductionNone)) || IsSparse(l) {
		t.Error("sparseness not kept")
	}
	g := graph.New()
	y := g.Const(f32([]int{2, 1}, 0, 0))
	p := g.Const(f32([]int{2, 1}, 0.5, 3)) // Huber 0.125 and 2.5
	out, err := ComputeWith(l, y, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := graph.Function(nil, []*graph.Node{out}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fn.Call()
	if err != nil {
		t.Fatal(err)
	}
	near(t, "huber sum", []float64{float64(res[0].(*tensor.Tensor[float32]).Data()[0])}, []float64{2.625})
	if _, err := ComputeWith(WithReduction(NewHuber(), "avg"), y, p, nil); err == nil {
		t.Error("reduction avg accepted")
	}
}
