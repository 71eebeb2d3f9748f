package kernels

import "math"

// Pure-Go reductions: the reference for the assembly and the only
// implementation for float64 and under the purego build tag.

// reduceSumGo adds a in four interleaved partial sums, which is both faster
// and (for long slices) more accurate than a single running sum.
func reduceSumGo[T float32 | float64](a []T) T {
	var s0, s1, s2, s3 T
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i]
		s1 += a[i+1]
		s2 += a[i+2]
		s3 += a[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func reduceMaxGo[T float32 | float64](a []T) T {
	m := T(math.Inf(-1))
	for _, v := range a {
		if v > m {
			m = v
		} else if v != v {
			return v
		}
	}
	return m
}

func reduceMinGo[T float32 | float64](a []T) T {
	m := T(math.Inf(1))
	for _, v := range a {
		if v < m {
			m = v
		} else if v != v {
			return v
		}
	}
	return m
}

func reduceSumColsGo[T float32 | float64](dst, a []T, rows, cols int) {
	clear(dst)
	for r := 0; r < rows; r++ {
		row := a[r*cols : (r+1)*cols]
		for c, v := range row {
			dst[c] += v
		}
	}
}

func reduceMaxColsGo[T float32 | float64](dst, a []T, rows, cols int) {
	for c := range dst {
		dst[c] = T(math.Inf(-1))
	}
	for r := 0; r < rows; r++ {
		row := a[r*cols : (r+1)*cols]
		for c, v := range row {
			if v > dst[c] || v != v {
				dst[c] = v
			}
		}
	}
}

// reduceArgMaxGo returns the index of the first NaN of a, else of the first
// largest element, or -1 if a is empty.
func reduceArgMaxGo[T float32 | float64](a []T) int32 {
	best := -1
	for i, v := range a {
		if v != v {
			return int32(i)
		}
		if best < 0 || v > a[best] {
			best = i
		}
	}
	return int32(best)
}
