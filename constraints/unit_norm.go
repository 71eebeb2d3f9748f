package constraints

import "github.com/gokeras/gokeras/graph"

func init() { register("unit_norm", "UnitNorm", func() Constraint { return NewUnitNorm() }) }

// UnitNorm is Keras's UnitNorm constraint: it scales the slices of a weight
// taken over Axis to unit L2 norm,
//
//	w ← w / (ε + √(Σ_axis w²)),  ε = 1e-7.
//
// Keras's default is Axis 0 (each unit's incoming weights of a Dense
// kernel).
type UnitNorm struct {
	// Axis lists the axes the norm is taken over; empty means axis 0.
	Axis []int
}

// NewUnitNorm returns UnitNorm with Keras's default axis 0.
func NewUnitNorm() *UnitNorm { return &UnitNorm{Axis: []int{0}} }

// Apply returns w with slices of unit norm.
func (c *UnitNorm) Apply(w *graph.Node) *graph.Node {
	n := norms(w, c.Axis)
	return graph.Div(w, graph.Add(graph.ScalarLike(n, graph.Epsilon), n))
}

// ClassName returns "UnitNorm".
func (*UnitNorm) ClassName() string { return "UnitNorm" }
