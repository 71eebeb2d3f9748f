package losses

import "github.com/gokeras/gokeras/graph"

// BinaryCrossentropy is Keras's binary cross-entropy,
// −mean(y·log p + (1−y)·log(1−p)) over the last axis, with p clipped to
// [ε, 1−ε]; with FromLogits the predictions are logits and p =
// sigmoid(logits) is taken stably. LabelSmoothing replaces y by
// y·(1−s) + s/2.
type BinaryCrossentropy struct {
	FromLogits     bool
	LabelSmoothing float64
}

// NewBinaryCrossentropy returns the loss with Keras's defaults
// (probabilities, no smoothing).
func NewBinaryCrossentropy() *BinaryCrossentropy { return &BinaryCrossentropy{} }

// Name returns "binary_crossentropy".
func (*BinaryCrossentropy) Name() string { return "binary_crossentropy" }

// Call returns the loss of each sample.
func (l *BinaryCrossentropy) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := smoothBinary(yTrue, l.LabelSmoothing)
	return meanLast(graph.BinaryCrossentropy(y, yPred, l.FromLogits))
}

// smoothBinary applies binary label smoothing: y·(1−s) + s/2.
func smoothBinary(y *graph.Node, s float64) *graph.Node {
	if s == 0 {
		return y
	}
	return graph.Add(graph.Mul(y, scalar(y, 1-s)), scalar(y, s/2))
}
