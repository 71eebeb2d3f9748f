package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
)

// Adam is Kingma and Ba's adaptive moment estimation, as Keras 3's Adam,
// with t the step number counted from 1:
//
//	α = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)
//	m ← m + (g − m)·(1−β₁)
//	v ← v + (g² − v)·(1−β₂)
//	w ← w − α·m/(√v + ε)
//
// Defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7.
type Adam struct {
	Base
	Beta1, Beta2, Epsilon float64
}

// NewAdam returns Adam with Keras's defaults.
func NewAdam() *Adam { return NewAdamWith(0.001, 0.9, 0.999, 1e-7) }

// NewAdamWith returns Adam with the given learning rate, betas and
// epsilon.
func NewAdamWith(learningRate, beta1, beta2, epsilon float64) *Adam {
	o := &Adam{Beta1: beta1, Beta2: beta2, Epsilon: epsilon}
	o.init("Adam", learningRate)
	return o
}

// ClassName returns "Adam".
func (*Adam) ClassName() string { return "Adam" }

// Updates returns the updates of one step.
func (o *Adam) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	if err := checkArgs("Adam", vars, grads); err != nil {
		return nil, err
	}
	lr, count := o.step(g)
	ups := []graph.Update{count}
	t := graph.Cast(count.Value, graph.Float32)
	b1t := graph.Pow(c(lr, o.Beta1), t)
	b2t := graph.Pow(c(lr, o.Beta2), t)
	one := c(lr, 1)
	alpha := graph.Div(graph.Mul(lr, graph.Sqrt(graph.Sub(one, b2t))), graph.Sub(one, b1t))
	for i, v := range vars {
		w, gr := v.Node(g), grads[i]
		m, vel := o.slot(g, v, "momentum"), o.slot(g, v, "velocity")
		m1 := graph.Add(m, graph.Mul(graph.Sub(gr, m), c(m, 1-o.Beta1)))
		v1 := graph.Add(vel, graph.Mul(graph.Sub(graph.Square(gr), vel), c(vel, 1-o.Beta2)))
		step := graph.Div(graph.Mul(m1, alpha), graph.Add(graph.Sqrt(v1), c(vel, o.Epsilon)))
		ups = append(ups, graph.Update{Var: m, Value: m1}, graph.Update{Var: vel, Value: v1},
			graph.Update{Var: w, Value: graph.Sub(w, step)})
	}
	return ups, nil
}
