package metrics

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// Sum is Keras's Sum metric: the running total Σ w·v of the values passed
// (the predictions, in Update), weighted by the sample weights.
type Sum struct {
	name  string
	total *graph.Node
}

// NewSum returns a Sum metric named "sum".
func NewSum() *Sum { return &Sum{name: "sum"} }

func init() {
	register("sum", func() Metric { return NewSum() })
	register("mean", func() Metric { return NewMean("mean") })
}

// Name returns the metric's name.
func (m *Sum) Name() string { return m.name }

func (m *Sum) setName(n string) { m.name = n }

// Build creates the state: one float32 scalar.
func (m *Sum) Build(g *graph.Graph) { m.total = g.Shared(m.name+"/total", tensor.Scalar[float32](0)) }

// Reset zeroes the state.
func (m *Sum) Reset() error {
	if m.total == nil {
		return nil
	}
	return m.total.SetValue(tensor.Scalar[float32](0))
}

// Update adds the weighted predictions to the total; yTrue is ignored.
func (m *Sum) Update(_, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	v := castF32(yPred)
	total := graph.Add(m.total, graph.Sum(graph.Mul(v, broadcastWeights(sw, v)), nil, false))
	return []graph.Update{{Var: m.total, Value: total}}, total
}
