package kernels

// Row-wise softmax and log-softmax of a row-major rows x cols matrix.
//
// Each row is shifted by its maximum m before exponentiation, so no finite
// input overflows: Softmax computes e_i = exp(a_i - m) and e_i / sum(e), and
// LogSoftmax computes (a_i - m) - log(sum(e)), which stays finite and
// accurate for logits far apart (±1e4). The maximum contributes exp(0) = 1,
// so the sum is at least 1.
//
// Rows whose maximum is not finite follow the limit of the formula as the
// extreme entries grow: a row holding NaN gives NaN everywhere; a row with
// k entries equal to +Inf gives 1/k on those and 0 elsewhere (log: -log k
// and -Inf); a row of all -Inf gives the uniform 1/cols (log: -log cols).
// Other -Inf entries give 0 (log: -Inf).
//
// float32 rows use the exp and log approximations of approx.go, with
// exp(a_i - m) below 2^-126 (a_i - m < -87.34) flushed to zero on every
// implementation: Softmax gives exactly 0 there instead of a subnormal, and
// LogSoftmax is unaffected (those terms are below the rounding of the sum).
// Softmax entries are within a relative (|a_i - m| + cols + 4) * 2^-24 of
// the exact value, the |a_i - m| part coming from rounding a_i - m in
// float32, and LogSoftmax entries within an absolute
// (|a_i - m| + log(sum) + 2) * 2^-23 + cols * 2^-24. Row sums are
// accumulated in a fixed order per implementation, so results are
// deterministic but may differ in the last bits between implementations.

// softmaxCheck panics unless dst and a hold a rows x cols matrix.
func softmaxCheck(op string, dst, a, rows, cols int) {
	reduceCheck(op, dst, a, rows, cols, a)
}

// Softmax sets each row of dst to the softmax of the same row of the
// row-major rows x cols matrix a. dst may be a. It panics unless
// len(a) == len(dst) == rows*cols.
func Softmax[T float32 | float64](dst, a []T, rows, cols int) {
	softmaxCheck("Softmax", len(dst), len(a), rows, cols)
	softmaxDispatch(dst, a, rows, cols, false)
}

// LogSoftmax sets each row of dst to the log-softmax of the same row of the
// row-major rows x cols matrix a: a - max - log(sum(exp(a - max))). dst may
// be a. It panics unless len(a) == len(dst) == rows*cols.
func LogSoftmax[T float32 | float64](dst, a []T, rows, cols int) {
	softmaxCheck("LogSoftmax", len(dst), len(a), rows, cols)
	softmaxDispatch(dst, a, rows, cols, true)
}

func softmaxDispatch[T float32 | float64](dst, a []T, rows, cols int, logForm bool) {
	if cols == 0 {
		return
	}
	d, k := ewF32(dst)
	if k == nil {
		softmaxRowsGo(dst, a, rows, cols, logForm)
		return
	}
	a32 := ewAs32(a)
	kern := k.softmax
	if logForm {
		kern = k.logSoftmax
	}
	// The kernel stops at rows whose maximum is not finite; those take the
	// Go path and the kernel resumes after them.
	for r := 0; r < rows; {
		r += kern(d[r*cols:], a32[r*cols:], rows-r, cols)
		if r < rows {
			softmaxSpecialRow(d[r*cols:(r+1)*cols], a32[r*cols:(r+1)*cols], logForm)
			r++
		}
	}
}
