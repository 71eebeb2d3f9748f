package losses

import "github.com/gokeras/gokeras/graph"

// SparseCategoricalCrossentropy is the categorical cross-entropy for
// integer class labels: −log p[label], with the predictions treated as in
// CategoricalCrossentropy (probabilities renormalized and clipped, or
// logits with FromLogits). Labels have the shape of the predictions
// without the last axis; a trailing axis of size 1 is accepted too.
type SparseCategoricalCrossentropy struct {
	FromLogits bool
}

// NewSparseCategoricalCrossentropy returns the loss with Keras's defaults.
func NewSparseCategoricalCrossentropy() *SparseCategoricalCrossentropy {
	return &SparseCategoricalCrossentropy{}
}

// Name returns "sparse_categorical_crossentropy".
func (*SparseCategoricalCrossentropy) Name() string { return "sparse_categorical_crossentropy" }

// SparseLabels reports true: the labels are class indices.
func (*SparseCategoricalCrossentropy) SparseLabels() bool { return true }

// Call returns the loss of each sample.
func (l *SparseCategoricalCrossentropy) Call(yTrue, yPred *graph.Node) *graph.Node {
	labels := yTrue
	if dt := labels.DType(); dt != graph.Int32 && dt != graph.Int64 {
		labels = graph.Cast(labels, graph.Int32)
	}
	return graph.SparseCategoricalCrossentropy(labels, yPred, l.FromLogits)
}

// SqueezeLabels drops a trailing axis of size 1 from sparse labels that
// have the rank of the predictions.
func SqueezeLabels(labels, yPred *graph.Node) *graph.Node {
	if labels.Rank() == yPred.Rank() && labels.Dim(-1) == 1 {
		return graph.Squeeze(labels, -1)
	}
	return labels
}
