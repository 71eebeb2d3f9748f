package schedules

import "github.com/gokeras/gokeras/graph"

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

// Config returns the schedule's Keras config.
func (s *InverseTimeDecay) Config() map[string]any {
	return map[string]any{"initial_learning_rate": s.InitialLearningRate, "decay_steps": s.DecaySteps,
		"decay_rate": s.DecayRate, "staircase": s.Staircase, "name": "InverseTimeDecay"}
}
