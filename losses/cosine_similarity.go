package losses

import "github.com/gokeras/gokeras/graph"

// CosineSimilarity is Keras's CosineSimilarity loss: the negative cosine
// similarity −Σ ŷ·p̂ along Axis (−1 by default), where each side is
// divided by its L2 norm, a norm below ε = 1e-7 counting as ε (so a zero
// vector gives 0). Values lie in [−1, 1]; −1 is perfect agreement.
type CosineSimilarity struct {
	Axis int
}

// NewCosineSimilarity returns the loss along the last axis.
func NewCosineSimilarity() *CosineSimilarity { return &CosineSimilarity{Axis: -1} }

func init() { register("cosine_similarity", func() Loss { return NewCosineSimilarity() }) }

// Name returns "cosine_similarity".
func (*CosineSimilarity) Name() string { return "cosine_similarity" }

// Call returns the loss of each sample.
func (l *CosineSimilarity) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := L2Normalize(castLike(yTrue, yPred), l.Axis)
	p := L2Normalize(yPred, l.Axis)
	return graph.Neg(graph.Sum(graph.Mul(y, p), []int{l.Axis}, false))
}

// L2Normalize divides x by its L2 norm along axis, a norm below ε = 1e-7
// counting as ε, as Keras's normalize.
func L2Normalize(x *graph.Node, axis int) *graph.Node {
	ss := graph.Sum(graph.Square(x), []int{axis}, true)
	return graph.Div(x, graph.Sqrt(graph.Maximum(ss, scalar(ss, Epsilon*Epsilon))))
}
