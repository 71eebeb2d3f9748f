package metrics

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
)

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

func init() {
	register("categorical_crossentropy", func() Metric { return NewCategoricalCrossentropy() })
}
