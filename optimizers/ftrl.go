package optimizers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("ftrl", func() Optimizer { return NewFtrl() })
	Register("Ftrl", ftrlFromConfig)
}

// Ftrl is Follow The Regularized Leader (McMahan et al.), as Keras 3's
// Ftrl, with online L1 and L2 regularization and L2 shrinkage. With p the
// learning_rate_power, λ₁, λ₂ and λ₂ₛ the regularization strengths and n
// the accumulator (starting at initial_accumulator_value):
//
//	g' = g + 2·λ₂ₛ·w
//	n' = n + g²
//	z ← z + g' − (n'^(−p) − n^(−p))/lr·w;  n ← n'
//	q = n'^(−p)/lr + 2·(λ₂ + β/(2·lr))
//	w ← (clip(z, −λ₁, λ₁) − z)/q
//
// so w is 0 where |z| ≤ λ₁. Defaults: learning rate 0.001,
// learning_rate_power −0.5 (≤ 0), initial_accumulator_value 0.1, the
// three strengths 0, beta 0; all but beta must be ≥ 0.
type Ftrl struct {
	Base
	// The fields are Keras's arguments of the same names
	// (learning_rate_power, …, beta).
	LearningRatePower                 float64
	InitialAccumulatorValue           float64
	L1RegularizationStrength          float64
	L2RegularizationStrength          float64
	L2ShrinkageRegularizationStrength float64
	Beta                              float64
}

// NewFtrl returns Ftrl with Keras's defaults, changed by opts (the common
// options, WithLearningRatePower, WithInitialAccumulatorValue,
// WithL1RegularizationStrength, WithL2RegularizationStrength,
// WithL2ShrinkageRegularizationStrength, WithBeta).
func NewFtrl(opts ...Option) *Ftrl {
	o := &Ftrl{}
	k := o.setup("Ftrl", 0.001, opts, "learning_rate_power", "initial_accumulator_value", "l1_regularization_strength",
		"l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta")
	o.LearningRatePower = k.num("learning_rate_power", -0.5)
	o.InitialAccumulatorValue = k.num("initial_accumulator_value", 0.1)
	o.L1RegularizationStrength = k.num("l1_regularization_strength", 0)
	o.L2RegularizationStrength = k.num("l2_regularization_strength", 0)
	o.L2ShrinkageRegularizationStrength = k.num("l2_shrinkage_regularization_strength", 0)
	o.Beta = k.num("beta", 0)
	if o.err == nil {
		o.err = o.check()
	}
	return o
}

// ClassName returns "Ftrl".
func (*Ftrl) ClassName() string { return "Ftrl" }

// Updates returns the updates of one step.
func (o *Ftrl) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Ftrl) check() error {
	switch {
	case !(o.InitialAccumulatorValue >= 0):
		return fmt.Errorf("optimizers: %s: initial_accumulator_value needs to be positive or zero, received initial_accumulator_value=%v", o.name, o.InitialAccumulatorValue)
	case !(o.LearningRatePower <= 0):
		return fmt.Errorf("optimizers: %s: learning_rate_power needs to be negative or zero, received learning_rate_power=%v", o.name, o.LearningRatePower)
	case !(o.L1RegularizationStrength >= 0):
		return fmt.Errorf("optimizers: %s: l1_regularization_strength needs to be positive or zero, received l1_regularization_strength=%v", o.name, o.L1RegularizationStrength)
	case !(o.L2RegularizationStrength >= 0):
		return fmt.Errorf("optimizers: %s: l2_regularization_strength needs to be positive or zero, received l2_regularization_strength=%v", o.name, o.L2RegularizationStrength)
	case !(o.L2ShrinkageRegularizationStrength >= 0):
		return fmt.Errorf("optimizers: %s: l2_shrinkage_regularization_strength needs to be positive or zero, received l2_shrinkage_regularization_strength=%v", o.name, o.L2ShrinkageRegularizationStrength)
	}
	return nil
}

func (o *Ftrl) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	lr := s.lrAs(v.DType())
	n, z := s.slot(v, "accumulator", o.InitialAccumulatorValue), s.slot(v, "linear", 0)
	negP := c(n, -o.LearningRatePower)
	l2 := graph.Add(c(lr, o.L2RegularizationStrength), graph.Div(c(lr, o.Beta), graph.Mul(c(lr, 2), lr)))
	gs := graph.Add(g, graph.Mul(c(w, 2*o.L2ShrinkageRegularizationStrength), w))
	n1 := graph.Add(n, graph.Square(g))
	pow1 := graph.Pow(n1, negP)
	sigma := graph.Div(graph.Sub(pow1, graph.Pow(n, negP)), lr)
	z1 := graph.Add(z, graph.Sub(gs, graph.Mul(sigma, w)))
	q := graph.Add(graph.Div(pow1, lr), graph.Mul(c(l2, 2), l2))
	s.set(z, z1)
	s.set(n, n1)
	l1 := o.L1RegularizationStrength
	return graph.Div(graph.Sub(graph.Clip(z1, -l1, l1), z1), q)
}

// Config returns Keras 3's get_config of Ftrl: the common arguments
// (see Configurer), then learning_rate_power, initial_accumulator_value, l1_regularization_strength, l2_regularization_strength, l2_shrinkage_regularization_strength, beta.
func (o *Ftrl) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("learning_rate_power", o.LearningRatePower).Set("initial_accumulator_value", o.InitialAccumulatorValue)
	p.Set("l1_regularization_strength", o.L1RegularizationStrength).Set("l2_regularization_strength", o.L2RegularizationStrength)
	p.Set("l2_shrinkage_regularization_strength", o.L2ShrinkageRegularizationStrength).Set("beta", o.Beta)
	return p, nil
}

func ftrlFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"learning_rate_power", "initial_accumulator_value", "l1_regularization_strength", "l2_regularization_strength", "l2_shrinkage_regularization_strength", "beta"}, nil)
	if err != nil {
		return nil, err
	}
	return NewFtrl(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/ftrl.py, Ftrl.build: accumulator (filled with
// initial_accumulator_value) and linear interleaved per weight.
func (o *Ftrl) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"accumulator", o.InitialAccumulatorValue}, slot{"linear", 0})
}
