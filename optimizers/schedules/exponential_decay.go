package schedules

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// ExponentialDecay is Keras's ExponentialDecay schedule:
//
//	lr(step) = initial_learning_rate · decay_rate^(step / decay_steps)
//
// with step / decay_steps rounded down if Staircase is set, so the rate
// drops in steps every decay_steps. Staircase defaults to false.
type ExponentialDecay struct {
	// The fields are Keras's initial_learning_rate, decay_steps (> 0),
	// decay_rate and staircase.
	InitialLearningRate float64
	DecaySteps          int64
	DecayRate           float64
	Staircase           bool
	// Name is Keras's name argument; empty means Keras's default, "ExponentialDecay".
	Name string
}

// NewExponentialDecay returns ExponentialDecay without staircase.
func NewExponentialDecay(initialLearningRate float64, decaySteps int64, decayRate float64) *ExponentialDecay {
	return &ExponentialDecay{InitialLearningRate: initialLearningRate, DecaySteps: decaySteps, DecayRate: decayRate}
}

// ClassName returns "ExponentialDecay".
func (*ExponentialDecay) ClassName() string { return "ExponentialDecay" }

// Check reports a non-positive DecaySteps.
func (s *ExponentialDecay) Check() error { return positive(s.ClassName(), "decay_steps", s.DecaySteps) }

// Call returns the learning rate at step.
func (s *ExponentialDecay) Call(step *graph.Node) *graph.Node {
	x := steps(step)
	p := graph.Div(x, c(x, float64(s.DecaySteps)))
	if s.Staircase {
		p = graph.Floor(p)
	}
	return graph.Mul(c(x, s.InitialLearningRate), graph.Pow(c(x, s.DecayRate), p))
}

func init() { Register("ExponentialDecay", exponentialDecayFromConfig) }

// Config returns Keras 3's get_config of ExponentialDecay:
// initial_learning_rate, decay_steps, decay_rate, staircase, name.
func (s *ExponentialDecay) Config() (*saving.Params, error) {
	p := newConfig(s.ClassName())
	p.Set("initial_learning_rate", s.InitialLearningRate).Set("decay_steps", s.DecaySteps).Set("decay_rate", s.DecayRate)
	p.Set("staircase", s.Staircase).Set("name", nameOr(s.Name, "ExponentialDecay"))
	return p, nil
}

func exponentialDecayFromConfig(p *saving.Params) (LearningRateSchedule, error) {
	r := &reader{p: p}
	s := &ExponentialDecay{InitialLearningRate: r.float("initial_learning_rate", 0, true), DecaySteps: r.int("decay_steps", 0, true),
		DecayRate: r.float("decay_rate", 0, true), Staircase: r.bool("staircase"), Name: r.name()}
	return s, r.err
}
