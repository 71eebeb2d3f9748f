package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// transposeOp permutes the dimensions of its input: output dimension i is
// input dimension perm[i].
type transposeOp struct {
	perm [maxRank]int8
	r    int8
}

func (o transposeOp) String() string {
	p := make([]int, o.r)
	for i := range p {
		p[i] = int(o.perm[i])
	}
	return fmt.Sprintf("Transpose{%v}", p)
}

func (transposeOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o transposeOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	if len(in[0]) != int(o.r) {
		return nil, errorf(ErrShape, "permutation of %d axes for rank %d", o.r, len(in[0]))
	}
	dst = outShape(dst, int(o.r))
	for i := range dst {
		dst[i] = in[0][o.perm[i]]
	}
	return dst, nil
}

func (o transposeOp) eval(out *buf, in []*buf, _ *ectx) error {
	switch out.dt {
	case Float32:
		transposeT(data[float32](out), data[float32](in[0]), in[0].shape, o)
	case Float64:
		transposeT(data[float64](out), data[float64](in[0]), in[0].shape, o)
	case Int32:
		transposeT(data[int32](out), data[int32](in[0]), in[0].shape, o)
	default:
		transposeT(data[int64](out), data[int64](in[0]), in[0].shape, o)
	}
	return nil
}

// transposeT walks the output in order, reading the input along the
// permuted strides.
func transposeT[T tensor.Elem](dst, src []T, shape []int, o transposeOp) {
	r := int(o.r)
	if len(dst) == 0 {
		return
	}
	if r == 0 {
		dst[0] = src[0]
		return
	}
	var inStride, dims, stride, idx [maxRank]int
	s := 1
	for i := r - 1; i >= 0; i-- {
		inStride[i] = s
		s *= shape[i]
	}
	for i := range r {
		dims[i] = shape[o.perm[i]]
		stride[i] = inStride[o.perm[i]]
	}
	last := r - 1
	n, st := dims[last], stride[last]
	off := 0
	for pos := 0; pos < len(dst); pos += n {
		row := dst[pos : pos+n]
		for j := range row {
			row[j] = src[off+j*st]
		}
		for d := last - 1; d >= 0; d-- {
			idx[d]++
			off += stride[d]
			if idx[d] < dims[d] {
				break
			}
			off -= idx[d] * stride[d]
			idx[d] = 0
		}
	}
}

func (o transposeOp) grad(_, g *Node) []*Node {
	var inv transposeOp
	inv.r = o.r
	for i := range int(o.r) {
		inv.perm[o.perm[i]] = int8(i)
	}
	return []*Node{apply(inv, g)}
}

// Transpose permutes the dimensions of x: output dimension i is input
// dimension perm[i]. With no perm it reverses them, so a matrix is
// transposed.
func Transpose(x *Node, perm ...int) *Node {
	if x == nil || x.bad {
		return apply(transposeOp{}, x)
	}
	r := x.Rank()
	if len(perm) == 0 {
		for i := range r {
			perm = append(perm, r-1-i)
		}
	}
	if len(perm) != r {
		return failf("Transpose", []*Node{x}, errorf(ErrArg, "expected a permutation of %d axes, received %v", r, perm))
	}
	var o transposeOp
	o.r = int8(r)
	var seen uint16
	for i, p := range perm {
		a, err := normAxis(p, r)
		if err != nil || seen&(1<<a) != 0 {
			return failf("Transpose", []*Node{x}, errorf(ErrArg, "expected a permutation of %d axes, received %v", r, perm))
		}
		seen |= 1 << a
		o.perm[i] = int8(a)
	}
	return apply(o, x)
}
