package optimizers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
)

func init() { register("sgd", func() Optimizer { return NewSGD() }) }

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
