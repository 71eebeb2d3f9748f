package metrics

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
)

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
	register("sparse_categorical_crossentropy", func() Metric { return NewSparseCategoricalCrossentropy() })
}
