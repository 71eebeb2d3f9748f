package constraints

import "github.com/gokeras/gokeras/graph"

func init() { register("max_norm", "MaxNorm", func() Constraint { return NewMaxNorm() }) }

// MaxNorm is Keras's MaxNorm constraint: it caps the L2 norm of the slices
// of a weight taken over Axis at MaxValue,
//
//	n = √(Σ_axis w²),  w ← w · clip(n, 0, MaxValue) / (ε + n),  ε = 1e-7.
//
// Keras's defaults are MaxValue 2 and Axis 0: for a Dense kernel of shape
// (input_dim, units) each unit's incoming weights are capped; for a Conv2D
// kernel (rows, cols, in, out) use axes 0, 1, 2 to cap each filter.
type MaxNorm struct {
	// MaxValue is the largest norm allowed.
	MaxValue float64
	// Axis lists the axes the norm is taken over; empty means axis 0.
	Axis []int
}

// NewMaxNorm returns MaxNorm with Keras's defaults: MaxValue 2, axis 0.
func NewMaxNorm() *MaxNorm { return &MaxNorm{MaxValue: 2, Axis: []int{0}} }

// Apply returns w with the norms of its slices capped at MaxValue.
func (c *MaxNorm) Apply(w *graph.Node) *graph.Node {
	n := norms(w, c.Axis)
	return rescale(w, graph.Clip(n, 0, c.MaxValue), n)
}

// ClassName returns "MaxNorm".
func (*MaxNorm) ClassName() string { return "MaxNorm" }
