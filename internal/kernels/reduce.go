package kernels

import "fmt"

// Reductions over a slice, and over the rows or columns of a row-major
// rows x cols matrix. Results are deterministic for a given implementation:
// the order of accumulation is fixed and does not depend on goroutines. The
// assembly sums use several vector partial sums, so float32 sums may differ
// from the Go loop (and between implementations) by rounding; SumCols adds
// the rows of each column in order on every implementation and so gives the
// same bits everywhere. Max and Min return NaN if any element is NaN.

// reduceCheck panics unless a holds a rows x cols matrix and dst has n
// elements.
func reduceCheck(op string, dst, a, rows, cols, n int) {
	if rows < 0 || cols < 0 || (cols != 0 && rows > a/cols) || rows*cols != a {
		panic(fmt.Sprintf("kernels: %s: len(a)=%d does not hold a %d x %d matrix", op, a, rows, cols))
	}
	if dst != n {
		panic(fmt.Sprintf("kernels: %s: len(dst)=%d, want %d", op, dst, n))
	}
}

// Sum returns the sum of the elements of a, or 0 if a is empty.
func Sum[T float32 | float64](a []T) T {
	if f, k := ewF32(a); k != nil {
		return T(k.sum(f))
	}
	return reduceSumGo(a)
}

// Max returns the largest element of a: NaN if any element is NaN, and -Inf
// if a is empty.
func Max[T float32 | float64](a []T) T {
	if f, k := ewF32(a); k != nil {
		return T(k.max(f))
	}
	return reduceMaxGo(a)
}

// Min returns the smallest element of a: NaN if any element is NaN, and
// +Inf if a is empty.
func Min[T float32 | float64](a []T) T {
	if f, k := ewF32(a); k != nil {
		return T(k.min(f))
	}
	return reduceMinGo(a)
}

// SumRows sets dst[r] to the sum of row r of the row-major rows x cols
// matrix a. It panics unless len(a) == rows*cols and len(dst) == rows.
func SumRows[T float32 | float64](dst, a []T, rows, cols int) {
	reduceCheck("SumRows", len(dst), len(a), rows, cols, rows)
	for r := range dst {
		dst[r] = Sum(a[r*cols : (r+1)*cols])
	}
}

// MaxRows sets dst[r] to the largest element of row r of the row-major
// rows x cols matrix a (NaN if the row holds NaN, -Inf if cols is 0). It
// panics unless len(a) == rows*cols and len(dst) == rows.
func MaxRows[T float32 | float64](dst, a []T, rows, cols int) {
	reduceCheck("MaxRows", len(dst), len(a), rows, cols, rows)
	for r := range dst {
		dst[r] = Max(a[r*cols : (r+1)*cols])
	}
}

// SumCols sets dst[c] to the sum of column c of the row-major rows x cols
// matrix a, adding the rows in order: the bias gradient of a dense layer.
// It is vectorised across columns. It panics unless len(a) == rows*cols and
// len(dst) == cols.
func SumCols[T float32 | float64](dst, a []T, rows, cols int) {
	reduceCheck("SumCols", len(dst), len(a), rows, cols, cols)
	if d, k := ewF32(dst); k != nil {
		k.sumCols(d, ewAs32(a), rows, cols)
		return
	}
	reduceSumColsGo(dst, a, rows, cols)
}

// MaxCols sets dst[c] to the largest element of column c of the row-major
// rows x cols matrix a (NaN if the column holds NaN, -Inf if rows is 0). It
// panics unless len(a) == rows*cols and len(dst) == cols.
func MaxCols[T float32 | float64](dst, a []T, rows, cols int) {
	reduceCheck("MaxCols", len(dst), len(a), rows, cols, cols)
	if d, k := ewF32(dst); k != nil {
		k.maxCols(d, ewAs32(a), rows, cols)
		return
	}
	reduceMaxColsGo(dst, a, rows, cols)
}

// ArgMaxRows sets dst[r] to the column index of the largest element of row
// r of the row-major rows x cols matrix a. The first index wins on ties; a
// NaN counts as larger than any number, so the first NaN of a row wins
// (as numpy's argmax); dst[r] is -1 if cols is 0. Indices are int32, which
// bounds cols to 2^31-1, ample for class scores. It panics unless
// len(a) == rows*cols, len(dst) == rows and cols fits in an int32.
func ArgMaxRows[T float32 | float64](dst []int32, a []T, rows, cols int) {
	reduceCheck("ArgMaxRows", len(dst), len(a), rows, cols, rows)
	if cols > 1<<31-1 {
		panic(fmt.Sprintf("kernels: ArgMaxRows: cols=%d does not fit in int32", cols))
	}
	for r := range dst {
		dst[r] = reduceArgMaxGo(a[r*cols : (r+1)*cols])
	}
}
