package schedules

import (
	"math"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// CosineDecay is Keras's CosineDecay schedule (Loshchilov and Hutter's
// SGDR without restarts), with an optional linear warmup. Without warmup
// (WarmupTarget nil):
//
//	step' = min(step, decay_steps)
//	lr(step) = initial_learning_rate · ((1 − alpha) · ½(1 + cos(π·step'/decay_steps)) + alpha)
//
// With a warmup target, the rate first rises linearly from
// initial_learning_rate to warmup_target over warmup_steps,
//
//	lr(step) = initial_learning_rate + (warmup_target − initial_learning_rate) · step/warmup_steps   for step < warmup_steps
//
// then decays from warmup_target as above over the next decay_steps (step
// counted from the end of the warmup, and held at warmup_steps +
// decay_steps after). Defaults: alpha 0, warmup_target nil (Keras's
// None; set it with new(0.1)), warmup_steps 0.
type CosineDecay struct {
	// The fields are Keras's initial_learning_rate, decay_steps (> 0),
	// alpha, warmup_target (nil for none) and warmup_steps.
	InitialLearningRate float64
	DecaySteps          int64
	Alpha               float64
	WarmupTarget        *float64
	WarmupSteps         int64
	// Name is Keras's name argument; empty means Keras's default, "CosineDecay".
	Name string
}

// NewCosineDecay returns CosineDecay with Keras's defaults: no warmup and
// alpha 0.
func NewCosineDecay(initialLearningRate float64, decaySteps int64) *CosineDecay {
	return &CosineDecay{InitialLearningRate: initialLearningRate, DecaySteps: decaySteps}
}

// ClassName returns "CosineDecay".
func (*CosineDecay) ClassName() string { return "CosineDecay" }

// Check reports a non-positive DecaySteps.
func (s *CosineDecay) Check() error { return positive(s.ClassName(), "decay_steps", s.DecaySteps) }

// Call returns the learning rate at step.
func (s *CosineDecay) Call(step *graph.Node) *graph.Node {
	x := steps(step)
	ds := c(x, float64(s.DecaySteps))
	if s.WarmupTarget == nil {
		return s.decay(graph.Minimum(x, ds), ds, c(x, s.InitialLearningRate))
	}
	target := c(x, *s.WarmupTarget)
	ws := c(x, float64(s.WarmupSteps))
	x = graph.Minimum(x, graph.Add(ds, ws))
	lr0 := c(x, s.InitialLearningRate)
	warm := graph.Add(graph.Mul(graph.Sub(target, lr0), graph.Div(x, ws)), lr0)
	return graph.Where(graph.Less(x, ws), warm, s.decay(graph.Sub(x, ws), ds, target))
}

// decay is the cosine part: from times ((1−α)·½(1+cos(π·x/ds)) + α).
func (s *CosineDecay) decay(x, ds, from *graph.Node) *graph.Node {
	cos := graph.Cos(graph.Mul(c(x, math.Pi), graph.Div(x, ds)))
	half := graph.Mul(c(x, 0.5), graph.Add(c(x, 1), cos))
	return graph.Mul(from, graph.Add(graph.Mul(c(x, 1-s.Alpha), half), c(x, s.Alpha)))
}

func init() { Register("CosineDecay", cosineDecayFromConfig) }

// Config returns Keras 3's get_config of CosineDecay:
// initial_learning_rate, decay_steps, alpha, name, warmup_target (null
// without warmup), warmup_steps.
func (s *CosineDecay) Config() (*saving.Params, error) {
	p := newConfig(s.ClassName())
	p.Set("initial_learning_rate", s.InitialLearningRate).Set("decay_steps", s.DecaySteps).Set("alpha", s.Alpha)
	p.Set("name", nameOr(s.Name, "CosineDecay"))
	if s.WarmupTarget != nil {
		p.Set("warmup_target", *s.WarmupTarget)
	} else {
		p.Set("warmup_target", nil)
	}
	p.Set("warmup_steps", s.WarmupSteps)
	return p, nil
}

func cosineDecayFromConfig(p *saving.Params) (LearningRateSchedule, error) {
	r := &reader{p: p}
	s := &CosineDecay{InitialLearningRate: r.float("initial_learning_rate", 0, true), DecaySteps: r.int("decay_steps", 0, true),
		Alpha: r.float("alpha", 0, false), Name: r.name(), WarmupSteps: r.int("warmup_steps", 0, false)}
	if r.err == nil && p.Has("warmup_target") {
		t := r.float("warmup_target", 0, true)
		s.WarmupTarget = &t
	}
	p.Ignore("warmup_target")
	return s, r.err
}
