package layers

import (
	"slices"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// layerCase is one known-answer test of a layer, the shared harness every
// layer's test uses (Keras's run_layer_test): the layer is built from the
// inputs' shapes with an unknown batch dimension, called on graph inputs
// in training or inference mode, compiled and run; the outputs must have
// the shapes ComputeOutputShape promised and the values want.
type layerCase struct {
	layer    Layer
	inputs   []*tensor.Tensor[float32]
	training bool
	// setup runs after the layer is built, before it is called: it sets
	// weights to known values.
	setup func(t *testing.T)
	// want are the expected outputs; nil skips the value check.
	want []*tensor.Tensor[float32]
	tol  float64
}

// runLayer runs c and returns the outputs.
func runLayer(t *testing.T, c layerCase) []*tensor.Tensor[float32] {
	t.Helper()
	g := graph.New()
	shapes := make([]Shape, len(c.inputs))
	nodes := make([]*graph.Node, len(c.inputs))
	args := make([]any, len(c.inputs))
	for i, x := range c.inputs {
		s := x.Shape()
		s[0] = -1
		shapes[i] = s
		nodes[i] = g.Input("x", graph.Float32, s...)
		args[i] = x
	}
	outShapes, err := BuildLayer(c.layer, shapes)
	if err != nil {
		t.Fatalf("BuildLayer: %v", err)
	}
	if c.setup != nil {
		c.setup(t)
	}
	ctx := NewContext(g, c.training)
	outs, err := CallLayer(ctx, c.layer, nodes)
	if err != nil {
		t.Fatalf("CallLayer: %v", err)
	}
	for i, o := range outs {
		if !slices.Equal(o.Shape(), outShapes[i]) {
			t.Errorf("output %d: static shape %v, ComputeOutputShape said %v", i, o.Shape(), outShapes[i])
		}
	}
	fn, err := graph.Function(nodes, outs, ctx.Updates(), nil)
	if err != nil {
		t.Fatalf("Function: %v", err)
	}
	res, err := fn.Call(args...)
	if err != nil {
		t.Fatalf("Call: %v", err)
	}
	got := make([]*tensor.Tensor[float32], len(res))
	batch := c.inputs[0].Dim(0)
	for i, r := range res {
		got[i] = r.(*tensor.Tensor[float32])
		want := slices.Clone(outShapes[i])
		want[0] = batch
		if !slices.Equal(got[i].Shape(), want) {
			t.Errorf("output %d: shape %v, want %v", i, got[i].Shape(), want)
		}
	}
	for i, w := range c.want {
		tol := c.tol
		if tol == 0 {
			tol = 1e-6
		}
		if !tensor.AllClose(got[i], w, tol, tol) {
			t.Errorf("output %d:\n%v\nwant\n%v\n(max diff %g)", i, got[i], w, tensor.MaxAbsDiff(got[i], w))
		}
	}
	return got
}

// tf32 builds a float32 tensor of the given shape from values.
func tf32(shape []int, v ...float32) *tensor.Tensor[float32] {
	return tensor.Must(tensor.New(shape, v))
}
