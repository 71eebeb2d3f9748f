package graph

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/gokeras/gokeras/tensor"
)

// reduceKind selects the combining operation of a reduction.
type reduceKind uint8

const (
	rSum reduceKind = iota
	rMax
	rMin
	rProd
)

var reduceNames = [...]string{rSum: "Sum", rMax: "Max", rMin: "Min", rProd: "Prod"}

// reduceOp reduces its input over the axes in a bit mask, keeping them as
// size-1 dimensions if keep is set.
type reduceOp struct {
	k    reduceKind
	axes uint16
	keep bool
}

func (o reduceOp) String() string {
	s := fmt.Sprintf("%s{axes=%v", reduceNames[o.k], maskAxes(o.axes))
	if o.keep {
		s += " keepdims"
	}
	return s + "}"
}

func (o reduceOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o reduceOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	return reducedShape(dst, in[0], o.axes, o.keep), nil
}

// reducedShape removes (or sets to 1) the axes in mask.
func reducedShape(dst, s []int, mask uint16, keep bool) []int {
	r := len(s)
	if !keep {
		r -= bits.OnesCount16(mask)
	}
	dst = outShape(dst, r)[:0]
	for i, d := range s {
		switch {
		case mask&(1<<i) == 0:
			dst = append(dst, d)
		case keep:
			dst = append(dst, 1)
		}
	}
	return dst
}

func (o reduceOp) eval(out *buf, in []*buf, _ *ectx) error {
	switch out.dt {
	case Float32:
		reduce(o.k, data[float32](out), data[float32](in[0]), in[0].shape, o.axes)
	case Float64:
		reduce(o.k, data[float64](out), data[float64](in[0]), in[0].shape, o.axes)
	case Int32:
		reduce(o.k, data[int32](out), data[int32](in[0]), in[0].shape, o.axes)
	default:
		reduce(o.k, data[int64](out), data[int64](in[0]), in[0].shape, o.axes)
	}
	return nil
}

func (o reduceOp) grad(n, g *Node) []*Node {
	x := n.in[0]
	gk, yk := g, n
	if !o.keep {
		gk, yk = expand(g, o.axes), expand(n, o.axes)
	}
	switch o.k {
	case rSum:
		return []*Node{BroadcastLike(gk, x)}
	case rProd:
		return []*Node{Mul(gk, Div(yk, x))}
	}
	return []*Node{Mul(gk, Equal(x, yk))}
}

// reduceBlock is a run of adjacent dimensions that are all reduced or all
// kept, with the strides of one step along it in the input and output.
type reduceBlock struct {
	n         int
	red       bool
	src, dstS int
}

// reduce combines src (of shape shape) over the axes in mask into dst.
func reduce[T tensor.Elem](k reduceKind, dst, src []T, shape []int, mask uint16) {
	fillT(dst, identityOf[T](k))
	if len(src) == 0 {
		return
	}
	var blocks [maxRank]reduceBlock
	nb := 0
	for i, d := range shape {
		if d == 1 {
			continue
		}
		red := mask&(1<<i) != 0
		if nb > 0 && blocks[nb-1].red == red {
			blocks[nb-1].n *= d
			continue
		}
		blocks[nb] = reduceBlock{n: d, red: red}
		nb++
	}
	if nb == 0 {
		combine(k, dst[:1], src[:1])
		return
	}
	s, ds := 1, 1
	for i := nb - 1; i >= 0; i-- {
		blocks[i].src, blocks[i].dstS = s, ds
		s *= blocks[i].n
		if !blocks[i].red {
			ds *= blocks[i].n
		}
	}
	if reduceFast(k, dst, src, blocks[:nb]) {
		return
	}
	reduceRec(k, dst, src, blocks[:nb], 0, 0)
}

func reduceRec[T tensor.Elem](k reduceKind, dst, src []T, b []reduceBlock, so, do int) {
	if len(b) == 1 {
		n := b[0].n
		if b[0].red {
			dst[do] = fold(k, dst[do], src[so:so+n])
		} else {
			combine(k, dst[do:do+n], src[so:so+n])
		}
		return
	}
	for i := range b[0].n {
		d := do
		if !b[0].red {
			d += i * b[0].dstS
		}
		reduceRec(k, dst, src, b[1:], so+i*b[0].src, d)
	}
}

// identityOf returns the neutral element of a reduction.
func identityOf[T tensor.Elem](k reduceKind) T {
	var z T
	switch k {
	case rProd:
		return 1
	case rMax, rMin:
		lo, hi := limits[T]()
		if k == rMax {
			return lo
		}
		return hi
	}
	return z
}

// limits returns the least and greatest values of T (infinities for floats).
func limits[T tensor.Elem]() (lo, hi T) {
	switch any(lo).(type) {
	case float32, float64:
		return T(math.Inf(-1)), T(math.Inf(1))
	case int32:
		l, h := int64(math.MinInt32), int64(math.MaxInt32)
		return T(l), T(h)
	}
	l, h := int64(math.MinInt64), int64(math.MaxInt64)
	return T(l), T(h)
}

// fold combines the elements of v into acc.
func fold[T tensor.Elem](k reduceKind, acc T, v []T) T {
	switch k {
	case rSum:
		return acc + sumOf(v)
	case rProd:
		for _, x := range v {
			acc *= x
		}
	case rMax:
		for _, x := range v {
			if x > acc || x != x {
				acc = x
			}
		}
	case rMin:
		for _, x := range v {
			if x < acc || x != x {
				acc = x
			}
		}
	}
	return acc
}

