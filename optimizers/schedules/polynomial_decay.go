package schedules

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// PolynomialDecay is Keras's PolynomialDecay schedule, from the initial
// learning rate to EndLearningRate over decay_steps:
//
//	step' = min(step, decay_steps)
//	lr(step) = (initial_learning_rate − end_learning_rate) · (1 − step'/decay_steps)^power + end_learning_rate
//
// If Cycle is set, decay_steps is instead stretched to the first multiple
// of itself at or above step (decay_steps·⌈step/decay_steps⌉, with
// multiplier 1 at step 0), so the decay restarts. Defaults:
// end_learning_rate 0.0001, power 1, cycle false.
type PolynomialDecay struct {
	// The fields are Keras's initial_learning_rate, decay_steps (> 0),
	// end_learning_rate, power and cycle.
	InitialLearningRate float64
	DecaySteps          int64
	EndLearningRate     float64
	Power               float64
	Cycle               bool
	// Name is Keras's name argument; empty means Keras's default, "PolynomialDecay".
	Name string
}

// NewPolynomialDecay returns PolynomialDecay with Keras's defaults.
func NewPolynomialDecay(initialLearningRate float64, decaySteps int64) *PolynomialDecay {
	return &PolynomialDecay{InitialLearningRate: initialLearningRate, DecaySteps: decaySteps, EndLearningRate: 0.0001, Power: 1}
}

// ClassName returns "PolynomialDecay".
func (*PolynomialDecay) ClassName() string { return "PolynomialDecay" }

// Check reports a non-positive DecaySteps.
func (s *PolynomialDecay) Check() error { return positive(s.ClassName(), "decay_steps", s.DecaySteps) }

// Call returns the learning rate at step.
func (s *PolynomialDecay) Call(step *graph.Node) *graph.Node {
	x := steps(step)
	ds := c(x, float64(s.DecaySteps))
	if s.Cycle {
		mult := graph.Where(graph.Equal(x, c(x, 0)), c(x, 1), graph.Ceil(graph.Div(x, ds)))
		ds = graph.Mul(ds, mult)
	} else {
		x = graph.Minimum(x, ds)
	}
	p := graph.Div(x, ds)
	span := graph.Sub(c(x, s.InitialLearningRate), c(x, s.EndLearningRate))
	return graph.Add(graph.Mul(span, graph.Pow(graph.Sub(c(x, 1), p), c(x, s.Power))), c(x, s.EndLearningRate))
}

func init() { Register("PolynomialDecay", polynomialDecayFromConfig) }

// Config returns Keras 3's get_config of PolynomialDecay:
// initial_learning_rate, decay_steps, end_learning_rate, power, cycle,
// name.
func (s *PolynomialDecay) Config() (*saving.Params, error) {
	p := newConfig(s.ClassName())
	p.Set("initial_learning_rate", s.InitialLearningRate).Set("decay_steps", s.DecaySteps)
	p.Set("end_learning_rate", s.EndLearningRate).Set("power", s.Power).Set("cycle", s.Cycle)
	p.Set("name", nameOr(s.Name, "PolynomialDecay"))
	return p, nil
}

func polynomialDecayFromConfig(p *saving.Params) (LearningRateSchedule, error) {
	r := &reader{p: p}
	s := &PolynomialDecay{InitialLearningRate: r.float("initial_learning_rate", 0, true), DecaySteps: r.int("decay_steps", 0, true),
		EndLearningRate: r.float("end_learning_rate", 0.0001, false), Power: r.float("power", 1, false),
		Cycle: r.bool("cycle"), Name: r.name()}
	return s, r.err
}
