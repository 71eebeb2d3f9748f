package metrics

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
)

// CosineSimilarity is Keras's CosineSimilarity metric: the weighted mean
// over samples of Σ ŷ·p̂ along Axis (−1 by default), each side divided by
// its L2 norm (a norm below 1e-7 counting as 1e-7). Unlike the loss it is
// positive: 1 for parallel vectors, −1 for opposite ones, 0 with a zero
// vector.
type CosineSimilarity struct {
	MeanMetricWrapper
	Axis int
}

// NewCosineSimilarity returns the metric along the last axis, named
// "cosine_similarity".
func NewCosineSimilarity() *CosineSimilarity {
	m := &CosineSimilarity{Axis: -1}
	m.MeanMetricWrapper = *NewMeanMetricWrapper("cosine_similarity", func(yTrue, yPred *graph.Node) *graph.Node {
		p := castF32(yPred)
		return graph.Sum(graph.Mul(losses.L2Normalize(castF32(yTrue), m.Axis), losses.L2Normalize(p, m.Axis)), []int{m.Axis}, false)
	})
	return m
}

func init() { register("cosine_similarity", func() Metric { return NewCosineSimilarity() }) }
