package losses

import (
	"math"

	"github.com/gokeras/gokeras/graph"
)

// LogCosh is Keras's LogCosh: mean(log(cosh(p − y))) over the last axis,
// computed without overflow as x + softplus(−2x) − log 2.
type LogCosh struct{}

func init() {
	f := func() Loss { return LogCosh{} }
	register("log_cosh", f)
	register("logcosh", f)
}

// Name returns "log_cosh".
func (LogCosh) Name() string { return "log_cosh" }

// Call returns the loss of each sample.
func (LogCosh) Call(yTrue, yPred *graph.Node) *graph.Node {
	x := graph.Sub(yPred, castLike(yTrue, yPred))
	v := graph.Add(x, graph.Softplus(graph.Mul(scalar(x, -2), x)))
	return meanLast(graph.Sub(v, scalar(x, math.Ln2)))
}
