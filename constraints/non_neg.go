package constraints

import "github.com/gokeras/gokeras/graph"

func init() { register("non_neg", "NonNeg", func() Constraint { return NonNeg{} }) }

// NonNeg is Keras's NonNeg constraint: w ← max(w, 0), so the weight stays
// non-negative. It has no parameters.
type NonNeg struct{}

// Apply returns max(w, 0).
func (NonNeg) Apply(w *graph.Node) *graph.Node { return graph.Maximum(w, graph.ScalarLike(w, 0)) }

// ClassName returns "NonNeg".
func (NonNeg) ClassName() string { return "NonNeg" }
