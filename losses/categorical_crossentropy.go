package losses

import "github.com/gokeras/gokeras/graph"

// CategoricalCrossentropy is Keras's categorical cross-entropy over the
// last axis, −Σ y·log p, for one-hot (or soft) labels y. Without
// FromLogits the predictions are first divided by their sum and clipped to
// [ε, 1−ε]; with it they are logits and log p = log_softmax(logits).
// LabelSmoothing replaces y by y·(1−s) + s/classes.
type CategoricalCrossentropy struct {
	FromLogits     bool
	LabelSmoothing float64
}

// NewCategoricalCrossentropy returns the loss with Keras's defaults.
func NewCategoricalCrossentropy() *CategoricalCrossentropy { return &CategoricalCrossentropy{} }

// Name returns "categorical_crossentropy".
func (*CategoricalCrossentropy) Name() string { return "categorical_crossentropy" }

// Call returns the loss of each sample.
func (l *CategoricalCrossentropy) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := yTrue
	if s := l.LabelSmoothing; s != 0 {
		classes := float64(yPred.Dim(-1))
		y = graph.Add(graph.Mul(y, scalar(y, 1-s)), scalar(y, s/classes))
	}
	return graph.CategoricalCrossentropy(y, yPred, l.FromLogits, -1)
}
