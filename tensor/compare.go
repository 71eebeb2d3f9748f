package tensor

import "math"

// Equal reports whether a and b have the same shape and equal elements, as
// compared by ==: NaN is not equal to NaN, and 0 equals -0.
func Equal[T Elem](a, b *Tensor[T]) bool {
	if !SameShape(a.shape, b.shape) {
		return false
	}
	for i, x := range a.data {
		if x != b.data[i] {
			return false
		}
	}
	return true
}

// AllClose reports whether a and b have the same shape and every pair of
// elements satisfies numpy's isclose rule |a-b| <= atol + rtol·|b|.
// Infinities are close only to an infinity of the same sign; NaN is never
// close to anything, not even NaN.
func AllClose[T Float](a, b *Tensor[T], rtol, atol float64) bool {
	if !SameShape(a.shape, b.shape) {
		return false
	}
	for i, x := range a.data {
		if !isClose(float64(x), float64(b.data[i]), rtol, atol) {
			return false
		}
	}
	return true
}

func isClose(x, y, rtol, atol float64) bool {
	if x == y {
		return true // equal finite values and same-signed infinities
	}
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return false
	}
	return math.Abs(x-y) <= atol+float64(rtol*math.Abs(y)) // no FMA: same verdict everywhere
}

// MaxAbsDiff returns the largest |a[i]-b[i]| over the elements of a and b,
// for test messages. It returns 0 for empty tensors, +Inf if the shapes
// differ and NaN if any pair involves a NaN. Equal infinities differ by 0,
// an infinity and any other value by +Inf.
func MaxAbsDiff[T Elem](a, b *Tensor[T]) float64 {
	return maxDiff(a, b, func(x, y float64) float64 { return math.Abs(x - y) })
}

// MaxRelDiff returns the largest |a[i]-b[i]| / max(|a[i]|, |b[i]|) over the
// elements of a and b, for test messages; a pair of zeros counts as 0. Like
// MaxAbsDiff it returns +Inf if the shapes differ and NaN if any pair
// involves a NaN.
func MaxRelDiff[T Elem](a, b *Tensor[T]) float64 {
	return maxDiff(a, b, func(x, y float64) float64 {
		return math.Abs(x-y) / math.Max(math.Abs(x), math.Abs(y))
	})
}

func maxDiff[T Elem](a, b *Tensor[T], diff func(x, y float64) float64) float64 {
	if !SameShape(a.shape, b.shape) {
		return math.Inf(1)
	}
	m := 0.0
	for i, v := range a.data {
		x, y := float64(v), float64(b.data[i])
		if x != x || y != y {
			return math.NaN()
		}
		switch {
		case x == y:
		case math.IsInf(x, 0) || math.IsInf(y, 0):
			m = math.Inf(1)
		default:
			m = max(m, diff(x, y))
		}
	}
	return m
}