// combine merges v into acc element by element.
func combine[T tensor.Elem](k reduceKind, acc, v []T) {
	v = v[:len(acc)]
	switch k {
	case rSum:
		addTo(acc, v)
	case rProd:
		for i, x := range v {
			acc[i] *= x
		}
	case rMax:
		for i, x := range v {
			if x > acc[i] || x != x {
				acc[i] = x
			}
		}
	case rMin:
		for i, x := range v {
			if x < acc[i] || x != x {
				acc[i] = x
			}
		}
	}
}

// sumOf returns the sum of v, with four partial sums for speed and
// accuracy.
func sumOf[T tensor.Elem](v []T) T {
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(v); i += 4 {
		s0 += v[i]
		s1 += v[i+1]
		s2 += v[i+2]
		s3 += v[i+3]
	}
	for ; i < len(v); i++ {
		s0 += v[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// addTo adds v to acc element-wise.
func addTo[T tensor.Elem](acc, v []T) {
	v = v[:len(acc)]
	for i, x := range v {
		acc[i] += x
	}
}

// reduceBuild checks the axes and builds a reduction.
func reduceBuild(name string, k reduceKind, x *Node, axes []int, keep bool) *Node {
	if x == nil || x.bad {
		return apply(reduceOp{k: k}, x)
	}
	m, err := axesMask(axes, x.Rank())
	if err != nil {
		return failf(name, []*Node{x}, err)
	}
	return apply(reduceOp{k: k, axes: m, keep: keep}, x)
}

// Sum returns the sum of x over axes (all axes if none are given), keeping
// them as size-1 dimensions if keepdims is set. Negative axes count from the
// end.
func Sum(x *Node, axes []int, keepdims bool) *Node {
	return reduceBuild("Sum", rSum, x, axes, keepdims)
}

// Max returns the maximum of x over axes, like Sum. Its gradient flows to
// every element equal to the maximum.
func Max(x *Node, axes []int, keepdims bool) *Node {
	return reduceBuild("Max", rMax, x, axes, keepdims)
}

// Min returns the minimum of x over axes, like Sum. Its gradient flows to
// every element equal to the minimum.
func Min(x *Node, axes []int, keepdims bool) *Node {
	return reduceBuild("Min", rMin, x, axes, keepdims)
}

// Prod returns the product of x over axes, like Sum. Its gradient is
// computed as prod/x, so it is not finite where x has zeros.
func Prod(x *Node, axes []int, keepdims bool) *Node {
	return reduceBuild("Prod", rProd, x, axes, keepdims)
}

// Mean returns the mean of the floating-point x over axes, like Sum. When a
// reduced dimension is unknown the count is taken when the function runs.
func Mean(x *Node, axes []int, keepdims bool) *Node {
	if x == nil || x.bad {
		return apply(reduceOp{}, x)
	}
	if !x.dt.IsFloat() {
		return failf("Mean", []*Node{x}, errorf(ErrDType, "expected a floating-point input, received %s; Cast it first", x.dt))
	}
	m, err := axesMask(axes, x.Rank())
	if err != nil {
		return failf("Mean", []*Node{x}, err)
	}
	return Div(Sum(x, axes, keepdims), count(x, m))
}

// count returns the number of elements of x in the axes of mask, as a
// scalar of x's dtype: a constant if those dimensions are known.
func count(x *Node, mask uint16) *Node {
	n := 1
	for _, a := range maskAxes(mask) {
		if x.shape[a] < 0 {
			return apply(countOp{axes: mask}, x)
		}
		n *= x.shape[a]
	}
	return ScalarLike(x, float64(n))
}

// countOp yields the number of elements of its input in some axes, read
// from the input's shape when the function runs.
type countOp struct{ axes uint16 }

func (o countOp) String() string { return fmt.Sprintf("Count{axes=%v}", maskAxes(o.axes)) }

func (countOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (countOp) shape(_ *Node, dst []int, _ [][]int) ([]int, error) { return outShape(dst, 0), nil }

func (o countOp) eval(out *buf, in []*buf, _ *ectx) error {
	n := 1
	for i, d := range in[0].shape {
		if o.axes&(1<<i) != 0 {
			n *= d
		}
	}
	out.fill(float64(n))
	return nil
}

func (countOp) grad(*Node, *Node) []*Node { return nil }

// Var returns the (biased) variance of x over axes, like Mean.
func Var(x *Node, axes []int, keepdims bool) *Node {
	d := Sub(x, Mean(x, axes, true))
	return Mean(Square(d), axes, keepdims)
}

// Std returns the standard deviation of x over axes, like Mean.
func Std(x *Node, axes []int, keepdims bool) *Node { return Sqrt(Var(x, axes, keepdims)) }

// LogSumExp returns log(Σ eˣ) over axes, like Sum, computed with the
// maximum subtracted first so that it does not overflow.
func LogSumExp(x *Node, axes []int, keepdims bool) *Node {
	m := StopGradient(Max(x, axes, true))
	s := Add(Log(Sum(Exp(Sub(x, m)), axes, true)), m)
	if keepdims || s == nil || s.bad {
		return s
	}
	mask, _ := axesMask(axes, x.Rank())
	return apply(squeezeOp{axes: mask}, s)
}
