package graph

import (
	"fmt"
	"math/bits"
)

// Reshapes: views that give their input's storage a new shape, costing
// nothing at run time.

// reshapeOp gives its input the target shape; one target dimension may be
// -1, inferred from the size.
type reshapeOp struct {
	dims [maxRank]int
	r    int8
}

func (reshapeOp) view() {}

func (o reshapeOp) String() string { return fmt.Sprintf("Reshape{%v}", o.dims[:o.r]) }

func (o reshapeOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o reshapeOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, int(o.r))
	copy(dst, o.dims[:o.r])
	size := numel(in[0])
	infer, prod := -1, 1
	for i, d := range dst {
		if d == -1 {
			infer = i
		} else {
			prod *= d
		}
	}
	switch {
	case size < 0: // unknown input size: only the static check is possible
		return dst, nil
	case infer >= 0 && prod > 0 && size%prod == 0:
		dst[infer] = size / prod
		return dst, nil
	case infer < 0 && prod == size:
		return dst, nil
	case infer >= 0 && prod == 0 && size == 0:
		dst[infer] = 0
		return dst, nil
	}
	return nil, errorf(ErrShape, "cannot reshape %s (%d elements) into %v", shapeStr(in[0]), size, o.dims[:o.r])
}

func (reshapeOp) eval(*buf, []*buf, *ectx) error { return nil }

func (reshapeOp) grad(n, g *Node) []*Node { return []*Node{reshapeLike(g, n.in[0])} }

// Reshape returns x with a new shape holding the same elements in the same
// order. One dimension may be -1: it is inferred from the size, which may
// be unknown until the function runs (Reshape(x, -1, 784) keeps a batch
// dimension).
func Reshape(x *Node, shape ...int) *Node {
	var o reshapeOp
	if len(shape) > maxRank {
		return failf("Reshape", []*Node{x}, errorf(ErrShape, "rank %d exceeds the maximum of %d", len(shape), maxRank))
	}
	infer := 0
	for i, d := range shape {
		if d < -1 {
			return failf("Reshape", []*Node{x}, errorf(ErrShape, "invalid dimension %d in %v", d, shape))
		}
		if d == -1 {
			infer++
		}
		o.dims[i] = d
	}
	if infer > 1 {
		return failf("Reshape", []*Node{x}, errorf(ErrShape, "more than one -1 in %v", shape))
	}
	o.r = int8(len(shape))
	return apply(o, x)
}

// reshapeLike reshapes g to the shape of x, which has the same size; it
// handles several unknown dimensions as long as they are where g has them.
func reshapeLike(g, x *Node) *Node {
	if sameShape(g.shape, x.shape) {
		return g
	}
	s := x.Shape()
	unknown := 0
	for _, d := range s {
		if d < 0 {
			unknown++
		}
	}
	if unknown <= 1 {
		return Reshape(g, s...)
	}
	return apply(reshapeLikeOp{}, g, x)
}

// reshapeLikeOp gives its first input the run-time shape of its second.
type reshapeLikeOp struct{}

func (reshapeLikeOp) view()          {}
func (reshapeLikeOp) String() string { return "ReshapeLike" }

