package layers

import (
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/graph"
)

// Lambda is Keras's Lambda layer (keras.layers.Lambda): it wraps a Go
// function over graph nodes as a layer, f(x) = function(x), so that an
// expression can sit in a Sequential or functional model. The function is
// one of
//
//	func(x *graph.Node) *graph.Node                      one input, one output
//	activations.Func                                     the same
//	func(xs []*graph.Node) *graph.Node                   several inputs, one output
//	func(xs []*graph.Node) []*graph.Node                 several inputs and outputs
//	func(c *Context, xs []*graph.Node) []*graph.Node     the same, seeing the Context (training, AddLoss)
//
// and builds its result from graph ops; it must not compute on numbers.
//
// The output shapes are inferred, as Keras infers them, by calling the
// function on placeholders of the input shapes (float32) in a scratch
// graph; WithOutputShape declares them instead, for a function that
// cannot be traced so (one that needs integer inputs). The function is
// called again each time the layer is called. A Lambda has no weights;
// its function, Go code, has no config form (Keras too saves a Lambda's
// function only as Python bytecode).
type Lambda struct {
	Base

	fn       func(c *Context, xs []*graph.Node) []*graph.Node
	arity    int // 1 for the single-input forms, 0 for any number
	declared func(in []Shape) ([]Shape, error)
	dtype    graph.DType
}

// NewLambda returns a Lambda layer applying function, one of the forms
// listed under Lambda. It takes WithOutputShape besides the common options.
func NewLambda(function any, opts ...Option) *Lambda {
	l := &Lambda{dtype: graph.Float32}
	k := l.Init(l, "Lambda", opts, "output_shape")
	var err error
	if l.fn, l.arity, err = lambdaFunc(function); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if k.Has("output_shape") {
		if l.declared, err = lambdaShape(k.Value("output_shape")); err != nil {
			l.Fail(l.Errorf("%v", err))
		}
	}
	return l
}

// WithOutputShape declares the output shapes of a Lambda layer (Keras's
// output_shape=) instead of inferring them. It takes
//
//	[]int                           the shape without the batch dimension, which is the first input's
//	func(Shape) Shape               the whole output shape from the input shape
//	func([]Shape) []Shape           the output shapes from the input shapes
//	func([]Shape) ([]Shape, error)  the same, able to refuse the inputs
func WithOutputShape(shape any) Option {
	if s, ok := shape.([]int); ok {
		shape = slices.Clone(s)
	}
	return Kwarg("output_shape", shape)
}

// lambdaFunc turns the forms Lambda takes into one, with the number of
// inputs it needs.
func lambdaFunc(f any) (func(*Context, []*graph.Node) []*graph.Node, int, error) {
	one := func(g func(*graph.Node) *graph.Node) func(*Context, []*graph.Node) []*graph.Node {
		return func(_ *Context, xs []*graph.Node) []*graph.Node { return []*graph.Node{g(xs[0])} }
	}
	switch f := f.(type) {
	case func(*graph.Node) *graph.Node:
		if f != nil {
			return one(f), 1, nil
		}
	case activations.Func:
		if f != nil {
			return one(f), 1, nil
		}
	case func([]*graph.Node) *graph.Node:
		if f != nil {
			return func(_ *Context, xs []*graph.Node) []*graph.Node { return []*graph.Node{f(xs)} }, 0, nil
		}
	case func([]*graph.Node) []*graph.Node:
		if f != nil {
			return func(_ *Context, xs []*graph.Node) []*graph.Node { return f(xs) }, 0, nil
		}
	case func(*Context, []*graph.Node) []*graph.Node:
		if f != nil {
			return f, 0, nil
		}
	}
	return nil, 0, fmt.Errorf("expected a function of graph nodes, received %T", f)
}

// lambdaShape turns the forms WithOutputShape takes into one.
func lambdaShape(v any) (func([]Shape) ([]Shape, error), error) {
	switch v := v.(type) {
	case []int:
		for _, d := range v {
			if d < 1 && d != -1 {
				return nil, fmt.Errorf("expected positive sizes or -1 in output_shape, received %v", v)
			}
		}
		return func(in []Shape) ([]Shape, error) {
			return []Shape{append(Shape{in[0][0]}, v...)}, nil
		}, nil
	case func(Shape) Shape:
		if v != nil {
			return func(in []Shape) ([]Shape, error) {
				if len(in) != 1 {
					return nil, fmt.Errorf("an output_shape function of one shape cannot take %d inputs", len(in))
				}
				return []Shape{v(slices.Clone(in[0]))}, nil
			}, nil
		}
	case func([]Shape) []Shape:
		if v != nil {
			return func(in []Shape) ([]Shape, error) { return v(cloneShapes(in)), nil }, nil
		}
	case func([]Shape) ([]Shape, error):
		if v != nil {
			return func(in []Shape) ([]Shape, error) { return v(cloneShapes(in)) }, nil
		}
	}
	return nil, fmt.Errorf("expected an output_shape of type []int or a function of shapes, received %T", v)
}

