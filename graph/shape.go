package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// maxRank is the largest rank a node may have. Ops keep their axis
// parameters in fixed-size arrays and bit masks so that they stay
// comparable values; eight dimensions cover every Keras layer.
const maxRank = 8

// Unknown marks a dimension whose size is only known when a compiled
// function runs, such as the batch dimension of an input.
const Unknown = -1

// shapeStr formats a static shape as Keras prints it, unknown dims as None.
func shapeStr(s []int) string { return tensor.ShapeString(s) }

// numel returns the number of elements of a shape, or -1 if a dimension is
// unknown.
func numel(s []int) int {
	n := 1
	for _, d := range s {
		if d < 0 {
			return -1
		}
		n *= d
	}
	return n
}

// known reports whether every dimension of s is known.
func known(s []int) bool { return numel(s) >= 0 }

// sameShape reports whether a and b are equal, unknown dims matching only
// unknown dims.
func sameShape(a, b []int) bool { return tensor.SameShape(a, b) }

// mergeDim combines two sizes of the same dimension, one of which may be
// unknown, and reports whether they can be equal.
func mergeDim(a, b int) (int, bool) {
	switch {
	case a < 0:
		return b, true
	case b < 0:
		return a, true
	}
	return a, a == b
}

// normAxis resolves a possibly negative axis against rank.
func normAxis(axis, rank int) (int, error) {
	if axis < -rank || axis >= rank {
		return 0, fmt.Errorf("%w: axis %d is out of range for rank %d", ErrArg, axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis, nil
}

// axesMask turns a list of possibly negative axes into a bit mask; no axes
// means all of them.
func axesMask(axes []int, rank int) (uint16, error) {
	if len(axes) == 0 {
		return uint16(1)<<rank - 1, nil
	}
	var m uint16
	for _, a := range axes {
		ax, err := normAxis(a, rank)
		if err != nil {
			return 0, err
		}
		if m&(1<<ax) != 0 {
			return 0, fmt.Errorf("%w: axis %d is repeated in %v", ErrArg, a, axes)
		}
		m |= 1 << ax
	}
	return m, nil
}

// maskAxes lists the axes set in m.
func maskAxes(m uint16) []int {
	var axes []int
	for i := range maxRank {
		if m&(1<<i) != 0 {
			axes = append(axes, i)
		}
	}
	return axes
}

// outShape returns dst resized to rank r, allocating when dst is too small.
func outShape(dst []int, r int) []int {
	if cap(dst) < r {
		return make([]int, r)
	}
	return dst[:r]
}

// broadcastShape computes the numpy-style broadcast of the input shapes into
// dst. A dimension broadcasts only if it is statically 1, as in Theano, so
// which axes a gradient must sum over is known when the graph is built; at
// run time the remaining dimensions must agree. static holds the inputs'
// static shapes (equal to in when building).
func broadcastShape(dst []int, in, static [][]int) ([]int, error) {
	r := 0
	for _, s := range in {
		r = max(r, len(s))
	}
	dst = outShape(dst, r)
	for i := range r {
		d, set := 1, false
		for k, s := range in {
			j := i - (r - len(s))
			if j < 0 || static[k][j] == 1 {
				continue
			}
			if !set {
				d, set = s[j], true
				continue
			}
			m, ok := mergeDim(d, s[j])
			if !ok {
				return nil, fmt.Errorf("%w: cannot broadcast %s", ErrShape, shapesStr(in))
			}
			d = m
		}
		dst[i] = d
	}
	return dst, nil
}

// shapesStr formats a list of shapes for error messages.
func shapesStr(in [][]int) string {
	s := ""
	for i, x := range in {
		if i > 0 {
			s += " and "
		}
		s += shapeStr(x)
	}
	return s
}
