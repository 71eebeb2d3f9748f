package losses

import "github.com/gokeras/gokeras/graph"

// MeanAbsolutePercentageError is Keras's MeanAbsolutePercentageError:
// 100 · mean(|y − p| / max(|y|, ε)) over the last axis, ε = 1e-7.
type MeanAbsolutePercentageError struct{}

func init() {
	f := func() Loss { return MeanAbsolutePercentageError{} }
	register("mean_absolute_percentage_error", f)
	register("mape", f)
}

// Name returns "mean_absolute_percentage_error".
func (MeanAbsolutePercentageError) Name() string { return "mean_absolute_percentage_error" }

// Call returns the loss of each sample.
func (MeanAbsolutePercentageError) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := castLike(yTrue, yPred)
	d := graph.Div(graph.Abs(graph.Sub(y, yPred)), graph.Maximum(graph.Abs(y), scalar(y, Epsilon)))
	return graph.Mul(scalar(d, 100), meanLast(d))
}
