package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// ReLU is Keras's rectified linear unit layer (keras.layers.ReLU), with a
// ceiling, a slope below the threshold and a threshold:
//
//	f(x) = min(x, max_value)                if x > threshold
//	f(x) = negative_slope · (x − threshold)  if x ≤ threshold
//
// Defaults as in Keras: no ceiling (MaxValue nil), negative_slope 0 and
// threshold 0, which is plain max(x, 0). As Keras computes it, the kept
// part is x·[x > threshold] clipped to [0, max_value], and
// negative_slope·max(threshold − x, 0) is subtracted from it; x equal to
// the threshold gives 0. Output shape = input shape.
type ReLU struct {
	Base
	// MaxValue is the ceiling of the output; nil for none (Keras's None).
	MaxValue *float64
	// NegativeSlope is the slope below the threshold.
	NegativeSlope float64
	// Threshold is the value below which the slope applies.
	Threshold float64
}

// NewReLU returns a ReLU layer. It takes the options WithMaxValue,
// WithNegativeSlope and WithThreshold besides the common ones; each must be
// a finite number ≥ 0.
func NewReLU(opts ...Option) *ReLU {
	l := &ReLU{}
	k := l.Init(l, "ReLU", opts, "max_value", "negative_slope", "threshold")
	if k.Has("max_value") {
		v := k.float("max_value", 0)
		l.MaxValue = &v
		if !nonNegative(v) {
			l.Fail(l.Errorf("max_value cannot be negative, received max_value=%v", v))
		}
	}
	l.NegativeSlope = k.float("negative_slope", 0)
	if !nonNegative(l.NegativeSlope) {
		l.Fail(l.Errorf("negative_slope cannot be negative, received negative_slope=%v", l.NegativeSlope))
	}
	l.Threshold = k.float("threshold", 0)
	if !nonNegative(l.Threshold) {
		l.Fail(l.Errorf("threshold cannot be negative, received threshold=%v", l.Threshold))
	}
	return l
}

// WithMaxValue sets the ceiling of a ReLU's output (Keras's max_value=,
// default None: no ceiling).
func WithMaxValue(v float64) Option { return Kwarg("max_value", v) }

// WithNegativeSlope sets the slope of ReLU or LeakyReLU below the
// threshold (Keras's negative_slope=; the defaults are 0 for ReLU and 0.3
// for LeakyReLU).
func WithNegativeSlope(v float64) Option { return Kwarg("negative_slope", v) }

// WithThreshold sets the value below which a ReLU is thresholded (Keras's
// threshold=, default 0).
func WithThreshold(v float64) Option { return Kwarg("threshold", v) }

// ComputeOutputShape returns the input shape.
func (l *ReLU) ComputeOutputShape(in []Shape) ([]Shape, error) { return sameShape(&l.Base, in) }

// Build does nothing: the layer has no weights.
func (l *ReLU) Build([]Shape) error { return nil }

// Call applies the rectifier.
func (l *ReLU) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	slope, thr := l.NegativeSlope, l.Threshold
	if slope != 0 && l.MaxValue == nil && thr == 0 {
		return []*graph.Node{graph.LeakyRelu(x, slope)}, nil
	}
	var y *graph.Node
	if thr != 0 {
		y = graph.Mul(x, graph.Greater(x, graph.ScalarLike(x, thr)))
	} else {
		y = graph.Relu(x)
	}
	if l.MaxValue != nil {
		y = graph.Clip(y, 0, *l.MaxValue)
	}
	if slope != 0 {
		below := graph.Relu(graph.Sub(graph.ScalarLike(x, thr), x))
		y = graph.Sub(y, graph.Mul(graph.ScalarLike(x, slope), below))
	}
	return []*graph.Node{y}, nil
}
