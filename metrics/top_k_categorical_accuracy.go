package metrics

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
)

// TopKCategoricalAccuracy is Keras's TopKCategoricalAccuracy: the weighted
// fraction of samples whose true class (the arg-max of the one-hot label)
// is among the K largest predictions, a tie with the K-th largest counting
// as in (Keras's in_top_k). Keras's default K is 5.
type TopKCategoricalAccuracy struct {
	MeanMetricWrapper
	K int
}

// NewTopKCategoricalAccuracy returns the metric with K 5, named
// "top_k_categorical_accuracy".
func NewTopKCategoricalAccuracy() *TopKCategoricalAccuracy {
	m := &TopKCategoricalAccuracy{K: 5}
	m.MeanMetricWrapper = *NewMeanMetricWrapper("top_k_categorical_accuracy", func(yTrue, yPred *graph.Node) *graph.Node {
		return inTopK(ArgMax(yTrue), yPred, m.K)
	})
	return m
}

// SparseTopKCategoricalAccuracy is Keras's SparseTopKCategoricalAccuracy:
// TopKCategoricalAccuracy for integer class labels (of the shape of the
// predictions without the last axis, or with a last axis of 1). Keras's
// default K is 5.
type SparseTopKCategoricalAccuracy struct {
	MeanMetricWrapper
	K int
}

// NewSparseTopKCategoricalAccuracy returns the metric with K 5, named
// "sparse_top_k_categorical_accuracy".
func NewSparseTopKCategoricalAccuracy() *SparseTopKCategoricalAccuracy {
	m := &SparseTopKCategoricalAccuracy{K: 5}
	m.MeanMetricWrapper = *NewMeanMetricWrapper("sparse_top_k_categorical_accuracy", func(yTrue, yPred *graph.Node) *graph.Node {
		labels := losses.SqueezeLabels(yTrue, yPred)
		if labels.DType() != graph.Int32 {
			labels = graph.Cast(labels, graph.Int32)
		}
		return inTopK(labels, yPred, m.K)
	})
	return m
}

// inTopK returns 1 where the prediction of the class labels is among the k
// largest of its row (fewer than k predictions exceed it), else 0.
func inTopK(labels, yPred *graph.Node, k int) *graph.Node {
	n := yPred.Dim(-1)
	if k < 1 {
		return graph.Fail("in_top_k", []*graph.Node{yPred}, graph.ErrArg, "k must be at least 1, received %d", k)
	}
	p := castF32(yPred)
	hot := graph.OneHot(labels, n, graph.Float32)
	target := graph.Sum(graph.Mul(hot, p), []int{-1}, true)
	above := graph.Sum(castF32(graph.Greater(p, target)), []int{-1}, false)
	return castF32(graph.Less(above, graph.ScalarLike(above, float64(k))))
}

func init() {
	register("top_k_categorical_accuracy", func() Metric { return NewTopKCategoricalAccuracy() })
	register("sparse_top_k_categorical_accuracy", func() Metric { return NewSparseTopKCategoricalAccuracy() })
}
