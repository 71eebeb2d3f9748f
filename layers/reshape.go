package layers

import (
	"slices"

	"github.com/gokeras/gokeras/graph"
)

// Reshape gives its input a new shape, keeping the batch dimension:
// input shape (batch, …), output shape (batch, TargetShape…). One
// dimension of TargetShape may be -1, inferred from the others.
type Reshape struct {
	Base
	// TargetShape is the output shape without the batch dimension.
	TargetShape []int
}

// NewReshape returns a Reshape layer to targetShape (without the batch
// dimension).
func NewReshape(targetShape []int, opts ...Option) *Reshape {
	l := &Reshape{TargetShape: slices.Clone(targetShape)}
	l.Init(l, "Reshape", opts)
	unknown := 0
	for _, d := range targetShape {
		switch {
		case d == -1:
			unknown++
		case d < 1:
			l.Fail(l.Errorf("expected positive dimensions or -1 in the target shape, received %v", targetShape))
		}
	}
	if unknown > 1 {
		l.Fail(l.Errorf("expected at most one -1 in the target shape, received %v", targetShape))
	}
	return l
}

// ComputeOutputShape returns (batch, TargetShape…) with a -1 resolved.
func (l *Reshape) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) < 1 {
		return nil, l.ShapeErrorf("expected an input with a batch dimension, received shape %s", shapeStr(s))
	}
	size, known := 1, true
	for _, d := range s[1:] {
		if d < 0 {
			known = false
		}
		size *= d
	}
	out := append(Shape{s[0]}, l.TargetShape...)
	prod, at := 1, -1
	for i, d := range l.TargetShape {
		if d == -1 {
			at = i + 1
		} else {
			prod *= d
		}
	}
	if !known {
		return []Shape{out}, nil
	}
	switch {
	case at >= 0 && size%prod == 0:
		out[at] = size / prod
	case at < 0 && size == prod:
	default:
		return nil, l.ShapeErrorf("cannot reshape an input of shape %s (%d values per sample) to %s",
			shapeStr(s), size, shapeStr(append(Shape{-1}, l.TargetShape...)))
	}
	return []Shape{out}, nil
}

// Build does nothing: the layer has no weights.
func (l *Reshape) Build([]Shape) error { return nil }

// Call reshapes the input.
func (l *Reshape) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	s := append([]int{-1}, l.TargetShape...)
	if out, err := l.ComputeOutputShape([]Shape{in[0].Shape()}); err == nil {
		copy(s[1:], out[0][1:])
	}
	return []*graph.Node{graph.Reshape(in[0], s...)}, nil
}
