package optimizers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("sgd", func() Optimizer { return NewSGD() })
	Register("SGD", sgdFromConfig)
}

// SGD is stochastic gradient descent, with optional momentum and Nesterov
// momentum, as Keras 3's SGD:
//
//	without momentum:  w ← w − lr·g
//	with momentum μ:   m ← μ·m − lr·g;  w ← w + m
//	Nesterov:          m ← μ·m − lr·g;  w ← w + μ·m − lr·g
//
// Defaults: learning rate 0.01, momentum 0 (in [0, 1]), no Nesterov.
type SGD struct {
	Base
	// Momentum is Keras's momentum, in [0, 1].
	Momentum float64
	// Nesterov selects Nesterov momentum.
	Nesterov bool
}

// NewSGD returns SGD with Keras's defaults, changed by opts (the common
// options, WithMomentum, WithNesterov).
func NewSGD(opts ...Option) *SGD {
	o := &SGD{}
	k := o.setup("SGD", 0.01, opts, "momentum", "nesterov")
	o.Momentum, o.Nesterov = k.num("momentum", 0), k.flag("nesterov")
	if o.err == nil {
		o.err = o.check()
	}
	return o
}

// NewSGDWith returns SGD with the given learning rate, momentum and
// Nesterov flag.
func NewSGDWith(learningRate, momentum float64, nesterov bool) *SGD {
	return NewSGD(WithLearningRate(learningRate), WithMomentum(momentum), WithNesterov(nesterov))
}

// ClassName returns "SGD".
func (*SGD) ClassName() string { return "SGD" }

// Updates returns the updates of one step.
func (o *SGD) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *SGD) check() error {
	if !(o.Momentum >= 0 && o.Momentum <= 1) {
		return fmt.Errorf("optimizers: %s: momentum must be a float between [0, 1], received momentum=%v", o.name, o.Momentum)
	}
	return nil
}

func (o *SGD) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	step := graph.Mul(g, s.lrAs(v.DType()))
	if o.Momentum == 0 {
		return graph.Sub(w, step)
	}
	m := s.slot(v, "momentum", 0)
	mu := c(m, o.Momentum)
	m1 := graph.Sub(graph.Mul(m, mu), step)
	s.set(m, m1)
	if o.Nesterov {
		return graph.Add(w, graph.Sub(graph.Mul(m1, mu), step))
	}
	return graph.Add(w, m1)
}

// Config returns Keras 3's get_config of SGD: the common arguments
// (see Configurer), then momentum, nesterov.
func (o *SGD) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("momentum", o.Momentum).Set("nesterov", o.Nesterov)
	return p, nil
}

func sgdFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"momentum"}, []string{"nesterov"})
	if err != nil {
		return nil, err
	}
	return NewSGD(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/sgd.py, SGD.build: a momentum per weight, only
// when momentum is not 0.
func (o *SGD) build(s *step, vars []*layers.Variable) {
	if o.Momentum != 0 {
		s.declare(vars, slot{"momentum", 0})
	}
}
