package layers

import "github.com/gokeras/gokeras/graph"

// Average returns the element-wise mean of its inputs. Input shapes must
// agree or broadcast; the output has their broadcast shape.
type Average struct{ Merge }

// NewAverage returns an Average merge layer.
func NewAverage(opts ...Option) *Average {
	l := &Average{}
	l.initMerge(l, "Average", opts, 1, 0, func(xs []*graph.Node) *graph.Node {
		sum := foldWith(graph.Add)(xs)
		return graph.Mul(sum, graph.ScalarLike(sum, 1/float64(len(xs))))
	})
	return l
}
