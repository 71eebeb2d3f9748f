package schedules

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// InverseTimeDecay is Keras's InverseTimeDecay schedule:
//
//	lr(step) = initial_learning_rate / (1 + decay_rate · step / decay_steps)
//
// with step / decay_steps rounded down if Staircase is set. Staircase
// defaults to false.
type InverseTimeDecay struct {
	// The fields are Keras's initial_learning_rate, decay_steps (> 0),
	// decay_rate and staircase.
	InitialLearningRate float64
	DecaySteps          int64
	DecayRate           float64
	Staircase           bool
	// Name is Keras's name argument; empty means Keras's default, "InverseTimeDecay".
	Name string
}

// NewInverseTimeDecay returns InverseTimeDecay without staircase.
func NewInverseTimeDecay(initialLearningRate float64, decaySteps int64, decayRate float64) *InverseTimeDecay {
	return &InverseTimeDecay{InitialLearningRate: initialLearningRate, DecaySteps: decaySteps, DecayRate: decayRate}
}

// ClassName returns "InverseTimeDecay".
func (*InverseTimeDecay) ClassName() string { return "InverseTimeDecay" }

// Check reports a non-positive DecaySteps.
func (s *InverseTimeDecay) Check() error { return positive(s.ClassName(), "decay_steps", s.DecaySteps) }

// Call returns the learning rate at step.
func (s *InverseTimeDecay) Call(step *graph.Node) *graph.Node {
	x := steps(step)
	p := graph.Div(x, c(x, float64(s.DecaySteps)))
	if s.Staircase {
		p = graph.Floor(p)
	}
	return graph.Div(c(x, s.InitialLearningRate), graph.Add(c(x, 1), graph.Mul(c(x, s.DecayRate), p)))
}

func init() { Register("InverseTimeDecay", inverseTimeDecayFromConfig) }

// Config returns Keras 3's get_config of InverseTimeDecay:
// initial_learning_rate, decay_steps, decay_rate, staircase, name.
func (s *InverseTimeDecay) Config() (*saving.Params, error) {
	p := newConfig(s.ClassName())
	p.Set("initial_learning_rate", s.InitialLearningRate).Set("decay_steps", s.DecaySteps).Set("decay_rate", s.DecayRate)
	p.Set("staircase", s.Staircase).Set("name", nameOr(s.Name, "InverseTimeDecay"))
	return p, nil
}

func inverseTimeDecayFromConfig(p *saving.Params) (LearningRateSchedule, error) {
	r := &reader{p: p}
	s := &InverseTimeDecay{InitialLearningRate: r.float("initial_learning_rate", 0, true), DecaySteps: r.int("decay_steps", 0, true),
		DecayRate: r.float("decay_rate", 0, true), Staircase: r.bool("staircase"), Name: r.name()}
	return s, r.err
}
