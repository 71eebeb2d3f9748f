package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// concatOp joins its inputs along an axis.
type concatOp struct{ axis int8 }

func (o concatOp) String() string { return fmt.Sprintf("Concat{axis=%d}", o.axis) }

func (concatOp) dtype(in []*Node) (DType, error) {
	for _, x := range in[1:] {
		if x.dt != in[0].dt {
			return 0, errorf(ErrDType, "expected inputs of one dtype, received %s and %s", in[0].dt, x.dt)
		}
	}
	return in[0].dt, nil
}

func (o concatOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	r, ax := len(in[0]), int(o.axis)
	dst = outShape(dst, r)
	copy(dst, in[0])
	for _, s := range in[1:] {
		if len(s) != r {
			return nil, errorf(ErrShape, "expected inputs of one rank, received %s", shapesStr(in))
		}
		for i, d := range s {
			if i == ax {
				if dst[i] < 0 || d < 0 {
					dst[i] = -1
				} else {
					dst[i] += d
				}
				continue
			}
			m, ok := mergeDim(dst[i], d)
			if !ok {
				return nil, errorf(ErrShape, "expected equal dimensions off axis %d, received %s", ax, shapesStr(in))
			}
			dst[i] = m
		}
	}
	return dst, nil
}

func (o concatOp) eval(out *buf, in []*buf, _ *ectx) error {
	switch out.dt {
	case Float32:
		concatT[float32](out, in, int(o.axis))
	case Float64:
		concatT[float64](out, in, int(o.axis))
	case Int32:
		concatT[int32](out, in, int(o.axis))
	default:
		concatT[int64](out, in, int(o.axis))
	}
	return nil
}

func concatT[T tensor.Elem](out *buf, in []*buf, axis int) {
	dst := data[T](out)
	outer, _, inner := splitAt(out.shape, axis)
	pos := 0
	for o := range outer {
		for _, b := range in {
			run := b.shape[axis] * inner
			copy(dst[pos:pos+run], data[T](b)[o*run:(o+1)*run])
			pos += run
		}
	}
}

func (o concatOp) grad(n, g *Node) []*Node {
	gs := make([]*Node, len(n.in))
	for k := range n.in {
		ins := append([]*Node{g}, n.in...)
		gs[k] = apply(concatPartOp{axis: o.axis, k: int16(k)}, ins...)
	}
	return gs
}

// concatPartOp cuts from its first input the part that input k+1 (read for
// its shape only) contributed to a concatenation of inputs 1…: the
// gradient of Concat.
type concatPartOp struct {
	axis int8
	k    int16
}

func (o concatPartOp) String() string { return fmt.Sprintf("ConcatPart{axis=%d, %d}", o.axis, o.k) }

func (concatPartOp) shapeOnly(i int) bool { return i > 0 }

func (concatPartOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o concatPartOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	s := in[o.k+1]
	dst = outShape(dst, len(s))
	copy(dst, s)
	return dst, nil
}

func (o concatPartOp) eval(out *buf, in []*buf, _ *ectx) error {
	start := 0
	for _, b := range in[1 : o.k+1] {
		start += b.shape[o.axis]
	}
	return sliceEval(out, in[0], int(o.axis), start)
}

func (o concatPartOp) grad(n, g *Node) []*Node {
	// The inverse: place g at its offset in zeros shaped like the whole.
	gs := make([]*Node, len(n.in))
	gs[0] = apply(concatPadOp(o), append([]*Node{g}, n.in...)...)
	return gs
}

// concatPadOp places its first input at the position of part k in a
// concatenation of inputs 2… (read for their shapes only), zeros elsewhere;
// input 1, the concatenation's gradient, gives the shape.
type concatPadOp concatPartOp

func (o concatPadOp) String() string { return fmt.Sprintf("ConcatPad{axis=%d, %d}", o.axis, o.k) }

func (concatPadOp) shapeOnly(i int) bool { return i > 0 }

func (concatPadOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o concatPadOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[1]))
	copy(dst, in[1])
	return dst, nil
}

func (o concatPadOp) eval(out *buf, in []*buf, _ *ectx) error {
	start := 0
	for _, b := range in[2 : o.k+2] {
		start += b.shape[o.axis]
	}
	return padEval(out, in[0], int(o.axis), start)
}

func (o concatPadOp) grad(n, g *Node) []*Node {
	gs := make([]*Node, len(n.in))
	gs[0] = apply(concatPartOp(o), append([]*Node{g}, n.in[2:]...)...)
	return gs
}

// Concat joins xs along axis (negative counts from the end); they must
// agree on every other dimension.
func Concat(xs []*Node, axis int) *Node {
	if len(xs) == 0 {
		return nil
	}
	if xs[0] == nil || xs[0].bad {
		return apply(concatOp{}, xs...)
	}
	a, err := normAxis(axis, xs[0].Rank())
	if err != nil {
		return failf("Concat", xs, err)
	}
	if len(xs) == 1 {
		return xs[0]
	}
	return apply(concatOp{axis: int8(a)}, xs...)
}
