package layers

import (
	"slices"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/tensor"
)

func TestPReLUDefaultsIsRelu(t *testing.T) {
	l := NewPReLU()
	x := tf32([]int{2, 3}, -1, 0, 2, 3, -4, 0.5)
	// alpha starts at zeros: the layer starts as max(x, 0).
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(tf32([]int{2, 3}, 0, 0, 2, 3, 0, 0.5))})
	if got := l.Alpha().Shape(); !slices.Equal(got, []int{3}) || l.CountParams() != 3 {
		t.Errorf("alpha shape %v, %d params", got, l.CountParams())
	}
	if !l.Alpha().Trainable() || len(l.TrainableWeights()) != 1 || l.Alpha().Name() != l.Name()+"/alpha" {
		t.Errorf("alpha %q is not the one trainable weight", l.Alpha().Name())
	}
	if _, ok := l.AlphaInitializer.(initializers.Zeros); !ok {
		t.Errorf("default initializer %T, want Zeros", l.AlphaInitializer)
	}
}

func TestPReLUSharedAxesKnownAnswer(t *testing.T) {
	l := NewPReLU(WithSharedAxes(1))
	// Input (batch, 2, 3) with axis 1 shared: one slope per feature.
	x := tf32([]int{1, 2, 3}, -1, -2, 3, -4, 5, -6)
	runLayer(t, layerCase{
		layer:  l,
		inputs: one(x),
		setup: func(t *testing.T) {
			if got := l.Alpha().Shape(); !slices.Equal(got, []int{1, 3}) {
				t.Fatalf("alpha shape %v, want [1 3]", got)
			}
			if err := l.Alpha().Assign(tf32([]int{1, 3}, 0.1, 0.2, 0.3)); err != nil {
				t.Fatal(err)
			}
		},
		// alpha·x below zero, x above: [-0.1, -0.4, 3], [-0.4, 5, -1.8].
		want: one(tf32([]int{1, 2, 3}, -0.1, -0.4, 3, -0.4, 5, -1.8)),
	})
	// Another size along the shared axis is accepted; another feature
	// count is not.
	if _, err := BuildLayer(l, []Shape{{-1, 7, 3}}); err != nil {
		t.Errorf("other size along the shared axis: %v", err)
	}
	wantShapeError(t, "other feature count", l, Shape{-1, 2, 4})
}

func TestPReLUAlphaGradient(t *testing.T) {
	// d/dalpha Σ f(x) = Σ over the shared axes of min(x, 0) (x where x < 0).
	l := NewPReLU(WithSharedAxes(1), WithAlphaInitializer(initializers.Constant{Value: 0.25}))
	x := tf32([]int{2, 2, 2}, -1, 2, -3, -4, 5, -6, -7, 8)
	g := graph.New()
	in := g.Input("x", graph.Float32, 2, 2, 2)
	outs, err := CallLayer(NewContext(g, true), l, []*graph.Node{in})
	if err != nil {
		t.Fatal(err)
	}
	alpha := l.Alpha().Node(g)
	grads := graph.Grad(graph.Sum(outs[0], nil, false), alpha, in)
	fn, err := graph.Function([]*graph.Node{in}, grads, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fn.Call(x)
	if err != nil {
		t.Fatal(err)
	}
	// Feature 0: -1 - 3 + 5·0 - 7 = -11; feature 1: -4 - 6 = -10.
	if got, want := res[0].(*tensor.Tensor[float32]), tf32([]int{1, 2}, -11, -10); !tensor.AllClose(got, want, 1e-6, 1e-6) {
		t.Errorf("d/dalpha = %v, want %v", got, want)
	}
	// d/dx is 1 above zero and alpha = 0.25 below.
	if got, want := res[1].(*tensor.Tensor[float32]), tf32([]int{2, 2, 2}, 0.25, 1, 0.25, 0.25, 1, 0.25, 0.25, 1); !tensor.AllClose(got, want, 1e-6, 1e-6) {
		t.Errorf("d/dx = %v, want %v", got, want)
	}
	gradCheck(t, NewPReLU(WithAlphaInitializer(initializers.Constant{Value: 0.3})), tf32([]int{2, 3}, -1, 0.5, -0.2, 2, -3, 0.1))
}

func TestPReLURegularizerAndErrors(t *testing.T) {
	l := NewPReLU(WithAlphaRegularizer(regularizers.L2(0.1)))
	if _, err := BuildLayer(l, []Shape{{-1, 4}}); err != nil {
		t.Fatal(err)
	}
	if l.Alpha().Regularizer == nil {
		t.Error("alpha has no regularizer")
	}
	for name, p := range map[string]*PReLU{
		"axis 0":           NewPReLU(WithSharedAxes(0)),
		"repeated axis":    NewPReLU(WithSharedAxes(1, 1)),
		"bad initializer":  NewPReLU(WithAlphaInitializer("nope")),
		"bad regularizer":  NewPReLU(WithAlphaRegularizer("nope")),
		"unknown keyword":  NewPReLU(WithAxis(1)),
		"wrong value type": NewPReLU(WithAlphaInitializer(3)),
		"bad constraint":   NewPReLU(WithAlphaConstraint("nope")),
	} {
		wantLayerError(t, name, p.Err(), "PReLU")
	}
	wantShapeError(t, "shared axis out of range", NewPReLU(WithSharedAxes(2)), Shape{-1, 3})
	wantShapeError(t, "unknown axis not shared", NewPReLU(), Shape{-1, -1, 3})
	wantShapeError(t, "rank 1", NewPReLU(), Shape{-1})
	if _, err := BuildLayer(NewPReLU(WithSharedAxes(1)), []Shape{{-1, -1, 3}}); err != nil {
		t.Errorf("unknown shared axis: %v", err)
	}
}
