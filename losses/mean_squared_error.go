package losses

import "github.com/gokeras/gokeras/graph"

// MeanSquaredError is Keras's mean_squared_error: mean((y − p)²) over the
// last axis.
type MeanSquaredError struct{}

// Name returns "mean_squared_error".
func (MeanSquaredError) Name() string { return "mean_squared_error" }

// Call returns the loss of each sample.
func (MeanSquaredError) Call(yTrue, yPred *graph.Node) *graph.Node {
	return meanLast(graph.Square(graph.Sub(yPred, yTrue)))
}
