package kernels

import "math"

// Pure-Go softmax: the reference for the assembly and the only
// implementation for float64 and under the purego build tag. float32 uses
// approxExpFlush32 and approxLog32, float64 package math.

func softmaxRowsGo[T float32 | float64](dst, a []T, rows, cols int, logForm bool) {
	switch d := any(dst).(type) {
	case []float32:
		softmaxRowsFn(d, any(a).([]float32), rows, cols, logForm, approxExpFlush32, approxLog32)
	case []float64:
		softmaxRowsFn(d, any(a).([]float64), rows, cols, logForm, math.Exp, math.Log)
	}
}

func softmaxRowsFn[T float32 | float64](dst, a []T, rows, cols int, logForm bool, exp, log func(T) T) {
	for r := 0; r < rows; r++ {
		d, x := dst[r*cols:(r+1)*cols], a[r*cols:(r+1)*cols]
		m := reduceMaxGo(x)
		if m-m != 0 { // ±Inf or NaN
			softmaxSpecialRow(d, x, logForm)
			continue
		}
		var sum T
		if logForm {
			for _, v := range x {
				sum += exp(v - m)
			}
			lse := log(sum)
			for i, v := range x {
				d[i] = (v - m) - lse
			}
			continue
		}
		for i, v := range x {
			e := exp(v - m)
			d[i] = e
			sum += e
		}
		inv := 1 / sum
		for i := range d {
			d[i] *= inv
		}
	}
}

// softmaxSpecialRow handles a non-empty row whose maximum is ±Inf or NaN:
// NaN anywhere gives NaN everywhere; otherwise the k entries equal to the
// maximum share the probability equally (k = len(a) for a row of -Inf).
func softmaxSpecialRow[T float32 | float64](dst, a []T, logForm bool) {
	m := reduceMaxGo(a)
	if m != m {
		for i := range dst {
			dst[i] = m
		}
		return
	}
	k := 0
	for _, v := range a {
		if v == m {
			k++
		}
	}
	p, lp := 1/T(k), -T(math.Log(float64(k)))
	for i, v := range a {
		switch {
		case v == m && logForm:
			dst[i] = lp
		case v == m:
			dst[i] = p
		case logForm:
			dst[i] = T(math.Inf(-1))
		default:
			dst[i] = 0
		}
	}
}
