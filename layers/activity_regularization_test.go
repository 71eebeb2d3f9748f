package layers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// penaltyOf runs the layer on x and returns its output and the losses it
// added to the context.
func penaltyOf(t *testing.T, l Layer, x *tensor.Tensor[float32], training bool) (*tensor.Tensor[float32], []float64) {
	t.Helper()
	g := graph.New()
	s := x.Shape()
	s[0] = -1
	in := g.Input("x", graph.Float32, s...)
	c := NewContext(g, training)
	outs, err := CallLayer(c, l, []*graph.Node{in})
	if err != nil {
		t.Fatal(err)
	}
	fn, err := graph.Function([]*graph.Node{in}, append(outs, c.Losses()...), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fn.Call(x)
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	for _, r := range res[1:] {
		losses = append(losses, float64(r.(*tensor.Tensor[float32]).Data()[0]))
	}
	return res[0].(*tensor.Tensor[float32]), losses
}

func TestActivityRegularization(t *testing.T) {
	x := tf32([]int{2, 2, 2}, 1, -2, 0.5, 3, -1, 0, 4, -0.25)
	l := NewActivityRegularization(WithL1(0.1), WithL2(0.01))
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(x)})
	// Σ|x| = 11.75, Σx² = 31.3125; a batch of 2: (1.175 + 0.313125)/2.
	want := (0.1*11.75 + 0.01*31.3125) / 2
	for _, training := range []bool{true, false} {
		out, losses := penaltyOf(t, l, x, training)
		if !tensor.Equal(out, x) {
			t.Errorf("training %v: output %v, want the input", training, out)
		}
		if len(losses) != 1 || math.Abs(losses[0]-want) > 1e-6 {
			t.Errorf("training %v: losses %v, want [%v]", training, losses, want)
		}
	}
	// One sample of rank 1: the penalty of a batch of 3 values.
	_, losses := penaltyOf(t, NewActivityRegularization(WithL1(1)), tf32([]int{3}, 1, -2, 3), true)
	if len(losses) != 1 || math.Abs(losses[0]-2) > 1e-6 {
		t.Errorf("rank 1: losses %v, want [2] (6 over a batch of 3)", losses)
	}
	// The defaults, 0 and 0, add nothing.
	d := NewActivityRegularization()
	if d.L1 != 0 || d.L2 != 0 {
		t.Errorf("defaults l1 %v, l2 %v", d.L1, d.L2)
	}
	if _, losses := penaltyOf(t, d, x, true); len(losses) != 0 {
		t.Errorf("zero factors added losses %v", losses)
	}
}

func TestActivityRegularizationErrors(t *testing.T) {
	for name, l := range map[string]*ActivityRegularization{
		"negative l1":     NewActivityRegularization(WithL1(-0.1)),
		"infinite l2":     NewActivityRegularization(WithL2(math.Inf(1))),
		"NaN l2":          NewActivityRegularization(WithL2(math.NaN())),
		"unknown keyword": NewActivityRegularization(WithAxis(1)),
	} {
		wantLayerError(t, name, l.Err(), "ActivityRegularization")
	}
}
