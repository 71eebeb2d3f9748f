package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Dot takes the dot product of two inputs along an axis of each (Keras's
// Dot, a batched dot product): for inputs of shape (batch, d) along axis 1
// the output is (batch, 1); for (batch, n, d) and (batch, m, d) along axes
// 2 and 2 it is (batch, n, m). With Normalize the inputs are first
// L2-normalized along those axes, giving cosine similarities. Inputs of
// rank 2 and 3 are supported.
type Dot struct {
	Base
	// Axes are the axes of the first and second input to reduce.
	Axes      [2]int
	Normalize bool
}

// NewDot returns a Dot layer reducing axis axes[0] of the first input with
// axis axes[1] of the second (one value: the same axis of both); it takes
// WithNormalize.
func NewDot(axes []int, opts ...Option) *Dot {
	l := &Dot{}
	k := l.Init(l, "Dot", opts, "normalize")
	l.Normalize = k.Normalize
	switch len(axes) {
	case 1:
		l.Axes = [2]int{axes[0], axes[0]}
	case 2:
		l.Axes = [2]int{axes[0], axes[1]}
	default:
		l.Fail(l.Errorf("expected one or two axes, received %v", axes))
	}
	return l
}

// axes returns the non-negative axes for inputs of rank r.
func (l *Dot) axes(r int) (int, int) {
	a, b := l.Axes[0], l.Axes[1]
	if a < 0 {
		a += r
	}
	if b < 0 {
		b += r
	}
	return a, b
}

// ComputeOutputShape checks the inputs and returns the batched product's
// shape.
func (l *Dot) ComputeOutputShape(in []Shape) ([]Shape, error) {
	if len(in) != 2 {
		return nil, l.Errorf("expected 2 inputs, received %d", len(in))
	}
	x, y := in[0], in[1]
	if len(x) != len(y) || len(x) < 2 || len(x) > 3 {
		return nil, l.ShapeErrorf("expected two inputs of rank 2 or 3, received shapes %s", shapesStr(in))
	}
	a, b := l.axes(len(x))
	if a < 1 || a >= len(x) || b < 1 || b >= len(y) {
		return nil, l.ShapeErrorf("axes %v out of range for inputs of shapes %s", l.Axes, shapesStr(in))
	}
	if x[a] != y[b] && x[a] != -1 && y[b] != -1 {
		return nil, l.ShapeErrorf("dimension incompatibility: %d (axis %d of %s) != %d (axis %d of %s)", x[a], a, shapeStr(x), y[b], b, shapeStr(y))
	}
	if len(x) == 2 {
		return []Shape{{x[0], 1}}, nil
	}
	return []Shape{{x[0], x[3-a], y[3-b]}}, nil
}

// Build does nothing: the layer has no weights.
func (l *Dot) Build([]Shape) error { return nil }

// Call computes the batched dot product.
func (l *Dot) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, y := in[0], in[1]
	a, b := l.axes(x.Rank())
	if l.Normalize {
		x, y = l2Normalize(x, a), l2Normalize(y, b)
	}
	if x.Rank() == 2 {
		return []*graph.Node{graph.Sum(graph.Mul(x, y), []int{1}, true)}, nil
	}
	if a == 1 {
		x = graph.Transpose(x, 0, 2, 1) // reduced axis last
	}
	if b == 2 {
		y = graph.Transpose(y, 0, 2, 1) // reduced axis first
	}
	return []*graph.Node{graph.MatMul(x, y)}, nil
}

// l2Normalize divides x by its L2 norm along axis, as Keras's
// normalize(x, axis): x / √max(Σx², 1e-12).
func l2Normalize(x *graph.Node, axis int) *graph.Node {
	ss := graph.Sum(graph.Square(x), []int{axis}, true)
	return graph.Div(x, graph.Sqrt(graph.Maximum(ss, graph.ScalarLike(ss, 1e-12))))
}
