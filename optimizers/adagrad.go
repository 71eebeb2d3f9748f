package optimizers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("adagrad", func() Optimizer { return NewAdagrad() })
	Register("Adagrad", adagradFromConfig)
}

// Adagrad adapts each weight's step to the sum of its squared gradients
// (Duchi et al.), as Keras 3's Adagrad:
//
//	a ← a + g²
//	w ← w − lr·g/√(a + ε)
//
// with the accumulator a starting at initial_accumulator_value. Defaults:
// learning rate 0.001, initial_accumulator_value 0.1 (≥ 0), epsilon 1e-7.
type Adagrad struct {
	Base
	// InitialAccumulatorValue and Epsilon are Keras's
	// initial_accumulator_value and epsilon.
	InitialAccumulatorValue, Epsilon float64
}

// NewAdagrad returns Adagrad with Keras's defaults, changed by opts (the
// common options, WithInitialAccumulatorValue, WithEpsilon).
func NewAdagrad(opts ...Option) *Adagrad {
	o := &Adagrad{}
	k := o.setup("Adagrad", 0.001, opts, "initial_accumulator_value", "epsilon")
	o.InitialAccumulatorValue, o.Epsilon = k.num("initial_accumulator_value", 0.1), k.num("epsilon", 1e-7)
	if o.err == nil {
		o.err = o.check()
	}
	return o
}

// ClassName returns "Adagrad".
func (*Adagrad) ClassName() string { return "Adagrad" }

// Updates returns the updates of one step.
func (o *Adagrad) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Adagrad) check() error {
	if !(o.InitialAccumulatorValue >= 0) {
		return fmt.Errorf("optimizers: %s: initial_accumulator_value must be non-negative, received %v", o.name, o.InitialAccumulatorValue)
	}
	return nil
}

func (o *Adagrad) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	a := s.slot(v, "accumulator", o.InitialAccumulatorValue)
	a1 := graph.Add(a, graph.Square(g))
	s.set(a, a1)
	return graph.Sub(w, graph.Div(graph.Mul(s.lrAs(v.DType()), g), graph.Sqrt(graph.Add(a1, c(a, o.Epsilon)))))
}

// Config returns Keras 3's get_config of Adagrad: the common arguments
// (see Configurer), then initial_accumulator_value, epsilon.
func (o *Adagrad) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("initial_accumulator_value", o.InitialAccumulatorValue).Set("epsilon", o.Epsilon)
	return p, nil
}

func adagradFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"initial_accumulator_value", "epsilon"}, nil)
	if err != nil {
		return nil, err
	}
	return NewAdagrad(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/adagrad.py, Adagrad.build: an accumulator per
// weight, filled with initial_accumulator_value.
func (o *Adagrad) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"accumulator", o.InitialAccumulatorValue})
}