func cloneShapes(in []Shape) []Shape {
	out := make([]Shape, len(in))
	for i, s := range in {
		out[i] = slices.Clone(s)
	}
	return out
}

// ComputeOutputShape returns the declared output shapes, or those of the
// function traced on placeholders of the input shapes.
func (l *Lambda) ComputeOutputShape(in []Shape) ([]Shape, error) {
	if l.arity == 1 && len(in) != 1 {
		return nil, l.Errorf("expected 1 input, received %d", len(in))
	}
	if len(in) == 0 {
		return nil, l.Errorf("expected at least 1 input, received 0")
	}
	if l.declared != nil {
		out, err := l.declared(in)
		if err != nil {
			return nil, l.ShapeErrorf("output_shape: %v", err)
		}
		if len(out) == 0 {
			return nil, l.Errorf("output_shape gave no shape for inputs of shapes %s", shapesStr(in))
		}
		return out, nil
	}
	g := graph.New()
	xs := make([]*graph.Node, len(in))
	for i, s := range in {
		xs[i] = g.Input(fmt.Sprintf("x%d", i), graph.Float32, s...)
	}
	outs, err := l.trace(NewContext(g, false), xs)
	if err != nil {
		return nil, err
	}
	shapes := make([]Shape, len(outs))
	for i, o := range outs {
		shapes[i] = o.Shape()
	}
	l.dtype = outs[0].DType()
	return shapes, nil
}

// trace calls the function on xs and checks its outputs: there is at
// least one, each valid and of xs's graph. A panic of the function is
// returned as an error.
func (l *Lambda) trace(c *Context, xs []*graph.Node) (outs []*graph.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			outs, err = nil, l.Errorf("the function panicked on inputs of shapes %s: %v", nodeShapes(xs), r)
		}
	}()
	outs = l.fn(c, xs)
	if len(outs) == 0 {
		return nil, l.Errorf("the function returned no output")
	}
	g := c.Graph()
	if err := g.Err(); err != nil {
		return nil, l.ShapeErrorf("the function failed on inputs of shapes %s: %v", nodeShapes(xs), err)
	}
	for i, o := range outs {
		if o == nil || !o.Valid() {
			return nil, l.Errorf("the function's output %d is not a valid node", i)
		}
		if o.Graph() != g {
			return nil, l.Errorf("the function's output %d belongs to another graph than its inputs", i)
		}
	}
	return outs, nil
}

// nodeShapes formats the shapes of nodes as shapesStr does.
func nodeShapes(xs []*graph.Node) string { return shapesStr(nodeShapesOf(xs)) }

// OutputDType returns the dtype of the function's first output when
// traced on float32 inputs, or float32 if the shapes are declared.
func (l *Lambda) OutputDType() graph.DType { return l.dtype }

// Build does nothing: the layer has no weights.
func (l *Lambda) Build([]Shape) error { return nil }

// Call applies the function. Its outputs must agree with declared output
// shapes where both sizes are known.
func (l *Lambda) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	outs, err := l.trace(c, in)
	if err != nil || l.declared == nil {
		return outs, err
	}
	want, err := l.ComputeOutputShape(nodeShapesOf(in))
	if err != nil {
		return nil, err
	}
	if len(want) != len(outs) {
		return nil, l.Errorf("output_shape gives %d shapes, the function %d outputs", len(want), len(outs))
	}
	for i, o := range outs {
		if !shapesAgree(o.Shape(), want[i]) {
			return nil, l.ShapeErrorf("the function's output %d has shape %s, output_shape says %s", i, shapeStr(o.Shape()), shapeStr(want[i]))
		}
	}
	return outs, nil
}

// nodeShapesOf returns the static shapes of nodes.
func nodeShapesOf(xs []*graph.Node) []Shape {
	s := make([]Shape, len(xs))
	for i, x := range xs {
		s[i] = x.Shape()
	}
	return s
}

// shapesAgree reports whether a and b have one rank and equal sizes where
// both are known.
func shapesAgree(a, b Shape) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && a[i] != -1 && b[i] != -1 {
			return false
		}
	}
	return true
}
