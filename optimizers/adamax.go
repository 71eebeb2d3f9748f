package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("adamax", func() Optimizer { return NewAdamax() })
	Register("Adamax", adamaxFromConfig)
}

// Adamax is Adam with the infinity norm (Kingma and Ba, section 7.1), as
// Keras 3's Adamax, with t the step number counted from 1:
//
//	m ← m + (g − m)·(1−β₁)
//	u ← max(β₂·u, |g|)
//	w ← w − lr·m/((1−β₁ᵗ)·(u + ε))
//
// Defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
type Adamax struct {
	Base
	// Beta1, Beta2 and Epsilon are Keras's beta_1, beta_2 and epsilon.
	Beta1, Beta2, Epsilon float64
}

// NewAdamax returns Adamax with Keras's defaults, changed by opts (the
// common options, WithBeta1, WithBeta2, WithEpsilon).
func NewAdamax(opts ...Option) *Adamax {
	o := &Adamax{}
	k := o.setup("Adamax", 0.001, opts, "beta_1", "beta_2", "epsilon")
	o.Beta1, o.Beta2, o.Epsilon = k.num("beta_1", 0.9), k.num("beta_2", 0.999), k.num("epsilon", 1e-7)
	return o
}

// ClassName returns "Adamax".
func (*Adamax) ClassName() string { return "Adamax" }

// Updates returns the updates of one step.
func (o *Adamax) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Adamax) check() error { return nil }

func (o *Adamax) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	dt := v.DType()
	t := s.count(dt, 1)
	b1t := graph.Pow(c(t, o.Beta1), t)
	m, u := s.slot(v, "momentum", 0), s.slot(v, "norm", 0)
	m1 := graph.Add(m, graph.Mul(graph.Sub(g, m), c(m, 1-o.Beta1)))
	u1 := graph.Maximum(graph.Mul(c(u, o.Beta2), u), graph.Abs(g))
	s.set(m, m1)
	s.set(u, u1)
	den := graph.Mul(graph.Sub(c(t, 1), b1t), graph.Add(u1, c(u, o.Epsilon)))
	return graph.Sub(w, graph.Div(graph.Mul(s.lrAs(dt), m1), den))
}

// Config returns Keras 3's get_config of Adamax: the common arguments
// (see Configurer), then beta_1, beta_2, epsilon.
func (o *Adamax) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("beta_1", o.Beta1).Set("beta_2", o.Beta2).Set("epsilon", o.Epsilon)
	return p, nil
}

func adamaxFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"beta_1", "beta_2", "epsilon"}, nil)
	if err != nil {
		return nil, err
	}
	return NewAdamax(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/adamax.py, Adamax.build: momentum and norm
// interleaved per weight.
func (o *Adamax) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"momentum", 0}, slot{"norm", 0})
}
