package schedules

import (
	"math"

	"github.com/gokeras/gokeras/graph"
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

// Config returns the schedule's Keras config (warmup_target nil when
// there is no warmup).
func (s *CosineDecay) Config() map[string]any {
	var target any
	if s.WarmupTarget != nil {
		target = *s.WarmupTarget
	}
	return map[string]any{"initial_learning_rate": s.InitialLearningRate, "decay_steps": s.DecaySteps,
		"alpha": s.Alpha, "warmup_target": target, "warmup_steps": s.WarmupSteps, "name": "CosineDecay"}
}
