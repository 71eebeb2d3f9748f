package kernels

import "unsafe"

// The float32 micro-kernels and packing routines for amd64 are generated:
//go:generate go run -C _asm ./gemm -pkg kernels -out ../gemm_kern_amd64.s -stubs ../gemm_kern_stub_amd64.go

// Gemm computes the general matrix product
//
//	C = alpha·op(A)·op(B) + beta·C
//
// on row-major matrices, with BLAS semantics: op(X) is X, or Xᵀ when the
// matching trans flag is set; op(A) is m×k, op(B) is k×n and C is m×n.
// Element (i, j) of a stored matrix X with leading dimension ldx is
// x[i*ldx+j], so A is stored as m×k (k×m when transA) with lda ≥ its row
// width, B as k×n (n×k when transB) and C as m×n with ldc ≥ n. Elements
// in the padding between rows are neither read nor written.
//
// When beta is zero C is not read, so NaNs or infinities in it do not
// propagate; when alpha is zero or k is zero A and B are not read.
//
// float32 runs on the fastest available implementation (see Active) and on
// up to Threads() goroutines; float64 runs a blocked pure-Go kernel on the
// same worker pool. The result does not depend on the number of threads:
// work is split over blocks of C only, never over the summed dimension.
// Gemm allocates nothing once its packing buffers are warm.
//
// Gemm panics, like the BLAS error handler xerbla, if a dimension is
// negative, a leading dimension is smaller than the row width it holds (or
// than 1), or a slice is too short for the matrix it holds.
func Gemm[T float32 | float64](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	gemmCheck(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if unsafe.Sizeof(alpha) == 4 {
		gemmRun(gemmF32Config(), transA, transB, m, n, k,
			gemmAs[float32](alpha), gemmSlice[float32](a), lda, gemmSlice[float32](b), ldb,
			gemmAs[float32](beta), gemmSlice[float32](c), ldc)
		return
	}
	gemmRun(gemmF64Config(), transA, transB, m, n, k,
		gemmAs[float64](alpha), gemmSlice[float64](a), lda, gemmSlice[float64](b), ldb,
		gemmAs[float64](beta), gemmSlice[float64](c), ldc)
}

// Sgemm is Gemm for float32.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemm is Gemm for float64.
func Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmAs reinterprets a scalar of the same size as U.
func gemmAs[U, T float32 | float64](x T) U { return *(*U)(unsafe.Pointer(&x)) }

// gemmSlice reinterprets a slice whose elements have the same type as U.
func gemmSlice[U, T float32 | float64](x []T) []U {
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(x))), len(x))
}

// gemmCheck panics on arguments BLAS would reject.
func gemmCheck(transA, transB bool, m, n, k, la, lda, lb, ldb, lc, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic("kernels: Gemm: negative dimension")
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	if lda < max(1, ac) {
		panic("kernels: Gemm: lda smaller than the row width of A")
	}
	if ldb < max(1, bc) {
		panic("kernels: Gemm: ldb smaller than the row width of B")
	}
	if ldc < max(1, n) {
		panic("kernels: Gemm: ldc smaller than n")
	}
	if !gemmFits(la, ar, ac, lda) {
		panic("kernels: Gemm: slice a too short")
	}
	if !gemmFits(lb, br, bc, ldb) {
		panic("kernels: Gemm: slice b too short")
	}
	if !gemmFits(lc, m, n, ldc) {
		panic("kernels: Gemm: slice c too short")
	}
}

// gemmFits reports whether a slice of length l holds a rows×cols matrix
// with leading dimension ld.
func gemmFits(l, rows, cols, ld int) bool {
	return rows == 0 || cols == 0 || l >= (rows-1)*ld+cols
}
