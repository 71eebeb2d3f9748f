package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Dropout sets each input value to 0 with probability Rate while training,
// scaling the others by 1/(1−Rate) so the expected sum is unchanged; in
// inference it passes its input through. NoiseShape, if set, is the shape
// of the mask, which broadcasts against the input: −1 takes the input's
// size, 1 shares one draw along an axis ((−1, 1, −1) drops a feature at
// every timestep of a sequence alike). The masks come from the random
// streams of the graph the model compiles in, seeded from the model's
// seed, so a run is reproducible. Output shape = input shape.
type Dropout struct {
	Base
	// Rate is the fraction of the inputs to drop, in [0, 1).
	Rate float64
	// NoiseShape is the shape of the mask, batch dimension first; nil for
	// the input's shape.
	NoiseShape []int
}

// NewDropout returns a Dropout layer dropping the fraction rate of its
// inputs in training. It takes WithNoiseShape besides the common options.
func NewDropout(rate float64, opts ...Option) *Dropout {
	l := &Dropout{Rate: rate}
	k := l.Init(l, "Dropout", opts, "noise_shape")
	if !(rate >= 0 && rate < 1) {
		l.Fail(l.Errorf("expected a rate in [0, 1), received %v", rate))
	}
	l.NoiseShape = noiseShapeArg(&l.Base, k)
	return l
}

// ComputeOutputShape checks the noise shape against the input's and returns
// the input shape.
func (l *Dropout) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if err := checkNoiseShape(&l.Base, l.NoiseShape, s); err != nil {
		return nil, err
	}
	return []Shape{s}, nil
}

// Build does nothing: the layer has no weights.
func (l *Dropout) Build([]Shape) error { return nil }

// Call drops inputs in training and passes them through in inference.
func (l *Dropout) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	if !c.Training || l.Rate == 0 {
		return in, nil
	}
	if l.NoiseShape == nil {
		return []*graph.Node{graph.Dropout(in[0], l.Rate)}, nil
	}
	return []*graph.Node{graph.Mul(in[0], graph.DropoutMask(noiseLike(in[0], l.NoiseShape), l.Rate))}, nil
}
