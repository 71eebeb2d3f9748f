package layers

import (
	"math"

	"github.com/gokeras/gokeras/graph"
)

// GaussianDropout is Keras's GaussianDropout layer
// (keras.layers.GaussianDropout): while training it multiplies its input by
// 1-centred Gaussian noise,
//
//	f(x) = x · ε,  ε ~ N(1, rate/(1 − rate)), drawn anew for every element and call,
//
// whose standard deviation sqrt(rate/(1 − rate)) is that of Dropout's
// scaled mask at the same rate; in inference it passes its input through.
// Rate must be in [0, 1): Keras also accepts 1, where the noise's standard
// deviation is infinite and every output not a number, and the layer
// rejects it. The noise comes from the random streams of the graph the
// model compiles in, seeded from the model's seed (see SetRandomSeed).
// Output shape = input shape.
type GaussianDropout struct {
	Base
	// Rate sets the noise's variance, rate/(1 − rate).
	Rate float64
}

// NewGaussianDropout returns a GaussianDropout layer of the given rate, in
// [0, 1).
func NewGaussianDropout(rate float64, opts ...Option) *GaussianDropout {
	l := &GaussianDropout{Rate: rate}
	l.Init(l, "GaussianDropout", opts)
	if !(rate >= 0 && rate < 1) {
		l.Fail(l.Errorf("expected a rate in [0, 1), received rate=%v", rate))
	}
	return l
}

// ComputeOutputShape returns the input shape.
func (l *GaussianDropout) ComputeOutputShape(in []Shape) ([]Shape, error) {
	return sameShape(&l.Base, in)
}

// Build does nothing: the layer has no weights.
func (l *GaussianDropout) Build([]Shape) error { return nil }

// Call multiplies by the noise in training and passes the input through in
// inference.
func (l *GaussianDropout) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	if !c.Training || l.Rate == 0 {
		return in, nil
	}
	stddev := math.Sqrt(l.Rate / (1 - l.Rate))
	return []*graph.Node{graph.Mul(x, graph.RandomNormal(x, 1, stddev))}, nil
}
