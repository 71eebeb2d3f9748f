package constraints

import "github.com/gokeras/gokeras/graph"

func init() { register("min_max_norm", "MinMaxNorm", func() Constraint { return NewMinMaxNorm() }) }

// MinMaxNorm is Keras's MinMaxNorm constraint: it moves the L2 norms of
// the slices of a weight taken over Axis towards [MinValue, MaxValue] at
// rate Rate,
//
//	n = √(Σ_axis w²),
//	w ← w · (Rate·clip(n, MinValue, MaxValue) + (1 − Rate)·n) / (ε + n),  ε = 1e-7,
//
// so Rate 1 enforces the interval strictly and a smaller rate approaches
// it step by step. Keras's defaults are MinValue 0, MaxValue 1, Rate 1 and
// Axis 0.
type MinMaxNorm struct {
	// MinValue and MaxValue bound the norms.
	MinValue, MaxValue float64
	// Rate is the fraction of the way to the interval taken per
	// application.
	Rate float64
	// Axis lists the axes the norm is taken over; empty means axis 0.
	Axis []int
}

// NewMinMaxNorm returns MinMaxNorm with Keras's defaults: MinValue 0,
// MaxValue 1, Rate 1, axis 0.
func NewMinMaxNorm() *MinMaxNorm {
	return &MinMaxNorm{MinValue: 0, MaxValue: 1, Rate: 1, Axis: []int{0}}
}

// Apply returns w with the norms of its slices moved towards the interval.
func (c *MinMaxNorm) Apply(w *graph.Node) *graph.Node {
	n := norms(w, c.Axis)
	desired := graph.Add(
		graph.Mul(graph.ScalarLike(n, c.Rate), graph.Clip(n, c.MinValue, c.MaxValue)),
		graph.Mul(graph.ScalarLike(n, 1-c.Rate), n))
	return rescale(w, desired, n)
}

// ClassName returns "MinMaxNorm".
func (*MinMaxNorm) ClassName() string { return "MinMaxNorm" }
