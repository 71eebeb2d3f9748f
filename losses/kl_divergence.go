package losses

import "github.com/gokeras/gokeras/graph"

// KLDivergence is Keras's KLDivergence: Σ y·log(y/p) over the last axis,
// with y and p clipped to [ε, 1] first (ε = 1e-7).
type KLDivergence struct{}

func init() {
	f := func() Loss { return KLDivergence{} }
	register("kl_divergence", f)
	register("kld", f)
	register("kullback_leibler_divergence", f)
}

// Name returns "kl_divergence".
func (KLDivergence) Name() string { return "kl_divergence" }

// Call returns the loss of each sample.
func (KLDivergence) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := graph.Clip(castLike(yTrue, yPred), Epsilon, 1)
	p := graph.Clip(yPred, Epsilon, 1)
	return graph.Sum(graph.Mul(y, graph.Log(graph.Div(y, p))), []int{-1}, false)
}
