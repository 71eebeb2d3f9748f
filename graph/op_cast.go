package graph

import (
	"math"

	"github.com/gokeras/gokeras/tensor"
)

// castOp converts its input to another dtype.
type castOp struct{ to DType }

func (o castOp) String() string { return "Cast{" + o.to.String() + "}" }

func (o castOp) dtype([]*Node) (DType, error) {
	if !o.to.valid() {
		return 0, errorf(ErrDType, "unknown dtype %v", o.to)
	}
	return o.to, nil
}

func (castOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0]))
	copy(dst, in[0])
	return dst, nil
}

func (o castOp) eval(out *buf, in []*buf, _ *ectx) error {
	switch out.dt {
	case Float32:
		castTo(data[float32](out), in[0])
	case Float64:
		castTo(data[float64](out), in[0])
	case Int32:
		castTo(data[int32](out), in[0])
	default:
		castTo(data[int64](out), in[0])
	}
	return nil
}

func castTo[D tensor.Elem](dst []D, src *buf) {
	switch src.dt {
	case Float32:
		convert(dst, data[float32](src))
	case Float64:
		convert(dst, data[float64](src))
	case Int32:
		convert(dst, data[int32](src))
	default:
		convert(dst, data[int64](src))
	}
}

// convert converts as tensor.Convert does: floats to integers truncate
// toward zero, NaN becomes 0, and out-of-range values saturate.
func convert[D, S tensor.Elem](dst []D, src []S) {
	src = src[:len(dst)]
	var zd D
	var zs S
	lo, hi, toInt := intRangeOf(zd)
	if _, f32 := any(zs).(float32); toInt && (f32 || isF64(zs)) {
		for i, v := range src {
			f := float64(v)
			switch {
			case f != f:
				dst[i] = 0
			case f <= lo:
				dst[i] = D(int64(lo))
			case f >= hi:
				m := maxInt(zd)
				dst[i] = D(m)
			default:
				dst[i] = D(f)
			}
		}
		return
	}
	for i, v := range src {
		dst[i] = D(v)
	}
}

func isF64[S tensor.Elem](z S) bool { _, ok := any(z).(float64); return ok }

// intRangeOf returns the minimum of an integer type and the first float64
// above its maximum, and whether the type is an integer type.
func intRangeOf[D tensor.Elem](z D) (lo, hi float64, ok bool) {
	switch any(z).(type) {
	case int32:
		return math.MinInt32, math.MaxInt32 + 1, true
	case int64:
		return math.MinInt64, 1 << 63, true
	}
	return 0, 0, false
}

func maxInt[D tensor.Elem](z D) int64 {
	if _, ok := any(z).(int32); ok {
		return math.MaxInt32
	}
	return math.MaxInt64
}

func (o castOp) grad(n, g *Node) []*Node {
	x := n.in[0]
	if !x.dt.IsFloat() || !o.to.IsFloat() {
		return nil
	}
	return []*Node{Cast(g, x.dt)}
}

// Cast converts x to dtype dt. Floating-point values become integers by
// truncation toward zero, NaN becomes 0 and values out of range saturate.
// Casting x to its own dtype returns x.
func Cast(x *Node, dt DType) *Node {
	if x != nil && !x.bad && x.dt == dt {
		return x
	}
	return apply(castOp{to: dt}, x)
}
