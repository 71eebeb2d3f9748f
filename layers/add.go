package layers

import "github.com/gokeras/gokeras/graph"

// Add sums its inputs element-wise. Input shapes must agree or broadcast;
// the output has their broadcast shape.
type Add struct{ Merge }

// NewAdd returns a Add merge layer.
func NewAdd(opts ...Option) *Add {
	l := &Add{}
	l.initMerge(l, "Add", opts, 1, 0, foldWith(graph.Add))
	return l
}
