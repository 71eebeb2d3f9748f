package layers

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestLambdaOneInput(t *testing.T) {
	x := tf32([]int{2, 3}, 1, -2, 3, 0.5, 0, -1)
	// x ↦ x², Keras's docstring example, with the shape inferred.
	l := NewLambda(func(x *graph.Node) *graph.Node { return graph.Square(x) })
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(tf32([]int{2, 3}, 1, 4, 9, 0.25, 0, 1))})
	_, grad := withGrad(t, l, x, nil, false)
	if !tensor.Equal(grad, tf32([]int{2, 3}, 2, -4, 6, 1, 0, -2)) {
		t.Errorf("gradient %v, want 2x", grad)
	}
	// An activations.Func, and a reduction that changes the shape.
	runLayer(t, layerCase{layer: NewLambda(activations.Relu), inputs: one(x), want: one(tf32([]int{2, 3}, 1, 0, 3, 0.5, 0, 0))})
	sum := NewLambda(func(x *graph.Node) *graph.Node { return graph.Sum(x, []int{-1}, true) })
	runLayer(t, layerCase{layer: sum, inputs: one(x), want: one(tf32([]int{2, 1}, 2, -0.5))})
}

func TestLambdaSeveralInputsAndOutputs(t *testing.T) {
	a := tf32([]int{2, 2}, 1, 2, 3, 4)
	b := tf32([]int{2, 1}, 10, 20)
	cat := NewLambda(func(xs []*graph.Node) *graph.Node { return graph.Concat(xs, -1) })
	runLayer(t, layerCase{
		layer:  cat,
		inputs: []*tensor.Tensor[float32]{a, b},
		want:   one(tf32([]int{2, 3}, 1, 2, 10, 3, 4, 20)),
	})
	split := NewLambda(func(xs []*graph.Node) []*graph.Node {
		return []*graph.Node{graph.Slice(xs[0], 1, 0, 1), graph.Mul(xs[0], xs[1])}
	})
	runLayer(t, layerCase{
		layer:  split,
		inputs: []*tensor.Tensor[float32]{a, b},
		want:   []*tensor.Tensor[float32]{tf32([]int{2, 1}, 1, 3), tf32([]int{2, 2}, 10, 20, 60, 80)},
	})
	// Through the functional API: two outputs with their shapes.
	outs := Apply(split, Input(2), Input(1))
	if len(outs) != 2 || !slices.Equal(outs[0].Shape(), Shape{-1, 1}) || !slices.Equal(outs[1].Shape(), Shape{-1, 2}) {
		t.Errorf("Apply: %v", outs)
	}
}

func TestLambdaSeesTraining(t *testing.T) {
	l := NewLambda(func(c *Context, xs []*graph.Node) []*graph.Node {
		if c.Training {
			return []*graph.Node{graph.Neg(xs[0])}
		}
		return xs
	})
	x := tf32([]int{1, 2}, 1, -2)
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(x)})
	runLayer(t, layerCase{layer: l, inputs: one(x), training: true, want: one(tf32([]int{1, 2}, -1, 2))})
}

func TestLambdaDeclaredOutputShape(t *testing.T) {
	double := func(x *graph.Node) *graph.Node { return graph.Concat([]*graph.Node{x, x}, -1) }
	x := tf32([]int{1, 2}, 1, 2)
	want := one(tf32([]int{1, 4}, 1, 2, 1, 2))
	for name, shape := range map[string]any{
		"tuple":           []int{4},
		"function":        func(s Shape) Shape { return Shape{s[0], 2 * s[1]} },
		"shapes function": func(in []Shape) []Shape { return []Shape{{in[0][0], 2 * in[0][1]}} },
		"erring function": func(in []Shape) ([]Shape, error) { return []Shape{{in[0][0], 2 * in[0][1]}}, nil },
	} {
		l := NewLambda(double, WithOutputShape(shape))
		if err := l.Err(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		runLayer(t, layerCase{layer: l, inputs: one(x), want: want})
	}
	// A declared shape the function does not produce is an error at call.
	l := NewLambda(double, WithOutputShape([]int{3}))
	g := graph.New()
	_, err := CallLayer(NewContext(g, false), l, []*graph.Node{g.Input("x", graph.Float32, -1, 2)})
	if !errors.Is(err, ErrShape) || !strings.Contains(err.Error(), "Lambda") {
		t.Errorf("wrong declared shape: %v", err)
	}
	// A shape function may refuse the inputs.
	refuse := NewLambda(double, WithOutputShape(func([]Shape) ([]Shape, error) { return nil, errors.New("no") }))
	wantShapeError(t, "refused", refuse, Shape{-1, 2})
}

func TestLambdaOutputDType(t *testing.T) {
	am := NewLambda(func(x *graph.Node) *graph.Node { return graph.ArgMax(x, -1) })
	y := am.Apply(Input(3))
	if y.Err() != nil || y.DType() == graph.Float32 || !slices.Equal(y.Shape(), Shape{-1}) {
		t.Errorf("argmax: %v, dtype %v", y, y.DType())
	}
}

func TestLambdaErrors(t *testing.T) {
	for name, fn := range map[string]any{
		"not a function": 3,
		"nil function":   (func(*graph.Node) *graph.Node)(nil),
		"wrong function": func(x float64) float64 { return x },
	} {
		wantLayerError(t, name, NewLambda(fn).Err(), "Lambda")
	}
	sq := func(x *graph.Node) *graph.Node { return graph.Square(x) }
	wantLayerError(t, "bad output_shape", NewLambda(sq, WithOutputShape("(3,)")).Err(), "Lambda")
	wantLayerError(t, "bad size", NewLambda(sq, WithOutputShape([]int{0})).Err(), "Lambda")
	_, err := BuildLayer(NewLambda(sq), []Shape{{-1, 2}, {-1, 2}})
	wantLayerError(t, "two inputs to a one-input function", err, "Lambda")

	// The function's graph errors, its panics and its missing outputs are
	// errors naming the layer.
	bad := NewLambda(func(x *graph.Node) *graph.Node { return graph.MatMul(x, x) })
	wantShapeError(t, "graph error", bad, Shape{-1, 2, 3})
	panics := NewLambda(func(xs []*graph.Node) *graph.Node { return xs[3] })
	_, err = BuildLayer(panics, []Shape{{-1, 2}})
	wantLayerError(t, "panic", err, "Lambda")
	none := NewLambda(func(xs []*graph.Node) []*graph.Node { return nil })
	_, err = BuildLayer(none, []Shape{{-1, 2}})
	wantLayerError(t, "no output", err, "Lambda")
	null := NewLambda(func(x *graph.Node) *graph.Node { return nil })
	_, err = BuildLayer(null, []Shape{{-1, 2}})
	wantLayerError(t, "nil output", err, "Lambda")
	other := graph.New().Scalar(1, graph.Float32)
	foreign := NewLambda(func(x *graph.Node) *graph.Node { return other })
	_, err = BuildLayer(foreign, []Shape{{-1, 2}})
	wantLayerError(t, "node of another graph", err, "Lambda")
}
