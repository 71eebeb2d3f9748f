package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Masking is Keras's Masking layer (keras.layers.Masking): it marks the
// timesteps of a sequence whose features all equal MaskValue (default
// 0.0) as padding, and sets them to 0 in its output:
//
//	keep[b, t] = any(x[b, t, :] ≠ mask_value)
//	f(x)[b, t, :] = x[b, t, :] if keep[b, t], else 0
//
// In Keras the layer also attaches keep to its output as a mask that later
// layers (recurrent layers, attention, losses) read. gokeras's layers do
// not pass masks between them, so the zeroing is what the layer does in a
// model; ComputeMask gives the mask itself as a node, which can be handed to
// a layer that takes one explicitly (Softmax's second input). Input shape
// (batch, …, features); output shape = input shape.
type Masking struct {
	Base
	// MaskValue is the value of every feature of a padded timestep.
	MaskValue float64
}

// NewMasking returns a Masking layer; WithMaskValue sets the padding value
// (default 0.0).
func NewMasking(opts ...Option) *Masking {
	l := &Masking{}
	k := l.Init(l, "Masking", opts, "mask_value")
	l.MaskValue = k.float("mask_value", 0)
	return l
}

// WithMaskValue sets the value that marks a padded timestep for Masking
// (Keras's mask_value=, default 0.0).
func WithMaskValue(v float64) Option { return Kwarg("mask_value", v) }

// ComputeOutputShape returns the input shape, which must have a feature
// axis after the batch dimension.
func (l *Masking) ComputeOutputShape(in []Shape) ([]Shape, error) {
	out, err := sameShape(&l.Base, in)
	if err != nil {
		return nil, err
	}
	if len(out[0]) < 2 {
		return nil, l.ShapeErrorf("expected an input of rank ≥ 2, received shape %s", shapeStr(out[0]))
	}
	return out, nil
}

// Build does nothing: the layer has no weights.
func (l *Masking) Build([]Shape) error { return nil }

// keep returns 1 where a timestep of x has a feature other than MaskValue
// and 0 elsewhere, in x's dtype, keeping the feature axis as size 1.
func (l *Masking) keep(x *graph.Node) *graph.Node {
	return graph.Max(graph.NotEqual(x, graph.ScalarLike(x, l.MaskValue)), []int{-1}, true)
}

// ComputeMask returns Keras's mask of x (shape x's without the feature
// axis, the last): 1 for a timestep with a feature other than MaskValue, 0
// for padding, in x's dtype.
func (l *Masking) ComputeMask(x *graph.Node) *graph.Node {
	return graph.Squeeze(l.keep(x), -1)
}

// Call zeroes the padded timesteps.
func (l *Masking) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	return []*graph.Node{graph.Where(l.keep(x), x, graph.ZerosLike(x))}, nil
}
