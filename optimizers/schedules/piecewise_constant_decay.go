package schedules

import (
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
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
	// Name is Keras's name argument; empty means Keras's default, "PiecewiseConstant".
	Name string
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

func init() { Register("PiecewiseConstantDecay", piecewiseConstantDecayFromConfig) }

// Config returns Keras 3's get_config of PiecewiseConstantDecay:
// boundaries, values, name.
func (s *PiecewiseConstantDecay) Config() (*saving.Params, error) {
	p := newConfig(s.ClassName())
	b := make([]int, len(s.Boundaries))
	for i, x := range s.Boundaries {
		b[i] = int(x)
	}
	p.Set("boundaries", b).Set("values", slices.Clone(s.Values)).Set("name", nameOr(s.Name, "PiecewiseConstant"))
	return p, nil
}

func piecewiseConstantDecayFromConfig(p *saving.Params) (LearningRateSchedule, error) {
	b, err := p.Ints("boundaries", 0)
	if err != nil {
		return nil, err
	}
	vals, err := p.Floats("values")
	if err != nil {
		return nil, err
	}
	r := &reader{p: p}
	s := &PiecewiseConstantDecay{Values: vals, Name: r.name()}
	for _, x := range b {
		s.Boundaries = append(s.Boundaries, int64(x))
	}
	return s, r.err
}
