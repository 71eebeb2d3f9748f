package metrics

import "github.com/gokeras/gokeras/graph"

// RootMeanSquaredError is Keras's RootMeanSquaredError: the square root of
// the weighted mean of (p − y)² over every value of every batch since the
// last reset (a per-sample weight counts for each value of its sample).
type RootMeanSquaredError struct{ Mean }

// NewRootMeanSquaredError returns the metric named
// "root_mean_squared_error".
func NewRootMeanSquaredError() *RootMeanSquaredError {
	return &RootMeanSquaredError{Mean{name: "root_mean_squared_error"}}
}

func init() {
	register("root_mean_squared_error", func() Metric { return NewRootMeanSquaredError() })
	register("rmse", func() Metric { return NewRootMeanSquaredError() })
}

// Update folds the batch's squared errors in and returns the root of
// their mean.
func (m *RootMeanSquaredError) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	p := castF32(yPred)
	ups, res := m.UpdateWeighted(graph.Square(graph.Sub(p, castF32(yTrue))), sw)
	return ups, graph.Sqrt(res)
}
