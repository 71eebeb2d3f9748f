package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("rmsprop", func() Optimizer { return NewRMSprop() })
	Register("RMSprop", rmspropFromConfig)
}

// RMSprop divides the gradient by a running root mean square, as Keras 3's
// RMSprop:
//
//	v ← ρ·v + (1−ρ)·g²
//	centered:  a ← ρ·a + (1−ρ)·g;  d = v − a² + ε,  else d = v + ε
//	Δ = lr·g/√d
//	momentum μ > 0:  m ← μ·m + Δ;  w ← w − m,  else w ← w − Δ
//
// Defaults: learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, not
// centered.
type RMSprop struct {
	Base
	// Rho, Momentum and Epsilon are Keras's rho, momentum and epsilon.
	Rho, Momentum, Epsilon float64
	// Centered selects centered RMSprop.
	Centered bool
}

// NewRMSprop returns RMSprop with Keras's defaults, changed by opts (the
// common options, WithRho, WithMomentum, WithEpsilon, WithCentered).
func NewRMSprop(opts ...Option) *RMSprop {
	o := &RMSprop{}
	k := o.setup("RMSprop", 0.001, opts, "rho", "momentum", "epsilon", "centered")
	o.Rho, o.Momentum, o.Epsilon, o.Centered = k.num("rho", 0.9), k.num("momentum", 0), k.num("epsilon", 1e-7), k.flag("centered")
	return o
}

// NewRMSpropWith returns RMSprop with the given learning rate, rho,
// momentum, epsilon and centering.
func NewRMSpropWith(learningRate, rho, momentum, epsilon float64, centered bool) *RMSprop {
	return NewRMSprop(WithLearningRate(learningRate), WithRho(rho), WithMomentum(momentum), WithEpsilon(epsilon), WithCentered(centered))
}

// ClassName returns "RMSprop".
func (*RMSprop) ClassName() string { return "RMSprop" }

// Updates returns the updates of one step.
func (o *RMSprop) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *RMSprop) check() error { return nil }

func (o *RMSprop) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	vel := s.slot(v, "velocity", 0)
	vel1 := graph.Add(graph.Mul(c(vel, o.Rho), vel), graph.Mul(c(vel, 1-o.Rho), graph.Square(g)))
	s.set(vel, vel1)
	den := graph.Add(vel1, c(vel, o.Epsilon))
	if o.Centered {
		avg := s.slot(v, "average_gradient", 0)
		avg1 := graph.Add(graph.Mul(c(avg, o.Rho), avg), graph.Mul(c(avg, 1-o.Rho), g))
		s.set(avg, avg1)
		den = graph.Add(graph.Sub(vel1, graph.Square(avg1)), c(vel, o.Epsilon))
	}
	inc := graph.Div(graph.Mul(s.lrAs(v.DType()), g), graph.Sqrt(den))
	if o.Momentum > 0 {
		m := s.slot(v, "momentum", 0)
		m1 := graph.Add(graph.Mul(c(m, o.Momentum), m), inc)
		s.set(m, m1)
		inc = m1
	}
	return graph.Sub(w, inc)
}

// Config returns Keras 3's get_config of RMSprop: the common arguments
// (see Configurer), then rho, momentum, epsilon, centered.
func (o *RMSprop) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("rho", o.Rho).Set("momentum", o.Momentum).Set("epsilon", o.Epsilon).Set("centered", o.Centered)
	return p, nil
}

func rmspropFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"rho", "momentum", "epsilon"}, []string{"centered"})
	if err != nil {
		return nil, err
	}
	return NewRMSprop(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/rmsprop.py, RMSprop.build: every weight's
// velocity, then (momentum > 0) every weight's momentum, then (centered)
// every weight's average_gradient.
func (o *RMSprop) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"velocity", 0})
	if o.Momentum > 0 {
		s.declare(vars, slot{"momentum", 0})
	}
	if o.Centered {
		s.declare(vars, slot{"average_gradient", 0})
	}
}
