package optimizers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
)

// SGD is stochastic gradient descent, with optional momentum and Nesterov
// momentum, as Keras 3's SGD:
//
//	without momentum:  w ← w − lr·g
//	with momentum μ:   m ← μ·m − lr·g;  w ← w + m
//	Nesterov:          m ← μ·m − lr·g;  w ← w + μ·m − lr·g
//
// Defaults: learning rate 0.01, momentum 0, no Nesterov.
type SGD struct {
	Base
	Momentum float64
	Nesterov bool
}

// NewSGD returns SGD with Keras's defaults.
func NewSGD() *SGD { return NewSGDWith(0.01, 0, false) }

// NewSGDWith returns SGD with the given learning rate, momentum and
// Nesterov flag.
func NewSGDWith(learningRate, momentum float64, nesterov bool) *SGD {
	o := &SGD{Momentum: momentum, Nesterov: nesterov}
	o.init("SGD", learningRate)
	return o
}

// ClassName returns "SGD".
func (*SGD) ClassName() string { return "SGD" }

// Updates returns the updates of one step.
func (o *SGD) Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	if err := checkArgs("SGD", vars, grads); err != nil {
		return nil, err
	}
	lr, count := o.step(g)
	ups := []graph.Update{count}
	for i, v := range vars {
		w, gr := v.Node(g), grads[i]
		step := graph.Mul(gr, lr)
		if o.Momentum == 0 {
			ups = append(ups, graph.Update{Var: w, Value: graph.Sub(w, step)})
			continue
		}
		m := o.slot(g, v, "momentum")
		mu := c(m, o.Momentum)
		m1 := graph.Sub(graph.Mul(m, mu), step)
		delta := m1
		if o.Nesterov {
			delta = graph.Sub(graph.Mul(m1, mu), step)
		}
		ups = append(ups, graph.Update{Var: m, Value: m1}, graph.Update{Var: w, Value: graph.Add(w, delta)})
	}
	return ups, nil
}
