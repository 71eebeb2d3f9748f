package schedules

import "github.com/gokeras/gokeras/graph"

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

// Config returns the schedule's Keras config.
func (s *ExponentialDecay) Config() map[string]any {
	return map[string]any{"initial_learning_rate": s.InitialLearningRate, "decay_steps": s.DecaySteps,
		"decay_rate": s.DecayRate, "staircase": s.Staircase, "name": "ExponentialDecay"}
}
