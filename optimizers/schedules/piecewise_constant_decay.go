package schedules

import (
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/graph"
)

// PiecewiseConstantDecay is Keras's PiecewiseConstantDecay schedule: the
// learning rate is Values[0] while step ≤ Boundaries[0], Values[i] while
// Boundaries[i−1] < step ≤ Boundaries[i], and the last value after the last
// boundary. Boundaries must increase strictly and Values have one element
// more.
type PiecewiseConstantDecay struct {
	// Boundaries are steps, strictly increasing.
	Boundaries []int64
	// Values are the learning rates, one more than the boundaries.
	Values []float64
}

// NewPiecewiseConstantDecay returns PiecewiseConstantDecay with the given
// boundaries and values (not copied).
func NewPiecewiseConstantDecay(boundaries []int64, values []float64) *PiecewiseConstantDecay {
	return &PiecewiseConstantDecay{Boundaries: boundaries, Values: values}
}

// ClassName returns "PiecewiseConstantDecay".
func (*PiecewiseConstantDecay) ClassName() string { return "PiecewiseConstantDecay" }

// Check reports values that do not outnumber the boundaries by one and
// boundaries that do not increase.
func (s *PiecewiseConstantDecay) Check() error {
	if len(s.Values) == 0 || len(s.Boundaries) != len(s.Values)-1 {
		return fmt.Errorf("schedules: PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values, received boundaries=%v of length %d and values=%v of length %d",
			s.Boundaries, len(s.Boundaries), s.Values, len(s.Values))
	}
	for i := 1; i < len(s.Boundaries); i++ {
		if s.Boundaries[i] <= s.Boundaries[i-1] {
			return fmt.Errorf("schedules: PiecewiseConstantDecay: expected strictly increasing boundaries, received %v", s.Boundaries)
		}
	}
	return nil
}

// Call returns the learning rate at step.
func (s *PiecewiseConstantDecay) Call(step *graph.Node) *graph.Node {
	out := c(graph.Cast(step, graph.Float32), s.Values[len(s.Values)-1])
	for i, b := range slices.Backward(s.Boundaries) {
		out = graph.Where(graph.LessEqual(step, c(step, float64(b))), c(out, s.Values[i]), out)
	}
	return out
}

// Config returns the schedule's Keras config.
func (s *PiecewiseConstantDecay) Config() map[string]any {
	return map[string]any{"boundaries": slices.Clone(s.Boundaries), "values": slices.Clone(s.Values), "name": "PiecewiseConstant"}
}
