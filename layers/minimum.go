package layers

import "github.com/gokeras/gokeras/graph"

// Minimum returns the element-wise minimum of its inputs. Input shapes must agree or broadcast;
// the output has their broadcast shape.
type Minimum struct{ Merge }

// NewMinimum returns a Minimum merge layer.
func NewMinimum(opts ...Option) *Minimum {
	l := &Minimum{}
	l.initMerge(l, "Minimum", opts, 1, 0, foldWith(graph.Minimum))
	return l
}
