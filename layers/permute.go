package layers

import (
	"slices"

	"github.com/gokeras/gokeras/graph"
)

// Permute is Keras's Permute layer (keras.layers.Permute): it reorders the
// axes of its input after the batch dimension. Dims is a permutation of
// 1, …, n, the axes numbered from 1 (the batch dimension is 0), and the
// output's axis i is the input's axis Dims[i−1]: Permute([2, 1]) turns an
// input (batch, a, b) into (batch, b, a). Input rank n+1; output shape
// (batch, input[Dims[0]], …, input[Dims[n−1]]).
type Permute struct {
	Base
	// Dims is the permutation of the non-batch axes, numbered from 1.
	Dims []int
}

// NewPermute returns a Permute layer reordering the non-batch axes as dims,
// a permutation of 1, …, len(dims).
func NewPermute(dims []int, opts ...Option) *Permute {
	l := &Permute{Dims: slices.Clone(dims)}
	l.Init(l, "Permute", opts)
	sorted := slices.Sorted(slices.Values(dims))
	for i, d := range sorted {
		if d != i+1 {
			l.Fail(l.Errorf("expected dims to be a permutation of 1, …, %d (the batch axis 0 stays in place), received dims=%v", len(dims), dims))
			break
		}
	}
	if len(dims) == 0 {
		l.Fail(l.Errorf("expected at least one axis in dims, received dims=[]"))
	}
	return l
}

// ComputeOutputShape returns the input's dimensions in the order of Dims.
func (l *Permute) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) != len(l.Dims)+1 {
		return nil, l.ShapeErrorf("expected an input of rank %d, received shape %s", len(l.Dims)+1, shapeStr(s))
	}
	out := Shape{s[0]}
	for _, d := range l.Dims {
		out = append(out, s[d])
	}
	return []Shape{out}, nil
}

// Build does nothing: the layer has no weights.
func (l *Permute) Build([]Shape) error { return nil }

// Call transposes the input, keeping the batch axis first.
func (l *Permute) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Transpose(in[0], append([]int{0}, l.Dims...)...)}, nil
}
