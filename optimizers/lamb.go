package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("lamb", func() Optimizer { return NewLamb() })
	Register("Lamb", lambFromConfig)
}

// Lamb is layer-wise adaptive moments (You et al.), as Keras 3's Lamb:
// Adam's bias-corrected direction, scaled per weight by the ratio of the
// weight's norm to the direction's. With t the step number counted from 1:
//
//	m ← m + (g − m)·(1−β₁);  v ← v + (g² − v)·(1−β₂)
//	r = (m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)
//	ratio = ‖w‖/‖r‖ if both norms are positive, else 1
//	w ← w − ratio·lr·r
//
// Defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
type Lamb struct {
	Base
	// Beta1, Beta2 and Epsilon are Keras's beta_1, beta_2 and epsilon.
	Beta1, Beta2, Epsilon float64
}

// NewLamb returns Lamb with Keras's defaults, changed by opts (the common
// options, WithBeta1, WithBeta2, WithEpsilon).
func NewLamb(opts ...Option) *Lamb {
	o := &Lamb{}
	k := o.setup("Lamb", 0.001, opts, "beta_1", "beta_2", "epsilon")
	o.Beta1, o.Beta2, o.Epsilon = k.num("beta_1", 0.9), k.num("beta_2", 0.999), k.num("epsilon", 1e-7)
	return o
}

// ClassName returns "Lamb".
func (*Lamb) ClassName() string { return "Lamb" }

// Updates returns the updates of one step.
func (o *Lamb) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Lamb) check() error { return nil }

func (o *Lamb) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	dt := v.DType()
	t := s.count(dt, 1)
	one := c(t, 1)
	m, vel := s.slot(v, "momentum", 0), s.slot(v, "velocity", 0)
	m1 := graph.Add(m, graph.Mul(graph.Sub(g, m), c(m, 1-o.Beta1)))
	v1 := graph.Add(vel, graph.Mul(graph.Sub(graph.Square(g), vel), c(vel, 1-o.Beta2)))
	s.set(m, m1)
	s.set(vel, v1)
	mHat := graph.Div(m1, graph.Sub(one, graph.Pow(c(t, o.Beta1), t)))
	vSqrt := graph.Add(graph.Sqrt(graph.Div(v1, graph.Sub(one, graph.Pow(c(t, o.Beta2), t)))), c(t, o.Epsilon))
	r := graph.Div(mHat, vSqrt)
	wNorm := graph.Sqrt(graph.Sum(graph.Square(w), nil, false))
	rNorm := graph.Sqrt(graph.Sum(graph.Square(r), nil, false))
	zero := c(wNorm, 0)
	ratio := graph.Where(graph.Greater(wNorm, zero),
		graph.Where(graph.Greater(rNorm, zero), graph.Div(wNorm, rNorm), one), one)
	return graph.Sub(w, graph.Mul(graph.Mul(ratio, s.lrAs(dt)), r))
}

// Config returns Keras 3's get_config of Lamb: the common arguments
// (see Configurer), then beta_1, beta_2, epsilon.
func (o *Lamb) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("beta_1", o.Beta1).Set("beta_2", o.Beta2).Set("epsilon", o.Epsilon)
	return p, nil
}

func lambFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"beta_1", "beta_2", "epsilon"}, nil)
	if err != nil {
		return nil, err
	}
	return NewLamb(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/lamb.py, Lamb.build: momentum and velocity
// interleaved per weight.
func (o *Lamb) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"momentum", 0}, slot{"velocity", 0})
}
