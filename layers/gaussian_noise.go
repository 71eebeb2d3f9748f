package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// GaussianNoise is Keras's GaussianNoise layer
// (keras.layers.GaussianNoise): while training it adds zero-centred
// Gaussian noise,
//
//	f(x) = x + ε,  ε ~ N(0, stddev²), drawn anew for every element and call,
//
// and in inference it passes its input through. Keras accepts a stddev in
// [0, 1] only, and so does the layer. The noise comes from the random
// streams of the graph the model compiles in, seeded from the model's seed
// (see SetRandomSeed), as Dropout's masks. Output shape = input shape.
type GaussianNoise struct {
	Base
	// Stddev is the standard deviation of the noise.
	Stddev float64
}

// NewGaussianNoise returns a GaussianNoise layer adding noise of standard
// deviation stddev, in [0, 1], in training.
func NewGaussianNoise(stddev float64, opts ...Option) *GaussianNoise {
	l := &GaussianNoise{Stddev: stddev}
	l.Init(l, "GaussianNoise", opts)
	if !(stddev >= 0 && stddev <= 1) {
		l.Fail(l.Errorf("expected a stddev between 0 and 1, received stddev=%v", stddev))
	}
	return l
}

// ComputeOutputShape returns the input shape.
func (l *GaussianNoise) ComputeOutputShape(in []Shape) ([]Shape, error) {
	return sameShape(&l.Base, in)
}

// Build does nothing: the layer has no weights.
func (l *GaussianNoise) Build([]Shape) error { return nil }

// Call adds noise in training and passes the input through in inference.
func (l *GaussianNoise) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	if !c.Training || l.Stddev == 0 {
		return in, nil
	}
	return []*graph.Node{graph.Add(x, graph.RandomNormal(x, 0, l.Stddev))}, nil
}
