package layers

import "github.com/gokeras/gokeras/graph"

// Multiply multiplies its inputs element-wise. Input shapes must agree or broadcast;
// the output has their broadcast shape.
type Multiply struct{ Merge }

// NewMultiply returns a Multiply merge layer.
func NewMultiply(opts ...Option) *Multiply {
	l := &Multiply{}
	l.initMerge(l, "Multiply", opts, 1, 0, foldWith(graph.Mul))
	return l
}
