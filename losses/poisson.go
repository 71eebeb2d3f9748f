package losses

import "github.com/gokeras/gokeras/graph"

// Poisson is Keras's Poisson loss: mean(p − y·log(p + ε)) over the last
// axis, ε = 1e-7.
type Poisson struct{}

func init() { register("poisson", func() Loss { return Poisson{} }) }

// Name returns "poisson".
func (Poisson) Name() string { return "poisson" }

// Call returns the loss of each sample.
func (Poisson) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := castLike(yTrue, yPred)
	return meanLast(graph.Sub(yPred, graph.Mul(y, graph.Log(graph.Add(yPred, scalar(yPred, Epsilon))))))
}
