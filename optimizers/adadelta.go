package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("adadelta", func() Optimizer { return NewAdadelta() })
	Register("Adadelta", adadeltaFromConfig)
}

// Adadelta scales each step by the ratio of running root mean squares of
// past steps and of gradients (Zeiler), as Keras 3's Adadelta:
//
//	a ← ρ·a + (1−ρ)·g²
//	Δ = −√(d + ε)·g/√(a + ε)      (d before its update)
//	d ← ρ·d + (1−ρ)·Δ²
//	w ← w + lr·Δ
//
// Defaults: learning rate 0.001, rho 0.95, epsilon 1e-7.
type Adadelta struct {
	Base
	// Rho and Epsilon are Keras's rho and epsilon.
	Rho, Epsilon float64
}

// NewAdadelta returns Adadelta with Keras's defaults, changed by opts (the
// common options, WithRho, WithEpsilon).
func NewAdadelta(opts ...Option) *Adadelta {
	o := &Adadelta{}
	k := o.setup("Adadelta", 0.001, opts, "rho", "epsilon")
	o.Rho, o.Epsilon = k.num("rho", 0.95), k.num("epsilon", 1e-7)
	return o
}

// ClassName returns "Adadelta".
func (*Adadelta) ClassName() string { return "Adadelta" }

// Updates returns the updates of one step.
func (o *Adadelta) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Adadelta) check() error { return nil }

func (o *Adadelta) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	a, d := s.slot(v, "accumulated_grad", 0), s.slot(v, "accumulated_delta_var", 0)
	rho, rest := c(a, o.Rho), c(a, 1-o.Rho)
	rms := func(x *graph.Node) *graph.Node { return graph.Sqrt(graph.Add(x, c(x, o.Epsilon))) }
	a1 := graph.Add(graph.Mul(rho, a), graph.Mul(rest, graph.Square(g)))
	delta := graph.Neg(graph.Div(graph.Mul(rms(d), g), rms(a1)))
	s.set(a, a1)
	s.set(d, graph.Add(graph.Mul(rho, d), graph.Mul(rest, graph.Square(delta))))
	return graph.Add(w, graph.Mul(s.lrAs(v.DType()), delta))
}

// Config returns Keras 3's get_config of Adadelta: the common arguments
// (see Configurer), then rho, epsilon.
func (o *Adadelta) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("rho", o.Rho).Set("epsilon", o.Epsilon)
	return p, nil
}

func adadeltaFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"rho", "epsilon"}, nil)
	if err != nil {
		return nil, err
	}
	return NewAdadelta(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/adadelta.py, Adadelta.build: accumulated_grad
// and accumulated_delta_var interleaved per weight.
func (o *Adadelta) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"accumulated_grad", 0}, slot{"accumulated_delta_var", 0})
}
