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

func init() { register("binary_crossentropy", func() Metric { return NewBinaryCrossentropy() }) }
