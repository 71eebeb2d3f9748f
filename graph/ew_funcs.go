package graph

import (
	"math"

	"github.com/gokeras/gokeras/tensor"
)

// The Go element-wise loops, for the kinds and dtypes the vector kernels do
// not cover. Each takes dst and up to three operands of the same length as
// dst; dst may alias an operand. Float functions compute in float64 and
// round once.

type num = tensor.Elem

type flo = tensor.Float

func ewCopy[T num](dst, a, _, _ []T, _, _ float64) { copy(dst, a) }

func ewNeg[T num](dst, a, _, _ []T, _, _ float64) {
	a = a[:len(dst)]
	for i, v := range a {
		dst[i] = -v
	}
}

func ewAbs[T num](dst, a, _, _ []T, _, _ float64) {
	a = a[:len(dst)]
	for i, v := range a {
		if v < 0 {
			v = -v
		}
		dst[i] = v
	}
}

func ewSign[T num](dst, a, _, _ []T, _, _ float64) {
	a = a[:len(dst)]
	for i, v := range a {
		switch {
		case v > 0:
			dst[i] = 1
		case v < 0:
			dst[i] = -1
		default:
			dst[i] = v // 0 or NaN
		}
	}
}

func ewSquare[T num](dst, a, _, _ []T, _, _ float64) {
	a = a[:len(dst)]
	for i, v := range a {
		dst[i] = v * v
	}
}

func ewRelu[T num](dst, a, _, _ []T, _, _ float64) {
	a = a[:len(dst)]
	for i, v := range a {
		if !(v > 0) && v == v {
			v = 0
		}
		dst[i] = v
	}
}

func ewClip[T num](dst, a, _, _ []T, lo, hi float64) {
	a = a[:len(dst)]
	l, h := T(lo), T(hi)
	for i, v := range a {
		if v < l {
			v = l
		}
		if v > h {
			v = h
		}
		dst[i] = v
	}
}

// unaryF applies a float64 function to every element.
func unaryF[T flo](dst, a []T, f func(float64) float64) {
	a = a[:len(dst)]
	for i, v := range a {
		dst[i] = T(f(float64(v)))
	}
}

func ewLog1p[T flo](dst, a, _, _ []T, _, _ float64) { unaryF(dst, a, math.Log1p) }
func ewExpm1[T flo](dst, a, _, _ []T, _, _ float64) { unaryF(dst, a, math.Expm1) }
func ewErf[T flo](dst, a, _, _ []T, _, _ float64)   { unaryF(dst, a, math.Erf) }
func ewFloor[T flo](dst, a, _, _ []T, _, _ float64) { unaryF(dst, a, math.Floor) }
func ewCeil[T flo](dst, a, _, _ []T, _, _ float64)  { unaryF(dst, a, math.Ceil) }
func ewRound[T flo](dst, a, _, _ []T, _, _ float64) { unaryF(dst, a, math.RoundToEven) }

func ewSoftplus[T flo](dst, a, _, _ []T, _, _ float64) { unaryF(dst, a, softplus) }

// softplus is log(1+e^x) = max(x, 0) + log1p(e^−|x|), finite for all x.
func softplus(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

func ewAdd[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func ewSub[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

func ewMul[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

func ewPow[T flo](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = T(math.Pow(float64(a[i]), float64(b[i])))
	}
}

// ewMin and ewMax propagate NaN, as numpy's minimum and maximum do.
func ewMin[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		x, y := a[i], b[i]
		if y < x || y != y {
			x = y
		}
		dst[i] = x
	}
}

func ewMax[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		x, y := a[i], b[i]
		if y > x || y != y {
			x = y
		}
		dst[i] = x
	}
}

// b2 converts a truth value to 0 or 1.
func b2[T num](c bool) T {
	if c {
		return 1
	}
	return 0
}

func ewEq[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = b2[T](a[i] == b[i])
	}
}

func ewNe[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = b2[T](a[i] != b[i])
	}
}

func ewLt[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = b2[T](a[i] < b[i])
	}
}

func ewLe[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = b2[T](a[i] <= b[i])
	}
}

func ewGt[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = b2[T](a[i] > b[i])
	}
}

func ewGe[T num](dst, a, b, _ []T, _, _ float64) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = b2[T](a[i] >= b[i])
	}
}

func ewWhere[T num](dst, c, a, b []T, _, _ float64) {
	c, a, b = c[:len(dst)], a[:len(dst)], b[:len(dst)]
	for i := range dst {
		if c[i] != 0 {
			dst[i] = a[i]
		} else {
			dst[i] = b[i]
		}
	}
}
