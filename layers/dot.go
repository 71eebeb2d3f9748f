package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// Dot takes the dot product of two inputs along an axis of each (Keras's
// Dot, a batched dot product): for each sample it sums x·y over axis
// Axes[0] of x and Axes[1] of y, and its output shape is x's shape without
// that axis followed by y's without the batch dimension and that axis, as
// Keras's batch_dot: (batch, d)·(batch, d) along 1 gives (batch, 1);
// (batch, n, d)·(batch, m, d) along 2 and 2 gives (batch, n, m);
// (batch, n, d)·(batch, d) along 2 and 1 gives (batch, n). The inputs may
// have different ranks; past rank 3 their sizes other than the batch must
// be known. With Normalize the inputs are first L2-normalized along those
// axes, giving cosine similarities.
type Dot struct {
	Base
	// Axes are the axes of the first and second input to reduce; negative
	// axes count from the end of each input's shape.
	Axes      [2]int
	Normalize bool
}

// NewDot returns a Dot layer reducing axis axes[0] of the first input with
// axis axes[1] of the second (one value: the same axis of both); it takes
// WithNormalize.
func NewDot(axes []int, opts ...Option) *Dot {
	l := &Dot{}
	k := l.Init(l, "Dot", opts, "normalize")
	l.Normalize = k.Normalize
	switch len(axes) {
	case 1:
		l.Axes = [2]int{axes[0], axes[0]}
	case 2:
		l.Axes = [2]int{axes[0], axes[1]}
	default:
		l.Fail(l.Errorf("expected one or two axes, received %v", axes))
	}
	return l
}

// axes returns the non-negative axes for inputs of ranks rx and ry.
func (l *Dot) axes(rx, ry int) (int, int) {
	a, b := l.Axes[0], l.Axes[1]
	if a < 0 {
		a += rx
	}
	if b < 0 {
		b += ry
	}
	return a, b
}

// ComputeOutputShape checks the inputs and returns the batched product's
// shape.
func (l *Dot) ComputeOutputShape(in []Shape) ([]Shape, error) {
	if len(in) != 2 {
		return nil, l.Errorf("expected 2 inputs, received %d", len(in))
	}
	x, y := in[0], in[1]
	if len(x) < 2 || len(y) < 2 {
		return nil, l.ShapeErrorf("expected two inputs of rank 2 or more (a batch and features), received shapes %s", shapesStr(in))
	}
	a, b := l.axes(len(x), len(y))
	if a < 1 || a >= len(x) || b < 1 || b >= len(y) {
		return nil, l.ShapeErrorf("axes %v out of range for inputs of shapes %s", l.Axes, shapesStr(in))
	}
	if x[a] != y[b] && x[a] != -1 && y[b] != -1 {
		return nil, l.ShapeErrorf("dimension incompatibility: %d (axis %d of %s) != %d (axis %d of %s)", x[a], a, shapeStr(x), y[b], b, shapeStr(y))
	}
	if x[0] != y[0] && x[0] != -1 && y[0] != -1 {
		return nil, l.ShapeErrorf("batch sizes differ: %s and %s", shapeStr(x), shapeStr(y))
	}
	if len(x) > 3 || len(y) > 3 || len(x) != len(y) {
		for _, s := range [][]int{x[1:], y[1:]} {
			for _, d := range s {
				if d < 0 {
					return nil, l.ShapeErrorf("inputs of shapes %s: past rank 3, or for inputs of different ranks, every size but the batch's must be known", shapesStr(in))
				}
			}
		}
	}
	out := Shape{x[0]}
	out = append(out, x[1:a]...)
	out = append(out, x[a+1:]...)
	out = append(out, y[1:b]...)
	out = append(out, y[b+1:]...)
	if len(out) == 1 {
		out = append(out, 1)
	}
	return []Shape{out}, nil
}

// Build does nothing: the layer has no weights.
func (l *Dot) Build([]Shape) error { return nil }

// Call computes the batched dot product.
func (l *Dot) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, y := in[0], in[1]
	a, b := l.axes(x.Rank(), y.Rank())
	if l.Normalize {
		x, y = l2Normalize(x, a), l2Normalize(y, b)
	}
	switch {
	case x.Rank() == 2 && y.Rank() == 2:
		return []*graph.Node{graph.Sum(graph.Mul(x, y), []int{1}, true)}, nil
	case x.Rank() == 3 && y.Rank() == 3:
		if a == 1 {
			x = graph.Transpose(x, 0, 2, 1) // reduced axis last
		}
		if b == 2 {
			y = graph.Transpose(y, 0, 2, 1) // reduced axis first
		}
		return []*graph.Node{graph.MatMul(x, y)}, nil
	}
	// (batch, I…, k)·(batch, k, J…) as one batched matrix product of
	// (batch, ∏I, k) and (batch, k, ∏J), reshaped to (batch, I…, J…).
	xs, ys := x.Shape(), y.Shape()
	restX := append(append([]int(nil), xs[1:a]...), xs[a+1:]...)
	restY := append(append([]int(nil), ys[1:b]...), ys[b+1:]...)
	x = graph.Reshape(graph.Transpose(x, moveAxis(x.Rank(), a, x.Rank()-1)...), -1, prod(restX), xs[a])
	y = graph.Reshape(graph.Transpose(y, moveAxis(y.Rank(), b, 1)...), -1, ys[b], prod(restY))
	out := append([]int{-1}, restX...)
	out = append(out, restY...)
	if len(out) == 1 {
		out = append(out, 1)
	}
	return []*graph.Node{graph.Reshape(graph.MatMul(x, y), out...)}, nil
}

// moveAxis returns the permutation of rank axes that moves axis from to
// position to, keeping the others in order.
func moveAxis(rank, from, to int) []int {
	perm := make([]int, 0, rank)
	for i := range rank {
		if i != from {
			perm = append(perm, i)
		}
	}
	perm = append(perm[:to], append([]int{from}, perm[to:]...)...)
	return perm
}

// l2Normalize divides x by its L2 norm along axis, as Keras's
// normalize(x, axis): x / √max(Σx², 1e-12).
func l2Normalize(x *graph.Node, axis int) *graph.Node {
	ss := graph.Sum(graph.Square(x), []int{axis}, true)
	return graph.Div(x, graph.Sqrt(graph.Maximum(ss, graph.ScalarLike(ss, 1e-12))))
}
