package metrics

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
)

// BinaryAccuracy is the fraction of predictions on the side of Threshold
// (0.5 by default) that their label is: mean over the last axis of
// (p > threshold) == y.
type BinaryAccuracy struct {
	MeanMetricWrapper
	Threshold float64
}

// NewBinaryAccuracy returns the metric with threshold 0.5, named
// "binary_accuracy".
func NewBinaryAccuracy() *BinaryAccuracy {
	m := &BinaryAccuracy{Threshold: 0.5}
	m.MeanMetricWrapper = *NewMeanMetricWrapper("binary_accuracy", m.values)
	return m
}

func (m *BinaryAccuracy) values(yTrue, yPred *graph.Node) *graph.Node {
	pred := graph.Greater(yPred, graph.ScalarLike(yPred, m.Threshold))
	y := yTrue
	if y.DType() != pred.DType() {
		y = graph.Cast(y, pred.DType())
	}
	return graph.Mean(graph.Equal(y, pred), []int{-1}, false)
}

// Update folds the batch into the mean (through the threshold set now).
func (m *BinaryAccuracy) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	return m.UpdateWeighted(m.values(yTrue, yPred), sw)
}

// CategoricalAccuracy is the fraction of samples whose predicted class
// (the arg-max of the predictions) is the arg-max of their one-hot label.
type CategoricalAccuracy struct{ MeanMetricWrapper }

// NewCategoricalAccuracy returns the metric named "categorical_accuracy".
func NewCategoricalAccuracy() *CategoricalAccuracy {
	return &CategoricalAccuracy{*NewMeanMetricWrapper("categorical_accuracy", func(yTrue, yPred *graph.Node) *graph.Node {
		return graph.Cast(graph.Equal(ArgMax(yTrue), ArgMax(yPred)), graph.Float32)
	})}
}

// SparseCategoricalAccuracy is the fraction of samples whose predicted
// class (the arg-max of the predictions) is their integer label.
type SparseCategoricalAccuracy struct{ MeanMetricWrapper }

// NewSparseCategoricalAccuracy returns the metric named
// "sparse_categorical_accuracy".
func NewSparseCategoricalAccuracy() *SparseCategoricalAccuracy {
	return &SparseCategoricalAccuracy{*NewMeanMetricWrapper("sparse_categorical_accuracy", func(yTrue, yPred *graph.Node) *graph.Node {
		labels := losses.SqueezeLabels(yTrue, yPred)
		if labels.DType() != graph.Int32 {
			labels = graph.Cast(labels, graph.Int32)
		}
		return graph.Cast(graph.Equal(labels, ArgMax(yPred)), graph.Float32)
	})}
}

// ArgMax returns the int32 index of the largest value along the last
// axis, the first one on ties, as Keras's argmax.
func ArgMax(x *graph.Node) *graph.Node { return graph.ArgMax(x, -1) }
