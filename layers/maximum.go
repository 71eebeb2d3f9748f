package layers

import "github.com/gokeras/gokeras/graph"

// Maximum returns the element-wise maximum of its inputs. Input shapes must agree or broadcast;
// the output has their broadcast shape.
type Maximum struct{ Merge }

// NewMaximum returns a Maximum merge layer.
func NewMaximum(opts ...Option) *Maximum {
	l := &Maximum{}
	l.initMerge(l, "Maximum", opts, 1, 0, foldWith(graph.Maximum))
	return l
}
