package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Flatten flattens every dimension but the batch dimension: input shape
// (batch, d1, d2, …), output shape (batch, d1·d2·…). A rank-1 input
// becomes (batch, 1). Only the channels_last data format is supported
// (with channels_first Keras transposes the channels to the end first).
type Flatten struct{ Base }

// NewFlatten returns a Flatten layer; it takes WithDataFormat besides the
// common options.
func NewFlatten(opts ...Option) *Flatten {
	l := &Flatten{}
	k := l.Init(l, "Flatten", opts, "data_format")
	if k.Has("data_format") && k.DataFormat != "channels_last" {
		l.Fail(l.Errorf("only data_format \"channels_last\" is supported, received %q", k.DataFormat))
	}
	return l
}

// ComputeOutputShape returns (batch, product of the other dimensions).
func (l *Flatten) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) < 1 {
		return nil, l.ShapeErrorf("expected an input with a batch dimension, received shape %s", shapeStr(s))
	}
	n := 1
	for _, d := range s[1:] {
		if d < 0 {
			n = -1
			break
		}
		n *= d
	}
	return []Shape{{s[0], n}}, nil
}

// Build does nothing: the layer has no weights.
func (l *Flatten) Build([]Shape) error { return nil }

// Call reshapes the input.
func (l *Flatten) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	if x.Rank() == 1 {
		return []*graph.Node{graph.ExpandDims(x, 1)}, nil
	}
	return []*graph.Node{graph.Flatten(x)}, nil
}
