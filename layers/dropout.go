package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Dropout sets each input value to 0 with probability Rate while training,
// scaling the others by 1/(1−Rate) so the expected sum is unchanged; in
// inference it passes its input through. The masks come from the random
// streams of the graph the model compiles in, seeded from the model's
// seed, so a run is reproducible. Output shape = input shape.
type Dropout struct {
	Base
	// Rate is the fraction of the inputs to drop, in [0, 1).
	Rate float64
}

// NewDropout returns a Dropout layer dropping the fraction rate of its
// inputs in training.
func NewDropout(rate float64, opts ...Option) *Dropout {
	l := &Dropout{Rate: rate}
	l.Init(l, "Dropout", opts)
	if !(rate >= 0 && rate < 1) {
		l.Fail(l.Errorf("expected a rate in [0, 1), received %v", rate))
	}
	return l
}

// ComputeOutputShape returns the input shape.
func (l *Dropout) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
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
	return []*graph.Node{graph.Dropout(in[0], l.Rate)}, nil
}
