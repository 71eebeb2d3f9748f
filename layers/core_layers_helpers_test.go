package layers

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// Helpers shared by the tests of the activation, noise and reshaping
// layers.

// refTensor applies the float64 reference f to every element of x.
func refTensor(x *tensor.Tensor[float32], f func(float64) float64) *tensor.Tensor[float32] {
	out := x.Clone()
	d := out.Data()
	for i, v := range d {
		d[i] = float32(f(float64(v)))
	}
	return out
}

// one wraps a tensor in a slice, as layerCase takes them.
func one(x *tensor.Tensor[float32]) []*tensor.Tensor[float32] { return []*tensor.Tensor[float32]{x} }

// callBoth runs the layer on x in training and inference and returns the
// two outputs.
func callBoth(t *testing.T, l Layer, x *tensor.Tensor[float32]) (train, infer *tensor.Tensor[float32]) {
	t.Helper()
	train = runLayer(t, layerCase{layer: l, inputs: one(x), training: true})[0]
	infer = runLayer(t, layerCase{layer: l, inputs: one(x)})[0]
	return train, infer
}

// withGrad compiles, for inputs of x's exact shape, the layer's first
// output and the gradient of Σ r·output with respect to the input, for r
// with the output's shape (ones if r is nil), and returns both from one
// call, so that a random layer's output and gradient see the same draws.
func withGrad(t *testing.T, l Layer, x *tensor.Tensor[float32], r *tensor.Tensor[float32], training bool) (out, grad *tensor.Tensor[float32]) {
	t.Helper()
	g := graph.New()
	in := g.Input("x", graph.Float32, x.Shape()...)
	outs, err := CallLayer(NewContext(g, training), l, []*graph.Node{in})
	if err != nil {
		t.Fatalf("CallLayer: %v", err)
	}
	y := outs[0]
	var cost *graph.Node
	if r == nil {
		cost = graph.Sum(y, nil, false)
	} else {
		cost = graph.Sum(graph.Mul(y, g.Const(r)), nil, false)
	}
	gx := graph.Grad(cost, in)[0]
	fn, err := graph.Function([]*graph.Node{in}, []*graph.Node{y, gx}, nil, nil)
	if err != nil {
		t.Fatalf("Function: %v", err)
	}
	res, err := fn.Call(x)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	return res[0].(*tensor.Tensor[float32]), res[1].(*tensor.Tensor[float32])
}

// gradCheck compares the gradient of Σ r·f(x) with respect to x, computed
// through the layer by graph.Grad, with central differences of the
// forward function, r being fixed pseudo-random weights. x must stay at
// least 0.02 away from the layer's kinks.
func gradCheck(t *testing.T, l Layer, x *tensor.Tensor[float32]) {
	t.Helper()
	g := graph.New()
	in := g.Input("x", graph.Float32, x.Shape()...)
	outs, err := CallLayer(NewContext(g, false), l, []*graph.Node{in})
	if err != nil {
		t.Fatalf("CallLayer: %v", err)
	}
	r := tensor.Must(tensor.RandUniform[float32](tensor.NewRNG(3), 0.5, 1.5, outs[0].Shape()...))
	cost := graph.Sum(graph.Mul(outs[0], g.Const(r)), nil, false)
	gx := graph.Grad(cost, in)[0]
	fn, err := graph.Function([]*graph.Node{in}, []*graph.Node{cost, gx}, nil, nil)
	if err != nil {
		t.Fatalf("Function: %v", err)
	}
	res, err := fn.Call(x)
	if err != nil {
		t.Fatal(err)
	}
	grad := res[1].(*tensor.Tensor[float32]).Data()
	const eps = 1e-2
	xp := x.Clone()
	d := xp.Data()
	for i := range d {
		v := d[i]
		d[i] = v + eps
		hi, err := fn.Call(xp)
		if err != nil {
			t.Fatal(err)
		}
		d[i] = v - eps
		lo, err := fn.Call(xp)
		if err != nil {
			t.Fatal(err)
		}
		d[i] = v
		num := (float64(hi[0].(*tensor.Tensor[float32]).Data()[0]) - float64(lo[0].(*tensor.Tensor[float32]).Data()[0])) / (2 * eps)
		if math.Abs(num-float64(grad[i])) > 2e-3*(1+math.Abs(num)) {
			t.Errorf("d/dx[%d] at x=%v: graph %v, central differences %v", i, v, grad[i], num)
		}
	}
}

// moments returns the mean and the standard deviation of v.
func moments(v []float32) (mean, std float64) {
	for _, x := range v {
		mean += float64(x)
	}
	mean /= float64(len(v))
	for _, x := range v {
		std += (float64(x) - mean) * (float64(x) - mean)
	}
	return mean, math.Sqrt(std / float64(len(v)))
}

// wantLayerError checks that err is an error naming the layer's class.
func wantLayerError(t *testing.T, what string, err error, class string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	if !strings.Contains(err.Error(), class) {
		t.Errorf("%s: error %q does not name %s", what, err, class)
	}
}

// wantShapeError checks that building l for inputs of shapes in fails with
// ErrShape, naming the layer's class.
func wantShapeError(t *testing.T, what string, l Layer, in ...Shape) {
	t.Helper()
	_, err := BuildLayer(l, in)
	if !errors.Is(err, ErrShape) {
		t.Errorf("%s: error %v, want ErrShape", what, err)
		return
	}
	wantLayerError(t, what, err, l.LayerBase().ClassName())
}

// trainTwice compiles the layer once in training mode for inputs of x's
// shape and calls it twice on x, returning both outputs: a random layer
// draws anew at every call.
func trainTwice(t *testing.T, l Layer, x *tensor.Tensor[float32]) (a, b *tensor.Tensor[float32]) {
	t.Helper()
	g := graph.New()
	in := g.Input("x", graph.Float32, x.Shape()...)
	outs, err := CallLayer(NewContext(g, true), l, []*graph.Node{in})
	if err != nil {
		t.Fatalf("CallLayer: %v", err)
	}
	fn, err := graph.Function([]*graph.Node{in}, outs, nil, nil)
	if err != nil {
		t.Fatalf("Function: %v", err)
	}
	var res [2]*tensor.Tensor[float32]
	for i := range res {
		r, err := fn.Call(x)
		if err != nil {
			t.Fatal(err)
		}
		res[i] = r[0].(*tensor.Tensor[float32])
	}
	return res[0], res[1]
}
