package graph

import (
	"fmt"
	"math"
)

// padOp surrounds its input with zeros along one axis.
type padOp struct {
	axis          int8
	before, after int
}

func (o padOp) String() string { return fmt.Sprintf("Pad{axis=%d, %d, %d}", o.axis, o.before, o.after) }

func (padOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o padOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0]))
	copy(dst, in[0])
	if d := dst[o.axis]; d >= 0 {
		dst[o.axis] = d + o.before + o.after
	}
	return dst, nil
}

func (o padOp) eval(out *buf, in []*buf, _ *ectx) error {
	return padEval(out, in[0], int(o.axis), o.before)
}

func (o padOp) grad(_, g *Node) []*Node {
	stop := math.MaxInt
	if o.after > 0 {
		stop = -o.after
	}
	return []*Node{apply(sliceOp{axis: o.axis, start: o.before, stop: stop}, g)}
}

// Pad surrounds x with zeros: paddings[i] gives how many to put before and
// after the elements of axis i (Keras's ZeroPadding layers, numpy's pad in
// constant mode). It needs one pair per axis.
func Pad(x *Node, paddings [][2]int) *Node {
	if x == nil || x.bad {
		return apply(padOp{}, x)
	}
	if len(paddings) != x.Rank() {
		return failf("Pad", []*Node{x}, errorf(ErrArg, "expected %d pairs of paddings, received %d", x.Rank(), len(paddings)))
	}
	for _, p := range paddings {
		if p[0] < 0 || p[1] < 0 {
			return failf("Pad", []*Node{x}, errorf(ErrArg, "expected paddings ≥ 0, received %v", paddings))
		}
	}
	y := x
	for i, p := range paddings {
		if p != [2]int{} {
			y = apply(padOp{axis: int8(i), before: p[0], after: p[1]}, y)
		}
	}
	return y
}

// broadcastToOp broadcasts its input to a shape given when the graph is
// built; a target dimension of -1 keeps the input's.
type broadcastToOp struct {
	dims [maxRank]int
	r    int8
}

func (o broadcastToOp) String() string { return fmt.Sprintf("BroadcastTo{%v}", o.dims[:o.r]) }

func (broadcastToOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o broadcastToOp) shape(n *Node, dst []int, in [][]int) ([]int, error) {
	x, r := in[0], int(o.r)
	if len(x) > r {
		return nil, errorf(ErrShape, "cannot broadcast %s to rank %d", shapeStr(x), r)
	}
	var target [maxRank]int
	lead := r - len(x)
	for i := range r {
		target[i] = o.dims[i]
		if target[i] == -1 {
			if i < lead {
				return nil, errorf(ErrShape, "-1 at axis %d, which %s lacks", i, shapeStr(x))
			}
			target[i] = x[i-lead]
		}
	}
	return broadcastTo(dst, x, n.in[0].shape, target[:r])
}

func (o broadcastToOp) eval(out *buf, in []*buf, _ *ectx) error {
	return ewOp{k: kIdentity}.eval(out, in[:1], nil)
}

func (o broadcastToOp) grad(n, g *Node) []*Node { return []*Node{unbroadcast(g, n.in[0])} }

// BroadcastTo returns x broadcast to shape, as numpy's broadcast_to; a
// dimension of -1 keeps x's size there (so RepeatVector is
// BroadcastTo(ExpandDims(x, 1), -1, n, -1)). Only dimensions of size 1
// broadcast.
func BroadcastTo(x *Node, shape ...int) *Node {
	var o broadcastToOp
	if len(shape) > maxRank {
		return failf("BroadcastTo", []*Node{x}, errorf(ErrShape, "rank %d exceeds the maximum of %d", len(shape), maxRank))
	}
	for i, d := range shape {
		if d < -1 {
			return failf("BroadcastTo", []*Node{x}, errorf(ErrShape, "invalid dimension %d", d))
		}
		o.dims[i] = d
	}
	o.r = int8(len(shape))
	return apply(o, x)
}

// Stack joins xs, which share a shape, along a new axis.
func Stack(xs []*Node, axis int) *Node {
	if len(xs) == 0 {
		return nil
	}
	ex := make([]*Node, len(xs))
	for i, x := range xs {
		ex[i] = ExpandDims(x, axis)
	}
	if len(ex) == 1 {
		return ex[0]
	}
	if ex[0] == nil || ex[0].bad {
		return apply(concatOp{}, ex...)
	}
	a, err := normAxis(axis, xs[0].Rank()+1)
	if err != nil {
		return failf("Stack", xs, err)
	}
	return apply(concatOp{axis: int8(a)}, ex...)
}
