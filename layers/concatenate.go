package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Concatenate joins its inputs along Axis (−1, the last, by default); they
// must agree on every other dimension. Output shape: the inputs' shape with
// the sizes along Axis added.
type Concatenate struct {
	Base
	Axis int
}

// NewConcatenate returns a Concatenate layer; WithAxis sets the axis.
func NewConcatenate(opts ...Option) *Concatenate {
	l := &Concatenate{Axis: -1}
	k := l.Init(l, "Concatenate", opts, "axis")
	if k.Has("axis") {
		l.Axis = k.Axis
	}
	return l
}

// ComputeOutputShape checks the shapes and adds up the sizes along Axis.
func (l *Concatenate) ComputeOutputShape(in []Shape) ([]Shape, error) {
	if len(in) < 1 {
		return nil, l.Errorf("expected at least 1 input, received 0")
	}
	r := len(in[0])
	a := l.Axis
	if a < 0 {
		a += r
	}
	if a < 1 || a >= r {
		return nil, l.ShapeErrorf("axis %d is out of range for inputs of shapes %s (the batch axis cannot be joined)", l.Axis, shapesStr(in))
	}
	out := append(Shape(nil), in[0]...)
	for _, s := range in[1:] {
		if len(s) != r {
			return nil, l.ShapeErrorf("expected inputs of one rank, received shapes %s", shapesStr(in))
		}
		for i, d := range s {
			switch {
			case i == a:
				if out[a] < 0 || d < 0 {
					out[a] = -1
				} else {
					out[a] += d
				}
			case d != out[i] && d != -1 && out[i] != -1:
				return nil, l.ShapeErrorf("inputs of shapes %s differ off the concatenation axis %d", shapesStr(in), l.Axis)
			}
		}
	}
	return []Shape{out}, nil
}

// Build does nothing: the layer has no weights.
func (l *Concatenate) Build([]Shape) error { return nil }

// Call joins the inputs.
func (l *Concatenate) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Concat(in, l.Axis)}, nil
}
