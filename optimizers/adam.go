package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

func init() {
	register("adam", func() Optimizer { return NewAdam() })
	Register("Adam", adamFromConfig)
}

// Adam is Kingma and Ba's adaptive moment estimation, as Keras 3's Adam,
// with t the step number counted from 1:
//
//	α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)
//	m ← m + (g − m)·(1−β₁)
//	v ← v + (g² − v)·(1−β₂)
//	amsgrad:  v̂ ← max(v̂, v), used below in place of v
//	w ← w − α·m/(√v + ε)
//
// Defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7,
// amsgrad false.
type Adam struct {
	Base
	// Beta1, Beta2 and Epsilon are Keras's beta_1, beta_2 and epsilon.
	Beta1, Beta2, Epsilon float64
	// Amsgrad selects AMSGrad (Keras's amsgrad).
	Amsgrad bool
}

// NewAdam returns Adam with Keras's defaults, changed by opts (the common
// options, WithBeta1, WithBeta2, WithEpsilon, WithAmsgrad).
func NewAdam(opts ...Option) *Adam {
	o := &Adam{}
	o.setupAdam("Adam", 0, opts)
	return o
}

// setupAdam sets up Adam or AdamW, whose weight decay defaults to wd.
func (o *Adam) setupAdam(class string, wd float64, opts []Option) {
	k := o.setup(class, 0.001, opts, "beta_1", "beta_2", "epsilon", "amsgrad")
	o.Beta1, o.Beta2, o.Epsilon, o.Amsgrad = k.num("beta_1", 0.9), k.num("beta_2", 0.999), k.num("epsilon", 1e-7), k.flag("amsgrad")
	o.WeightDecay = k.num("weight_decay", wd)
	if o.err == nil {
		o.err = o.checkBase()
	}
}

// NewAdamWith returns Adam with the given learning rate, betas and
// epsilon.
func NewAdamWith(learningRate, beta1, beta2, epsilon float64) *Adam {
	return NewAdam(WithLearningRate(learningRate), WithBeta1(beta1), WithBeta2(beta2), WithEpsilon(epsilon))
}

// ClassName returns "Adam".
func (*Adam) ClassName() string { return "Adam" }

// Updates returns the updates of one step.
func (o *Adam) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	return o.apply(o, g, vars, grads)
}

func (o *Adam) check() error { return nil }

func (o *Adam) update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node {
	dt := v.DType()
	t := s.count(dt, 1)
	one := c(t, 1)
	alpha := graph.Div(graph.Mul(s.lrAs(dt), graph.Sqrt(graph.Sub(one, graph.Pow(c(t, o.Beta2), t)))),
		graph.Sub(one, graph.Pow(c(t, o.Beta1), t)))
	m, vel := s.slot(v, "momentum", 0), s.slot(v, "velocity", 0)
	m1 := graph.Add(m, graph.Mul(graph.Sub(g, m), c(m, 1-o.Beta1)))
	v1 := graph.Add(vel, graph.Mul(graph.Sub(graph.Square(g), vel), c(vel, 1-o.Beta2)))
	s.set(m, m1)
	s.set(vel, v1)
	if o.Amsgrad {
		vh := s.slot(v, "velocity_hat", 0)
		v1 = graph.Maximum(vh, v1)
		s.set(vh, v1)
	}
	return graph.Sub(w, graph.Div(graph.Mul(m1, alpha), graph.Add(graph.Sqrt(v1), c(vel, o.Epsilon))))
}

// Config returns Keras 3's get_config of Adam: the common arguments
// (see Configurer), then beta_1, beta_2, epsilon, amsgrad.
func (o *Adam) Config() (*saving.Params, error) {
	p, err := o.baseConfig()
	if err != nil {
		return nil, err
	}
	p.Set("beta_1", o.Beta1).Set("beta_2", o.Beta2).Set("epsilon", o.Epsilon).Set("amsgrad", o.Amsgrad)
	return p, nil
}

func adamFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"beta_1", "beta_2", "epsilon"}, []string{"amsgrad"})
	if err != nil {
		return nil, err
	}
	return NewAdam(opts...), nil
}

// build creates the slots in Keras 3's order, from
// keras/src/optimizers/adam.py, Adam.build: momentum and velocity
// interleaved per weight, then (amsgrad) every weight's velocity_hat.
// AdamW builds as Adam.
func (o *Adam) build(s *step, vars []*layers.Variable) {
	s.declare(vars, slot{"momentum", 0}, slot{"velocity", 0})
	if o.Amsgrad {
		s.declare(vars, slot{"velocity_hat", 0})
	}
}
