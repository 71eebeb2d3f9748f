package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Identity is Keras's Identity layer (keras.layers.Identity), a placeholder
// that returns its input unchanged: f(x) = x. Output shape = input shape.
type Identity struct{ Base }

// NewIdentity returns an Identity layer.
func NewIdentity(opts ...Option) *Identity {
	l := &Identity{}
	l.Init(l, "Identity", opts)
	return l
}

// ComputeOutputShape returns the input shape.
func (l *Identity) ComputeOutputShape(in []Shape) ([]Shape, error) { return sameShape(&l.Base, in) }

// Build does nothing: the layer has no weights.
func (l *Identity) Build([]Shape) error { return nil }

// Call returns the input.
func (l *Identity) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return in, nil
}
