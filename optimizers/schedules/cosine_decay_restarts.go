package schedules

import (
	"math"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// CosineDecayRestarts is Keras's CosineDecayRestarts schedule (SGDR,
// Loshchilov and Hutter): cosine decay from the initial learning rate
// over first_decay_steps, then warm restarts, the i-th period lasting
// t_mul^i times longer and starting from m_mul^i times the initial rate.
// With f = step/first_decay_steps:
//
//	t_mul = 1:  i = ⌊f⌋,  f' = f − i
//	otherwise:  i = ⌊log(1 − f·(1 − t_mul)) / log(t_mul)⌋,  f' = (f − (1 − t_mul^i)/(1 − t_mul)) / t_mul^i
//	lr(step) = initial_learning_rate · ((1 − alpha) · ½·m_mul^i·(1 + cos(π·f')) + alpha)
//
// Defaults: t_mul 2, m_mul 1, alpha 0.
type CosineDecayRestarts struct {
	// The fields are Keras's initial_learning_rate, first_decay_steps
	// (> 0), t_mul, m_mul and alpha.
	InitialLearningRate float64
	FirstDecaySteps     int64
	TMul, MMul, Alpha   float64
	// Name is Keras's name argument; empty means Keras's default, "SGDRDecay".
	Name string
}

// NewCosineDecayRestarts returns CosineDecayRestarts with Keras's
// defaults.
func NewCosineDecayRestarts(initialLearningRate float64, firstDecaySteps int64) *CosineDecayRestarts {
	return &CosineDecayRestarts{InitialLearningRate: initialLearningRate, FirstDecaySteps: firstDecaySteps, TMul: 2, MMul: 1}
}

// ClassName returns "CosineDecayRestarts".
func (*CosineDecayRestarts) ClassName() string { return "CosineDecayRestarts" }

// Check reports a non-positive FirstDecaySteps.
func (s *CosineDecayRestarts) Check() error {
	return positive(s.ClassName(), "first_decay_steps", s.FirstDecaySteps)
}

// Call returns the learning rate at step.
func (s *CosineDecayRestarts) Call(step *graph.Node) *graph.Node {
	x := steps(step)
	f := graph.Div(x, c(x, float64(s.FirstDecaySteps)))
	var i *graph.Node
	if float32(s.TMul) == 1 {
		i = graph.Floor(f)
		f = graph.Sub(f, i)
	} else {
		tm := c(x, s.TMul)
		one := c(x, 1)
		i = graph.Floor(graph.Div(graph.Log(graph.Sub(one, graph.Mul(f, graph.Sub(one, tm)))), graph.Log(tm)))
		ti := graph.Pow(tm, i)
		sum := graph.Div(graph.Sub(one, ti), graph.Sub(one, tm))
		f = graph.Div(graph.Sub(f, sum), ti)
	}
	mfac := graph.Pow(c(x, s.MMul), i)
	cos := graph.Mul(graph.Mul(c(x, 0.5), mfac), graph.Add(c(x, 1), graph.Cos(graph.Mul(c(x, math.Pi), f))))
	alpha := c(x, s.Alpha)
	decayed := graph.Add(graph.Mul(graph.Sub(c(x, 1), alpha), cos), alpha)
	return graph.Mul(c(x, s.InitialLearningRate), decayed)
}

func init() { Register("CosineDecayRestarts", cosineDecayRestartsFromConfig) }

// Config returns Keras 3's get_config of CosineDecayRestarts:
// initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha, name.
func (s *CosineDecayRestarts) Config() (*saving.Params, error) {
	p := newConfig(s.ClassName())
	p.Set("initial_learning_rate", s.InitialLearningRate).Set("first_decay_steps", s.FirstDecaySteps)
	p.Set("t_mul", s.TMul).Set("m_mul", s.MMul).Set("alpha", s.Alpha).Set("name", nameOr(s.Name, "SGDRDecay"))
	return p, nil
}

func cosineDecayRestartsFromConfig(p *saving.Params) (LearningRateSchedule, error) {
	r := &reader{p: p}
	s := &CosineDecayRestarts{InitialLearningRate: r.float("initial_learning_rate", 0, true), FirstDecaySteps: r.int("first_decay_steps", 0, true),
		TMul: r.float("t_mul", 2, false), MMul: r.float("m_mul", 1, false), Alpha: r.float("alpha", 0, false), Name: r.name()}
	return s, r.err
}
