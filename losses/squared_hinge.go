package losses

import "github.com/gokeras/gokeras/graph"

// SquaredHinge is Keras's SquaredHinge: mean(max(1 − y·p, 0)²) over the
// last axis, with labels 0/1 mapped to −1/1 as in Hinge.
type SquaredHinge struct{}

func init() { register("squared_hinge", func() Loss { return SquaredHinge{} }) }

// Name returns "squared_hinge".
func (SquaredHinge) Name() string { return "squared_hinge" }

// Call returns the loss of each sample.
func (SquaredHinge) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := hingeLabels(castLike(yTrue, yPred))
	return meanLast(graph.Square(graph.Maximum(graph.Sub(scalar(y, 1), graph.Mul(y, yPred)), scalar(y, 0))))
}
