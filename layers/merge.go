package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Merge is the base of the element-wise merge layers (Add, Subtract,
// Multiply, Average, Maximum, Minimum): it takes a list of inputs whose
// shapes agree or broadcast (a dimension of 1 stretches), and folds them
// with an element-wise operation. Output shape: the broadcast shape.
type Merge struct {
	Base
	minIn, maxIn int // bounds on the number of inputs; 0 for none
	fold         func(xs []*graph.Node) *graph.Node
}

// initMerge sets up a merge layer of class taking between minIn and maxIn
// inputs (maxIn 0: no limit).
func (m *Merge) initMerge(self Layer, class string, opts []Option, minIn, maxIn int, fold func([]*graph.Node) *graph.Node) {
	m.Init(self, class, opts)
	m.minIn, m.maxIn, m.fold = minIn, maxIn, fold
}

// ComputeOutputShape checks the inputs' count and shapes and returns their
// broadcast shape.
func (m *Merge) ComputeOutputShape(in []Shape) ([]Shape, error) {
	if len(in) < m.minIn || (m.maxIn > 0 && len(in) > m.maxIn) {
		if m.minIn == m.maxIn {
			return nil, m.Errorf("expected %d inputs, received %d", m.minIn, len(in))
		}
		return nil, m.Errorf("expected at least %d inputs, received %d", m.minIn, len(in))
	}
	out := append(Shape(nil), in[0]...)
	for _, s := range in[1:] {
		if len(s) != len(out) {
			return nil, m.ShapeErrorf("expected inputs of one rank, received shapes %s", shapesStr(in))
		}
		for i, d := range s {
			switch {
			case d == out[i] || d == 1:
			case out[i] == 1:
				out[i] = d
			case d == -1 || out[i] == -1:
				out[i] = max(d, out[i])
			default:
				return nil, m.ShapeErrorf("inputs of shapes %s do not broadcast together", shapesStr(in))
			}
		}
	}
	return []Shape{out}, nil
}

// Build does nothing: merge layers have no weights.
func (m *Merge) Build([]Shape) error { return nil }

// Call folds the inputs.
func (m *Merge) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{m.fold(in)}, nil
}

// foldWith folds xs left to right with op.
func foldWith(op func(a, b *graph.Node) *graph.Node) func([]*graph.Node) *graph.Node {
	return func(xs []*graph.Node) *graph.Node {
		y := xs[0]
		for _, x := range xs[1:] {
			y = op(y, x)
		}
		return y
	}
}

// shapesStr formats a list of shapes: [(None, 3), (None, 4)].
func shapesStr(in []Shape) string {
	s := "["
	for i, x := range in {
		if i > 0 {
			s += ", "
		}
		s += shapeStr(x)
	}
	return s + "]"
}
