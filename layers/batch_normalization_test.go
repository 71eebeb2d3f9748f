package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// In inference BatchNormalization uses the moving statistics, in training
// the batch's, and training updates the moving statistics as Keras does.
func TestBatchNormalization(t *testing.T) {
	x := tf32([]int{4, 2}, 1, 10, 3, 20, 5, 30, 7, 40) // feature means 4 and 25
	l := NewBatchNormalization(WithMomentum(0.9), WithEpsilon(0.01))
	set := func(t *testing.T) {
		for _, a := range []struct {
			v   *Variable
			val *tensor.Tensor[float32]
		}{
			{l.Gamma(), tf32([]int{2}, 2, 0.5)}, {l.Beta(), tf32([]int{2}, 1, -1)},
			{l.MovingMean(), tf32([]int{2}, 2, 20)}, {l.MovingVariance(), tf32([]int{2}, 4, 100)},
		} {
			if err := a.v.Assign(a.val); err != nil {
				t.Fatal(err)
			}
		}
	}
	norm := func(v, mean, variance, gamma, beta float64) float32 {
		inv := gamma / math.Sqrt(variance+0.01)
		return float32(v*inv + (beta - mean*inv))
	}
	var inference []float32
	for i, v := range x.Data() {
		f := i % 2
		inference = append(inference, norm(float64(v), []float64{2, 20}[f], []float64{4, 100}[f], []float64{2, 0.5}[f], []float64{1, -1}[f]))
	}
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(tf32([]int{4, 2}, inference...)), tol: 1e-6, setup: set})

	// Training, in a fresh layer (gamma 1, beta 0): the batch's means 4
	// and 25 and biased variances 5 and 125.
	l2 := NewBatchNormalization(WithMomentum(0.9), WithEpsilon(0.01))
	g := graph.New()
	in := g.Input("x", graph.Float32, graph.Unknown, 2)
	if _, err := BuildLayer(l2, []Shape{{-1, 2}}); err != nil {
		t.Fatal(err)
	}
	ctx := NewContext(g, true)
	out, err := l2.Call(ctx, []*graph.Node{in})
	if err != nil {
		t.Fatal(err)
	}
	f, err := graph.Function([]*graph.Node{in}, out, ctx.Updates(), nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := f.Call(x)
	if err != nil {
		t.Fatal(err)
	}
	got := res[0].(*tensor.Tensor[float32]).Data()
	for i := range got {
		want := norm(float64(x.Data()[i]), []float64{4, 25}[i%2], []float64{5, 125}[i%2], 1, 0)
		if math.Abs(float64(got[i]-want)) > 1e-5 {
			t.Fatalf("training output %d = %v, want %v", i, got[i], want)
		}
	}
	mm := l2.MovingMean().Value().(*tensor.Tensor[float32]).Data()
	mv := l2.MovingVariance().Value().(*tensor.Tensor[float32]).Data()
	// moving ← moving·0.9 + batch·0.1, from 0 and 1.
	if math.Abs(float64(mm[0])-0.4) > 1e-6 || math.Abs(float64(mm[1])-2.5) > 1e-6 || math.Abs(float64(mv[0])-1.4) > 1e-5 || math.Abs(float64(mv[1])-13.4) > 1e-4 {
		t.Errorf("moving statistics after one step: mean %v, variance %v", mm, mv)
	}
}

func TestBatchNormalizationErrorsAndConfig(t *testing.T) {
	wantLayerError(t, "epsilon", NewBatchNormalization(WithEpsilon(0)).Err(), "BatchNormalization")
	wantLayerError(t, "synchronized", NewBatchNormalization(Kwarg("synchronized", true)).Err(), "BatchNormalization")
	wantShapeError(t, "axis", NewBatchNormalization(WithAxis(5)), Shape{-1, 3})
	back, js := roundTrip(t, NewBatchNormalization(WithAxis(1), WithMomentum(0.5), WithCenter(false)))
	for _, want := range []string{`"axis": 1`, `"momentum": 0.5`, `"center": false`, `"epsilon": 0.001`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s: %s", want, js)
		}
	}
	if b := back.(*BatchNormalization); b.Axis != 1 || b.Momentum != 0.5 || b.Center || !b.Scale {
		t.Errorf("round trip gave %+v", b)
	}
}
