package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("nadam", func() Optimizer { return NewNadam() })
	Register("Nadam", nadamFromConfig)
}

// Nadam is Adam with Nesterov momentum (Dozat), as Keras 3's Nadam, with
// its momentum schedule: t the step number counted from 1,
//
//	μₜ = β₁·(1 − ½·0.96ᵗ),  μₜ₊₁ = β₁·(1 − ½·0.96ᵗ⁺¹)
//	Πₜ = Πₜ₋₁·μₜ             (u_product, one for all weights, Π₀ = 1)
//	m ← m + (g − m)·(1−β₁);  v ← v + (g² − v)·(1−β₂)
//	m̂ = μₜ₊₁·m/(1 − Πₜ·μₜ₊₁) + (1 − μₜ)·g/(1 − Πₜ)
//	v̂ = v/(1 − β₂ᵗ)
//	w ← w − lr·m̂/(√v̂ + ε)
//
// Defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
type Nadam struct {
	Base
	// Beta1, Beta2 and Epsilon are Keras's beta_1, beta_2 and epsilon.
	Beta1, Beta2, Epsilon float64
}

// NewNadam returns Nadam with Keras's defaults, changed by opts (the
// common options, WithBeta1, WithBeta2, WithEpsilon).
func NewNadam(opts ...Option) *Nadam {
	o := &Nadam{}
	k := o.setup("Nadam", 0.001, opts, "beta_1", "beta_2", "epsilon")
	o.Beta1, o.Beta2, o.Epsilon = k.num("beta_1", 0.9), k.num("beta_2", 0.999), k.num("epsilon", 1e-7)
	return o
}

// ClassName returns "Nadam".
func (*Nadam) ClassName() string { return "Nadam" }

// Updates returns the updates of one step.
func (o *Nadam) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Nadam) check() error { return nil }

// mu returns μ at step number t: β₁·(1 − ½·0.96ᵗ).
func (o *Nadam) mu(t *graph.Node) *graph.Node {
	return graph.Mul(c(t, o.Beta1), graph.Sub(c(t, 1), graph.Mul(c(t, 0.5), graph.Pow(c(t, 0.96), t))))
}

// prestep advances u_product, kept in the dtype of the first weight as
// Keras keeps it, before the weights use it.
func (o *Nadam) prestep(s *step, dt graph.DType) {
	p := s.b.variable(s.g, "u_product", dt, nil, 1)
	p1 := graph.Mul(p, o.mu(s.count(dt, 1)))
	s.set(p, p1)
	s.shared["u_product"] = p1
}

func (o *Nadam) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	dt := v.DType()
	t, t1 := s.count(dt, 1), s.count(dt, 2)
	one := c(t, 1)
	ut, ut1 := o.mu(t), o.mu(t1)
	prod := graph.Cast(s.shared["u_product"], dt)
	prod1 := graph.Mul(prod, ut1)
	m, vel := s.slot(v, "momentum", 0), s.slot(v, "velocity", 0)
	m1 := graph.Add(m, graph.Mul(graph.Sub(g, m), c(m, 1-o.Beta1)))
	v1 := graph.Add(vel, graph.Mul(graph.Sub(graph.Square(g), vel), c(vel, 1-o.Beta2)))
	s.set(m, m1)
	s.set(vel, v1)
	mHat := graph.Add(graph.Div(graph.Mul(ut1, m1), graph.Sub(one, prod1)),
		graph.Div(graph.Mul(graph.Sub(one, ut), g), graph.Sub(one, prod)))
	vHat := graph.Div(v1, graph.Sub(one, graph.Pow(c(t, o.Beta2), t)))
	return graph.Sub(w, graph.Div(graph.Mul(mHat, s.lrAs(dt)), graph.Add(graph.Sqrt(vHat), c(vHat, o.Epsilon))))
}

// Config returns Keras 3's get_config of Nadam: the common arguments
// (see Configurer), then beta_1, beta_2, epsilon.
func (o *Nadam) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("beta_1", o.Beta1).Set("beta_2", o.Beta2).Set("epsilon", o.Epsilon)
	return p, nil
}

func nadamFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"beta_1", "beta_2", "epsilon"}, nil)
	if err != nil {
		return nil, err
	}
	return NewNadam(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/nadam.py, Nadam.build: momentum and velocity
// interleaved per weight, then u_product (created by prestep, which runs
// after build, so it comes last as in Keras).
func (o *Nadam) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"momentum", 0}, slot{"velocity", 0})
}
