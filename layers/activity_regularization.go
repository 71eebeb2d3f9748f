package layers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/regularizers"
)

// ActivityRegularization is Keras's ActivityRegularization layer
// (keras.layers.ActivityRegularization): it passes its input through,
// f(x) = x, and adds a penalty on it to the model's loss, in training and
// in evaluation alike, as Keras 3 does:
//
//	penalty = (l1·Σ|x| + l2·Σx²) / batch size
//
// the sums running over the whole batch; dividing by the batch size, as
// Keras 3 does for every activity regularizer, makes the strength
// independent of it. Defaults as in Keras: l1 = 0, l2 = 0. Output shape =
// input shape.
type ActivityRegularization struct {
	Base
	// L1 and L2 are the factors of the penalty, finite and ≥ 0.
	L1, L2 float64
}

// NewActivityRegularization returns an ActivityRegularization layer. It
// takes WithL1 and WithL2 besides the common options.
func NewActivityRegularization(opts ...Option) *ActivityRegularization {
	l := &ActivityRegularization{}
	k := l.Init(l, "ActivityRegularization", opts, "l1", "l2")
	l.L1, l.L2 = k.float("l1", 0), k.float("l2", 0)
	if !nonNegative(l.L1) || !nonNegative(l.L2) {
		l.Fail(l.Errorf("expected finite factors ≥ 0, received l1=%v, l2=%v", l.L1, l.L2))
	}
	return l
}

// WithL1 sets the L1 factor of ActivityRegularization (Keras's l1=,
// default 0).
func WithL1(v float64) Option { return Kwarg("l1", v) }

// WithL2 sets the L2 factor of ActivityRegularization (Keras's l2=,
// default 0).
func WithL2(v float64) Option { return Kwarg("l2", v) }

// ComputeOutputShape returns the input shape.
func (l *ActivityRegularization) ComputeOutputShape(in []Shape) ([]Shape, error) {
	return sameShape(&l.Base, in)
}

// Build does nothing: the layer has no weights.
func (l *ActivityRegularization) Build([]Shape) error { return nil }

// Call adds the penalty of the input to the context's losses and returns
// the input.
func (l *ActivityRegularization) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	if l.L1 != 0 || l.L2 != 0 {
		c.AddLoss(perSample(regularizers.L1L2(l.L1, l.L2).Penalty(in[0]), in[0]))
	}
	return in, nil
}

// perSample divides the penalty p of the batch x by its batch size (by 1
// for an empty batch, whose penalty is 0), as Keras 3 scales activity
// regularizers.
func perSample(p, x *graph.Node) *graph.Node {
	rows := x
	for i := 1; i < x.Rank(); i++ {
		rows = graph.Slice(rows, i, 0, 1)
	}
	n := graph.Sum(graph.OnesLike(rows), nil, false)
	return graph.Div(p, graph.Maximum(n, graph.ScalarLike(n, 1)))
}
