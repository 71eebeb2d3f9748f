package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// gatherOp takes slices of its first input along an axis at the integer
// indices of its second: out[..., i…, ...] = x[..., idx[i…], ...].
type gatherOp struct{ axis int8 }

func (o gatherOp) String() string { return fmt.Sprintf("Gather{axis=%d}", o.axis) }

func (gatherOp) dtype(in []*Node) (DType, error) {
	if d := in[1].dt; d != Int32 && d != Int64 {
		return 0, errorf(ErrDType, "expected int32 or int64 indices, received %s", d)
	}
	return in[0].dt, nil
}

func (o gatherOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	x, idx := in[0], in[1]
	ax := int(o.axis)
	dst = outShape(dst, len(x)+len(idx)-1)[:0]
	dst = append(dst, x[:ax]...)
	dst = append(dst, idx...)
	dst = append(dst, x[ax+1:]...)
	return dst, nil
}

func (o gatherOp) eval(out *buf, in []*buf, _ *ectx) error {
	switch out.dt {
	case Float32:
		return gatherT[float32](out, in[0], in[1], int(o.axis), false)
	case Float64:
		return gatherT[float64](out, in[0], in[1], int(o.axis), false)
	case Int32:
		return gatherT[int32](out, in[0], in[1], int(o.axis), false)
	}
	return gatherT[int64](out, in[0], in[1], int(o.axis), false)
}

// gatherT copies rows of whole at the indices into part, or (scatter) adds
// the rows of part into a zeroed whole.
func gatherT[T tensor.Elem](part, whole, idx *buf, axis int, scatter bool) error {
	p, w := data[T](part), data[T](whole)
	outer, d, inner := splitAt(whole.shape, axis)
	n := idx.size()
	if scatter {
		fillT(w, 0)
	}
	for j := range n {
		var k int
		if idx.dt == Int32 {
			k = int(idx.i32[j])
		} else {
			k = int(idx.i64[j])
		}
		if k < 0 || k >= d {
			return errorf(ErrRuntime, "index %d out of range [0, %d) in gather along axis %d", k, d, axis)
		}
		for o := range outer {
			src := w[(o*d+k)*inner : (o*d+k+1)*inner]
			dst := p[(o*n+j)*inner : (o*n+j+1)*inner]
			if scatter {
				addTo(src, dst)
			} else {
				copy(dst, src)
			}
		}
	}
	return nil
}

func (o gatherOp) grad(n, g *Node) []*Node {
	return []*Node{apply(scatterAddOp(o), g, n.in[1], n.in[0]), nil}
}

// scatterAddOp is the gradient of a gather: zeros shaped like its third
// input (read for its shape only) with the slices of its first input added
// at the indices of its second.
type scatterAddOp gatherOp

func (o scatterAddOp) String() string { return fmt.Sprintf("ScatterAdd{axis=%d}", o.axis) }

func (scatterAddOp) shapeOnly(i int) bool { return i == 2 }

func (scatterAddOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (scatterAddOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[2]))
	copy(dst, in[2])
	return dst, nil
}

func (o scatterAddOp) eval(out *buf, in []*buf, _ *ectx) error {
	switch out.dt {
	case Float32:
		return gatherT[float32](in[0], out, in[1], int(o.axis), true)
	case Float64:
		return gatherT[float64](in[0], out, in[1], int(o.axis), true)
	case Int32:
		return gatherT[int32](in[0], out, in[1], int(o.axis), true)
	}
	return gatherT[int64](in[0], out, in[1], int(o.axis), true)
}

func (o scatterAddOp) grad(n, g *Node) []*Node {
	return []*Node{apply(gatherOp(o), g, n.in[1]), nil, nil}
}

// Gather returns the slices of x along axis at the integer indices
// (int32 or int64): the output's shape is x's with that axis replaced by
// the indices' shape, as Keras's take and an Embedding lookup. An index
// out of range is an error when the function runs.
func Gather(x, indices *Node, axis int) *Node {
	if x == nil || x.bad {
		return apply(gatherOp{}, x, indices)
	}
	a, err := normAxis(axis, x.Rank())
	if err != nil {
		return failf("Gather", []*Node{x, indices}, err)
	}
	return apply(gatherOp{axis: int8(a)}, x, indices)
}

// oneHotOp turns integer indices into one-hot vectors along a new last
// axis.
type oneHotOp struct {
	depth int
	dt    DType
}

