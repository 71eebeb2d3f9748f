package losses

import "github.com/gokeras/gokeras/graph"

// MeanSquaredLogarithmicError is Keras's MeanSquaredLogarithmicError:
// mean((log(max(p, ε) + 1) − log(max(y, ε) + 1))²) over the last axis,
// ε = 1e-7.
type MeanSquaredLogarithmicError struct{}

func init() {
	f := func() Loss { return MeanSquaredLogarithmicError{} }
	register("mean_squared_logarithmic_error", f)
	register("msle", f)
}

// Name returns "mean_squared_logarithmic_error".
func (MeanSquaredLogarithmicError) Name() string { return "mean_squared_logarithmic_error" }

// Call returns the loss of each sample.
func (MeanSquaredLogarithmicError) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := castLike(yTrue, yPred)
	lp := graph.Log1p(graph.Maximum(yPred, scalar(yPred, Epsilon)))
	ly := graph.Log1p(graph.Maximum(y, scalar(y, Epsilon)))
	return meanLast(graph.Square(graph.Sub(lp, ly)))
}
