package graph

import (
	"fmt"
	"math"
)

// softmaxOp normalises its input along one axis: softmax, or log-softmax if
// log is set. Both subtract the maximum first, so no input overflows.
type softmaxOp struct {
	axis int8
	log  bool
}

func (o softmaxOp) String() string {
	name := "Softmax"
	if o.log {
		name = "LogSoftmax"
	}
	return fmt.Sprintf("%s{axis=%d}", name, o.axis)
}

func (softmaxOp) dtype(in []*Node) (DType, error) {
	if !in[0].dt.IsFloat() {
		return 0, errorf(ErrDType, "expected a floating-point input, received %s", in[0].dt)
	}
	return in[0].dt, nil
}

func (softmaxOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0]))
	copy(dst, in[0])
	return dst, nil
}

func (o softmaxOp) eval(out *buf, in []*buf, _ *ectx) error {
	outer, d, inner := splitAt(in[0].shape, int(o.axis))
	switch {
	case inner == 1 && out.dt == Float32:
		softmaxFast(data[float32](out), data[float32](in[0]), outer, d, o.log)
	case inner == 1:
		softmaxFast(data[float64](out), data[float64](in[0]), outer, d, o.log)
	case out.dt == Float32:
		softmaxT(data[float32](out), data[float32](in[0]), outer, d, inner, o.log)
	default:
		softmaxT(data[float64](out), data[float64](in[0]), outer, d, inner, o.log)
	}
	return nil
}

// splitAt returns the products of the dimensions before, at and after axis.
func splitAt(s []int, axis int) (outer, d, inner int) {
	outer, inner = 1, 1
	for i, x := range s {
		switch {
		case i < axis:
			outer *= x
		case i > axis:
			inner *= x
		}
	}
	return outer, s[axis], inner
}

// softmaxT computes softmax or log-softmax over the middle dimension of an
// (outer, d, inner) array; dst may alias src.
func softmaxT[T flo](dst, src []T, outer, d, inner int, log bool) {
	for o := range outer {
		for i := range inner {
			base := o*d*inner + i
			m := math.Inf(-1)
			for j := range d {
				m = math.Max(m, float64(src[base+j*inner]))
			}
			s := 0.0
			for j := range d {
				s += math.Exp(float64(src[base+j*inner]) - m)
			}
			if log {
				ls := math.Log(s) + m
				for j := range d {
					dst[base+j*inner] = T(float64(src[base+j*inner]) - ls)
				}
				continue
			}
			for j := range d {
				p := base + j*inner
				dst[p] = T(math.Exp(float64(src[p])-m) / s)
			}
		}
	}
}

func (o softmaxOp) grad(n, g *Node) []*Node {
	ax := []int{int(o.axis)}
	if o.log { // g − softmax(x)·Σg
		return []*Node{Sub(g, Mul(Exp(n), Sum(g, ax, true)))}
	}
	// y·(g − Σ g·y)
	return []*Node{Mul(n, Sub(g, Sum(Mul(g, n), ax, true)))}
}

func softmaxBuild(name string, x *Node, axis int, log bool) *Node {
	if x == nil || x.bad {
		return apply(softmaxOp{}, x)
	}
	a, err := normAxis(axis, x.Rank())
	if err != nil {
		return failf(name, []*Node{x}, err)
	}
	return apply(softmaxOp{axis: int8(a), log: log}, x)
}

// Softmax returns exp(x)/Σexp(x) along axis (−1 for the last).
func Softmax(x *Node, axis int) *Node { return softmaxBuild("Softmax", x, axis, false) }

// LogSoftmax returns x − log Σexp(x) along axis (−1 for the last), the
// stable logarithm of Softmax.
func LogSoftmax(x *Node, axis int) *Node { return softmaxBuild("LogSoftmax", x, axis, true) }
