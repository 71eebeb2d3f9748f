package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// ELU is Keras's exponential linear unit layer (keras.layers.ELU):
//
//	f(x) = x                  if x > 0
//	f(x) = alpha · (eˣ − 1)   otherwise
//
// Alpha defaults to 1.0, as in Keras. Output shape = input shape.
type ELU struct {
	Base
	// Alpha scales the negative part.
	Alpha float64
}

// NewELU returns an ELU layer; WithAlpha sets alpha (default 1.0).
func NewELU(opts ...Option) *ELU {
	l := &ELU{}
	k := l.Init(l, "ELU", opts, "alpha")
	l.Alpha = k.float("alpha", 1)
	return l
}

// WithAlpha sets the alpha of an ELU layer, the scale of its negative part
// (Keras's alpha=, default 1.0).
func WithAlpha(v float64) Option { return Kwarg("alpha", v) }

// ComputeOutputShape returns the input shape.
func (l *ELU) ComputeOutputShape(in []Shape) ([]Shape, error) { return sameShape(&l.Base, in) }

// Build does nothing: the layer has no weights.
func (l *ELU) Build([]Shape) error { return nil }

// Call applies the exponential linear unit.
func (l *ELU) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.Elu(in[0], l.Alpha)}, nil
}
