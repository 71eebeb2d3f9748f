package losses

import "github.com/gokeras/gokeras/graph"

// CategoricalHinge is Keras's CategoricalHinge over one-hot labels:
// max(neg − pos + 1, 0) with pos = Σ y·p and neg = max((1 − y)·p) over
// the last axis.
type CategoricalHinge struct{}

func init() { register("categorical_hinge", func() Loss { return CategoricalHinge{} }) }

// Name returns "categorical_hinge".
func (CategoricalHinge) Name() string { return "categorical_hinge" }

// Call returns the loss of each sample.
func (CategoricalHinge) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := castLike(yTrue, yPred)
	pos := graph.Sum(graph.Mul(y, yPred), []int{-1}, false)
	neg := graph.Max(graph.Mul(graph.Sub(scalar(y, 1), y), yPred), []int{-1}, false)
	return graph.Maximum(graph.Add(graph.Sub(neg, pos), scalar(pos, 1)), scalar(pos, 0))
}
