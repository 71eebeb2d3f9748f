package losses

import "github.com/gokeras/gokeras/graph"

// MeanAbsoluteError is Keras's mean_absolute_error: mean(|y − p|) over the
// last axis.
type MeanAbsoluteError struct{}

// Name returns "mean_absolute_error".
func (MeanAbsoluteError) Name() string { return "mean_absolute_error" }

// Call returns the loss of each sample.
func (MeanAbsoluteError) Call(yTrue, yPred *graph.Node) *graph.Node {
	return meanLast(graph.Abs(graph.Sub(yPred, yTrue)))
}
