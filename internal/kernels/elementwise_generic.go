package kernels

import "math"

// Pure-Go element-wise loops: the reference for the assembly, and the only
// implementation for float64 and under the purego build tag. Callers have
// checked the lengths; re-slicing to len(dst) lets the compiler drop the
// bounds checks.

func ewAddGo[T float32 | float64](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func ewSubGo[T float32 | float64](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

func ewMulGo[T float32 | float64](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

func ewDivGo[T float32 | float64](dst, a, b []T) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] / b[i]
	}
}

func ewAddScalarGo[T float32 | float64](dst, a []T, s T) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + s
	}
}

func ewScaleGo[T float32 | float64](dst, a []T, s T) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = s * a[i]
	}
}

func ewAxpyGo[T float32 | float64](alpha T, x, y []T) {
	x = x[:len(y)]
	for i := range y {
		y[i] += alpha * x[i]
	}
}

func ewAxpbyGo[T float32 | float64](alpha T, x []T, beta T, y []T) {
	x = x[:len(y)]
	for i := range y {
		y[i] = alpha*x[i] + beta*y[i]
	}
}

func ewNegGo[T float32 | float64](dst, a []T) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = -a[i]
	}
}

func ewAbsGo[T float32 | float64](dst, a []T) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = T(math.Abs(float64(a[i])))
	}
}

func ewSqrtGo[T float32 | float64](dst, a []T) {
	a = a[:len(dst)]
	for i := range dst {
		// The float64 square root of a float32 rounds correctly to float32.
		dst[i] = T(math.Sqrt(float64(a[i])))
	}
}

func ewSquareGo[T float32 | float64](dst, a []T) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * a[i]
	}
}

func ewReluGo[T float32 | float64](dst, a []T) {
	a = a[:len(dst)]
	for i := range dst {
		if v := a[i]; !(v <= 0) { // v > 0 or NaN
			dst[i] = v
		} else {
			dst[i] = 0
		}
	}
}

func ewReluGradGo[T float32 | float64](dst, x, dy []T) {
	x, dy = x[:len(dst)], dy[:len(dst)]
	for i := range dst {
		if x[i] > 0 {
			dst[i] = dy[i]
		} else {
			dst[i] = 0
		}
	}
}

func ewSigmoidGradGo[T float32 | float64](dst, y, dy []T) {
	y, dy = y[:len(dst)], dy[:len(dst)]
	for i := range dst {
		v := y[i]
		dst[i] = dy[i] * (v * (1 - v))
	}
}

// ewTanhGradGo forms 1-y*y as (1-y)*(1+y), which keeps full relative
// precision as |y| approaches 1.
func ewTanhGradGo[T float32 | float64](dst, y, dy []T) {
	y, dy = y[:len(dst)], dy[:len(dst)]
	for i := range dst {
		v := y[i]
		dst[i] = dy[i] * ((1 - v) * (1 + v))
	}
}

func ewExpGo[T float32 | float64](dst, a []T) {
	switch d := any(dst).(type) {
	case []float32:
		a := any(a).([]float32)[:len(d)]
		for i := range d {
			d[i] = approxExp32(a[i])
		}
	case []float64:
		a := any(a).([]float64)[:len(d)]
		for i := range d {
			d[i] = math.Exp(a[i])
		}
	}
}

func ewLogGo[T float32 | float64](dst, a []T) {
	switch d := any(dst).(type) {
	case []float32:
		a := any(a).([]float32)[:len(d)]
		for i := range d {
			d[i] = approxLog32(a[i])
		}
	case []float64:
		a := any(a).([]float64)[:len(d)]
		for i := range d {
			d[i] = math.Log(a[i])
		}
	}
}

func ewSigmoidGo[T float32 | float64](dst, a []T) {
	switch d := any(dst).(type) {
	case []float32:
		a := any(a).([]float32)[:len(d)]
		for i := range d {
			d[i] = approxSigmoid32(a[i])
		}
	case []float64:
		a := any(a).([]float64)[:len(d)]
		for i := range d {
			d[i] = ewSigmoid64Go(a[i])
		}
	}
}

// ewSigmoid64Go evaluates the sigmoid in float64 without cancellation.
func ewSigmoid64Go(x float64) float64 {
	e := math.Exp(-math.Abs(x))
	if x < 0 {
		return e / (1 + e)
	}
	return 1 / (1 + e)
}

func ewTanhGo[T float32 | float64](dst, a []T) {
	switch d := any(dst).(type) {
	case []float32:
		a := any(a).([]float32)[:len(d)]
		for i := range d {
			d[i] = approxTanh32(a[i])
		}
	case []float64:
		a := any(a).([]float64)[:len(d)]
		for i := range d {
			d[i] = math.Tanh(a[i])
		}
	}
}
