package layers

import "github.com/gokeras/gokeras/graph"

// Subtract returns its first input minus its second, element-wise. Input shapes must agree or broadcast;
// the output has their broadcast shape.
type Subtract struct{ Merge }

// NewSubtract returns a Subtract merge layer.
func NewSubtract(opts ...Option) *Subtract {
	l := &Subtract{}
	l.initMerge(l, "Subtract", opts, 2, 2, foldWith(graph.Sub))
	return l
}
