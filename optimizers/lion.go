package optimizers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("lion", func() Optimizer { return NewLion() })
	Register("Lion", lionFromConfig)
}

// Lion is the evolved sign momentum optimizer (Chen et al.), as Keras 3's
// Lion:
//
//	w ← w − lr·sign(β₁·m + (1−β₁)·g)
//	m ← β₂·m + (1−β₂)·g
//
// Defaults: learning rate 0.001, beta_1 0.9 (in (0, 1]), beta_2 0.99.
type Lion struct {
	Base
	// Beta1 and Beta2 are Keras's beta_1 and beta_2.
	Beta1, Beta2 float64
}

// NewLion returns Lion with Keras's defaults, changed by opts (the common
// options, WithBeta1, WithBeta2).
func NewLion(opts ...Option) *Lion {
	o := &Lion{}
	k := o.setup("Lion", 0.001, opts, "beta_1", "beta_2")
	o.Beta1, o.Beta2 = k.num("beta_1", 0.9), k.num("beta_2", 0.99)
	if o.err == nil {
		o.err = o.check()
	}
	return o
}

// ClassName returns "Lion".
func (*Lion) ClassName() string { return "Lion" }

// Updates returns the updates of one step.
func (o *Lion) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Lion) check() error {
	if !(o.Beta1 > 0 && o.Beta1 <= 1) {
		return fmt.Errorf("optimizers: %s: argument beta_1 must be in the [0, 1] range, otherwise the optimizer degenerates to SignSGD, received beta_1=%v", o.name, o.Beta1)
	}
	return nil
}

func (o *Lion) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	m := s.slot(v, "momentum", 0)
	dir := graph.Sign(graph.Add(graph.Mul(m, c(m, o.Beta1)), graph.Mul(g, c(g, 1-o.Beta1))))
	s.set(m, graph.Add(graph.Mul(m, c(m, o.Beta2)), graph.Mul(g, c(g, 1-o.Beta2))))
	return graph.Sub(w, graph.Mul(s.lrAs(v.DType()), dir))
}

// Config returns Keras 3's get_config of Lion: the common arguments
// (see Configurer), then beta_1, beta_2.
func (o *Lion) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("beta_1", o.Beta1).Set("beta_2", o.Beta2)
	return p, nil
}

func lionFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"beta_1", "beta_2"}, nil)
	if err != nil {
		return nil, err
	}
	return NewLion(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/lion.py, Lion.build: a momentum per weight.
func (o *Lion) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"momentum", 0})
}
