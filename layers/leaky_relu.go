package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// LeakyReLU is Keras's leaky rectified linear unit layer
// (keras.layers.LeakyReLU):
//
//	f(x) = x                   if x > 0
//	f(x) = negative_slope · x  otherwise
//
// NegativeSlope defaults to 0.3, Keras's default for the layer (the
// leaky_relu activation's is 0.2). Output shape = input shape.
type LeakyReLU struct {
	Base
	// NegativeSlope is the slope for x ≤ 0, a finite number ≥ 0.
	NegativeSlope float64
}

// NewLeakyReLU returns a LeakyReLU layer; WithNegativeSlope sets the slope
// (default 0.3).
func NewLeakyReLU(opts ...Option) *LeakyReLU {
	l := &LeakyReLU{}
	k := l.Init(l, "LeakyReLU", opts, "negative_slope")
	l.NegativeSlope = k.float("negative_slope", 0.3)
	if !nonNegative(l.NegativeSlope) {
		l.Fail(l.Errorf("negative_slope cannot be negative, received negative_slope=%v", l.NegativeSlope))
	}
	return l
}

// ComputeOutputShape returns the input shape.
func (l *LeakyReLU) ComputeOutputShape(in []Shape) ([]Shape, error) { return sameShape(&l.Base, in) }

// Build does nothing: the layer has no weights.
func (l *LeakyReLU) Build([]Shape) error { return nil }

// Call applies the leaky rectifier.
func (l *LeakyReLU) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{graph.LeakyRelu(in[0], l.NegativeSlope)}, nil
}
