package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
)

// RMSprop divides the gradient by a running root mean square, as Keras 3's
// RMSprop:
//
//	v ← ρ·v + (1−ρ)·g²
//	centered:  a ← ρ·a + (1−ρ)·g;  d = v − a² + ε,  else d = v + ε
//	Δ = lr·g/√d
//	momentum μ > 0:  m ← μ·m + Δ;  w ← w − m,  else w ← w − Δ
//
// Defaults: learning rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, not
// centered.
type RMSprop struct {
	Base
	Rho, Momentum, Epsilon float64
	Centered               bool
}

// NewRMSprop returns RMSprop with Keras's defaults.
func NewRMSprop() *RMSprop { return NewRMSpropWith(0.001, 0.9, 0, 1e-7, false) }

// NewRMSpropWith returns RMSprop with the given learning rate, rho,
// momentum, epsilon and centering.
func NewRMSpropWith(learningRate, rho, momentum, epsilon float64, centered bool) *RMSprop {
	o := &RMSprop{Rho: rho, Momentum: momentum, Epsilon: epsilon, Centered: centered}
	o.init("RMSprop", learningRate)
	return o
}

// ClassName returns "RMSprop".
func (*RMSprop) ClassName() string { return "RMSprop" }

// Updates returns the updates of one step.
func (o *RMSprop) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	if err := checkArgs("RMSprop", vars, grads); err != nil {
		return nil, err
	}
	lr, count := o.step(g)
	ups := []graph.Update{count}
	for i, v := range vars {
		w, gr := v.Node(g), grads[i]
		vel := o.slot(g, v, "velocity")
		vel1 := graph.Add(graph.Mul(c(vel, o.Rho), vel), graph.Mul(c(vel, 1-o.Rho), graph.Square(gr)))
		ups = append(ups, graph.Update{Var: vel, Value: vel1})
		den := graph.Add(vel1, c(vel, o.Epsilon))
		if o.Centered {
			avg := o.slot(g, v, "average_gradient")
			avg1 := graph.Add(graph.Mul(c(avg, o.Rho), avg), graph.Mul(c(avg, 1-o.Rho), gr))
			ups = append(ups, graph.Update{Var: avg, Value: avg1})
			den = graph.Add(graph.Sub(vel1, graph.Square(avg1)), c(vel, o.Epsilon))
		}
		inc := graph.Div(graph.Mul(lr, gr), graph.Sqrt(den))
		if o.Momentum > 0 {
			m := o.slot(g, v, "momentum")
			m1 := graph.Add(graph.Mul(c(m, o.Momentum), m), inc)
			ups = append(ups, graph.Update{Var: m, Value: m1})
			inc = m1
		}
		ups = append(ups, graph.Update{Var: w, Value: graph.Sub(w, inc)})
	}
	return ups, nil
}