func (o oneHotOp) String() string { return fmt.Sprintf("OneHot{%d, %s}", o.depth, o.dt) }

func (o oneHotOp) dtype(in []*Node) (DType, error) {
	if d := in[0].dt; d != Int32 && d != Int64 {
		return 0, errorf(ErrDType, "expected int32 or int64 indices, received %s", d)
	}
	if !o.dt.valid() || o.depth < 0 {
		return 0, errorf(ErrArg, "invalid depth %d or dtype %v", o.depth, o.dt)
	}
	return o.dt, nil
}

func (o oneHotOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0])+1)
	copy(dst, in[0])
	dst[len(in[0])] = o.depth
	return dst, nil
}

func (o oneHotOp) eval(out *buf, in []*buf, _ *ectx) error {
	out.fill(0)
	for j := range in[0].size() {
		k := int(in[0].at(j))
		if k < 0 || k >= o.depth {
			continue
		}
		p := j*o.depth + k
		switch out.dt {
		case Float32:
			out.f32[p] = 1
		case Float64:
			out.f64[p] = 1
		case Int32:
			out.i32[p] = 1
		default:
			out.i64[p] = 1
		}
	}
	return nil
}

func (oneHotOp) grad(*Node, *Node) []*Node { return nil }

// OneHot returns one-hot vectors of length depth and dtype dt for the
// integer indices, along a new last axis; an index out of [0, depth) gives
// a row of zeros, as in Keras.
func OneHot(indices *Node, depth int, dt DType) *Node {
	return apply(oneHotOp{depth: depth, dt: dt}, indices)
}

// argOp finds the position of the largest (or smallest) element along an
// axis, as int32.
type argOp struct {
	axis int8
	min  bool
}

func (o argOp) String() string {
	if o.min {
		return fmt.Sprintf("ArgMin{axis=%d}", o.axis)
	}
	return fmt.Sprintf("ArgMax{axis=%d}", o.axis)
}

func (argOp) dtype([]*Node) (DType, error) { return Int32, nil }

func (o argOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	return reducedShape(dst, in[0], 1<<o.axis, false), nil
}

func (o argOp) eval(out *buf, in []*buf, _ *ectx) error {
	switch in[0].dt {
	case Float32:
		argT(out.i32, data[float32](in[0]), in[0].shape, o)
	case Float64:
		argT(out.i32, data[float64](in[0]), in[0].shape, o)
	case Int32:
		argT(out.i32, data[int32](in[0]), in[0].shape, o)
	default:
		argT(out.i32, data[int64](in[0]), in[0].shape, o)
	}
	return nil
}

// argT scans each line along the axis; the first extreme wins, and a NaN
// counts as more extreme than any number, as in numpy.
func argT[T tensor.Elem](dst []int32, src []T, shape []int, o argOp) {
	outer, d, inner := splitAt(shape, int(o.axis))
	if d == 0 {
		fillT(dst, -1)
		return
	}
	for a := range outer {
		for i := range inner {
			base := a*d*inner + i
			best, at := src[base], 0
			for j := 1; j < d && best == best; j++ {
				v := src[base+j*inner]
				if v != v || (!o.min && v > best) || (o.min && v < best) {
					best, at = v, j
				}
			}
			dst[a*inner+i] = int32(at)
		}
	}
}

func (argOp) grad(*Node, *Node) []*Node { return nil }

func argBuild(name string, x *Node, axis int, isMin bool) *Node {
	if x == nil || x.bad {
		return apply(argOp{}, x)
	}
	a, err := normAxis(axis, x.Rank())
	if err == nil && x.shape[a] == 0 {
		err = errorf(ErrShape, "cannot take %s of an empty axis", name)
	}
	if err != nil {
		return failf(name, []*Node{x}, err)
	}
	return apply(argOp{axis: int8(a), min: isMin}, x)
}

// ArgMax returns the int32 index of the largest element of x along axis;
// the first wins ties, and NaN counts as largest.
func ArgMax(x *Node, axis int) *Node { return argBuild("ArgMax", x, axis, false) }

// ArgMin returns the int32 index of the smallest element of x along axis;
// the first wins ties, and NaN counts as smallest.
func ArgMin(x *Node, axis int) *Node { return argBuild("ArgMin", x, axis, true) }
