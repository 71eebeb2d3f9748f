package metrics

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
)

// BinaryCrossentropy is Keras's BinaryCrossentropy metric: the weighted
// mean over samples of losses.BinaryCrossentropy with the same FromLogits
// and LabelSmoothing (Keras's defaults: probabilities, no smoothing).
type BinaryCrossentropy struct {
	MeanMetricWrapper
	FromLogits     bool
	LabelSmoothing float64
}

// NewBinaryCrossentropy returns the metric named "binary_crossentropy".
func NewBinaryCrossentropy() *BinaryCrossentropy {
	m := &BinaryCrossentropy{}
	m.MeanMetricWrapper = *NewMeanMetricWrapper("binary_crossentropy", func(yTrue, yPred *graph.Node) *graph.Node {
		l := losses.BinaryCrossentropy{FromLogits: m.FromLogits, LabelSmoothing: m.LabelSmoothing}
		return l.Call(castF32(yTrue), yPred)
	})
	return m
}

// CategoricalCrossentropy is Keras's CategoricalCrossentropy metric: the
// weighted mean over samples of losses.CategoricalCrossentropy with the
// same FromLogits and LabelSmoothing (Keras's defaults: probabilities, no
// smoothing).
type CategoricalCrossentropy struct {
	MeanMetricWrapper
	FromLogits     bool
	LabelSmoothing float64
}

// NewCategoricalCrossentropy returns the metric named
// "categorical_crossentropy".
func NewCategoricalCrossentropy() *CategoricalCrossentropy {
	m := &CategoricalCrossentropy{}
	m.MeanMetricWrapper = *NewMeanMetricWrapper("categorical_crossentropy", func(yTrue, yPred *graph.Node) *graph.Node {
		l := losses.CategoricalCrossentropy{FromLogits: m.FromLogits, LabelSmoothing: m.LabelSmoothing}
		return l.Call(castF32(yTrue), yPred)
	})
	return m
}

// SparseCategoricalCrossentropy is Keras's SparseCategoricalCrossentropy
// metric: the weighted mean over samples of
// losses.SparseCategoricalCrossentropy (integer labels; Keras's default
// FromLogits false).
type SparseCategoricalCrossentropy struct {
	MeanMetricWrapper
	FromLogits bool
}

// NewSparseCategoricalCrossentropy returns the metric named
// "sparse_categorical_crossentropy".
func NewSparseCategoricalCrossentropy() *SparseCategoricalCrossentropy {
	m := &SparseCategoricalCrossentropy{}
	m.MeanMetricWrapper = *NewMeanMetricWrapper("sparse_categorical_crossentropy", func(yTrue, yPred *graph.Node) *graph.Node {
		l := losses.SparseCategoricalCrossentropy{FromLogits: m.FromLogits}
		return l.Call(losses.SqueezeLabels(yTrue, yPred), yPred)
	})
	return m
}

func init() {
	register("binary_crossentropy", func() Metric { return NewBinaryCrossentropy() })
	register("categorical_crossentropy", func() Metric { return NewCategoricalCrossentropy() })
	register("sparse_categorical_crossentropy", func() Metric { return NewSparseCategoricalCrossentropy() })
}
