package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// RepeatVector is Keras's RepeatVector layer (keras.layers.RepeatVector):
// it repeats its input N times along a new axis, f(x)[b, i, :] = x[b, :]
// for i < N. Input shape (batch, features); output shape (batch, N,
// features).
type RepeatVector struct {
	Base
	// N is the number of repetitions, ≥ 1.
	N int
}

// NewRepeatVector returns a RepeatVector layer repeating its input n ≥ 1
// times.
func NewRepeatVector(n int, opts ...Option) *RepeatVector {
	l := &RepeatVector{N: n}
	l.Init(l, "RepeatVector", opts)
	if n < 1 {
		l.Fail(l.Errorf("expected a positive n, received n=%d", n))
	}
	return l
}

// ComputeOutputShape returns (batch, N, features).
func (l *RepeatVector) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) != 2 {
		return nil, l.ShapeErrorf("expected an input of rank 2, (batch, features), received shape %s", shapeStr(s))
	}
	return []Shape{{s[0], l.N, s[1]}}, nil
}

// Build does nothing: the layer has no weights.
func (l *RepeatVector) Build([]Shape) error { return nil }

// Call broadcasts the input along a new axis 1.
func (l *RepeatVector) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.BroadcastTo(graph.ExpandDims(in[0], 1), -1, l.N, -1)}, nil
}