func (reshapeLikeOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (reshapeLikeOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	if a, b := numel(in[0]), numel(in[1]); a >= 0 && b >= 0 && a != b {
		return nil, errorf(ErrShape, "cannot reshape %s into %s", shapeStr(in[0]), shapeStr(in[1]))
	}
	dst = outShape(dst, len(in[1]))
	copy(dst, in[1])
	return dst, nil
}

func (reshapeLikeOp) eval(*buf, []*buf, *ectx) error { return nil }

func (reshapeLikeOp) grad(n, g *Node) []*Node { return []*Node{reshapeLike(g, n.in[0]), nil} }

// expandOp inserts size-1 dimensions at the output axes in a mask.
type expandOp struct{ axes uint16 }

func (expandOp) view()            {}
func (o expandOp) String() string { return fmt.Sprintf("ExpandDims{%v}", maskAxes(o.axes)) }

func (expandOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o expandOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	r := len(in[0]) + bits.OnesCount16(o.axes)
	dst = outShape(dst, r)
	j := 0
	for i := range r {
		if o.axes&(1<<i) != 0 {
			dst[i] = 1
			continue
		}
		if j >= len(in[0]) {
			return nil, errorf(ErrArg, "axes %v out of range for %s", maskAxes(o.axes), shapeStr(in[0]))
		}
		dst[i] = in[0][j]
		j++
	}
	return dst, nil
}

func (expandOp) eval(*buf, []*buf, *ectx) error { return nil }

func (o expandOp) grad(_, g *Node) []*Node { return []*Node{apply(squeezeOp(o), g)} }

// expand inserts size-1 dimensions of g at the axes of mask, the inverse of
// a reduction without keepdims.
func expand(g *Node, mask uint16) *Node { return apply(expandOp{axes: mask}, g) }

// ExpandDims inserts a dimension of size 1 at axis, which may be
// negative: -1 appends one.
func ExpandDims(x *Node, axis int) *Node {
	if x == nil || x.bad {
		return apply(expandOp{}, x)
	}
	a, err := normAxis(axis, x.Rank()+1)
	if err != nil {
		return failf("ExpandDims", []*Node{x}, err)
	}
	return apply(expandOp{axes: 1 << a}, x)
}

// squeezeOp removes size-1 dimensions at the input axes in a mask.
type squeezeOp struct{ axes uint16 }

func (squeezeOp) view()            {}
func (o squeezeOp) String() string { return fmt.Sprintf("Squeeze{%v}", maskAxes(o.axes)) }

func (squeezeOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o squeezeOp) shape(n *Node, dst []int, in [][]int) ([]int, error) {
	for _, a := range maskAxes(o.axes) {
		if a >= len(in[0]) || n.in[0].shape[a] != 1 {
			return nil, errorf(ErrShape, "cannot squeeze axis %d of %s: it is not 1", a, shapeStr(n.in[0].shape))
		}
	}
	return reducedShape(dst, in[0], o.axes, false), nil
}

func (squeezeOp) eval(*buf, []*buf, *ectx) error { return nil }

func (o squeezeOp) grad(_, g *Node) []*Node { return []*Node{apply(expandOp(o), g)} }

// Squeeze removes the given size-1 dimensions of x, or all its
// dimensions that are statically 1 if no axes are given.
func Squeeze(x *Node, axes ...int) *Node {
	if x == nil || x.bad {
		return apply(squeezeOp{}, x)
	}
	var m uint16
	if len(axes) == 0 {
		for i, d := range x.shape {
			if d == 1 {
				m |= 1 << i
			}
		}
	} else {
		var err error
		if m, err = axesMask(axes, x.Rank()); err != nil {
			return failf("Squeeze", []*Node{x}, err)
		}
	}
	return apply(squeezeOp{axes: m}, x)
}

// Flatten reshapes x to two dimensions, keeping the first: (batch, rest),
// as Keras's Flatten layer does.
func Flatten(x *Node) *Node {
	if x == nil || x.bad {
		return apply(reshapeOp{}, x)
	}
	if x.Rank() == 0 {
		return failf("Flatten", []*Node{x}, errorf(ErrShape, "expected rank ≥ 1, received a scalar"))
	}
	rest := numel(x.shape[1:])
	if rest < 0 {
		return failf("Flatten", []*Node{x}, errorf(ErrShape, "expected known dimensions after the first, received %s", shapeStr(x.shape)))
	}
	return Reshape(x, -1, rest)
}

// stopGradOp passes its input through and stops gradients.
type stopGradOp struct{}

func (stopGradOp) view()          {}
func (stopGradOp) String() string { return "StopGradient" }

func (stopGradOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (stopGradOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0]))
	copy(dst, in[0])
	return dst, nil
}

func (stopGradOp) eval(*buf, []*buf, *ectx) error { return nil }

func (stopGradOp) grad(*Node, *Node) []*Node { return nil }

// StopGradient returns x unchanged, treated as a constant by Grad.
func StopGradient(x *Node) *Node { return apply(stopGradOp{}, x) }
