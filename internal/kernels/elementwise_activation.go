package kernels

// Transcendental maps and activations, with the derivative helpers that
// fused backward passes use. float32 inputs use the approximations of
// approx.go on every implementation; float64 inputs use package math.

// Relu sets dst[i] = max(a[i], 0). NaN stays NaN and -0 becomes +0. It
// panics if the lengths differ.
func Relu[T float32 | float64](dst, a []T) {
	ewUnary("Relu", ewRelu, dst, a, ewReluGo[T])
}

// ReluGrad sets dst[i] = dy[i] where x[i] > 0 and 0 elsewhere (also where
// x[i] is NaN): the gradient of Relu at x given the output gradient dy. It
// panics if the lengths differ.
func ReluGrad[T float32 | float64](dst, x, dy []T) {
	ewBinary("ReluGrad", ewReluGrad, dst, x, dy, ewReluGradGo[T])
}

// Exp sets dst[i] = e^a[i]. For float32 the error is at most 1 ulp for
// normal results, e^x overflows to +Inf for x > 88.722839, underflows
// gradually (subnormal results within one subnormal step) and is 0 below
// -103.97; Exp(-Inf) = 0, Exp(+Inf) = +Inf, NaN stays NaN. It panics if the
// lengths differ.
func Exp[T float32 | float64](dst, a []T) {
	ewUnary("Exp", ewExp, dst, a, ewExpGo[T])
}

// Log sets dst[i] to the natural logarithm of a[i]. For float32 the error
// is at most 1 ulp for every positive input including subnormals;
// Log(±0) = -Inf, Log(+Inf) = +Inf, and negative inputs and NaN give NaN.
// It panics if the lengths differ.
func Log[T float32 | float64](dst, a []T) {
	ewUnary("Log", ewLog, dst, a, ewLogGo[T])
}

// Sigmoid sets dst[i] = 1/(1+e^-a[i]), evaluated without cancellation for
// either sign. For float32 the error is at most 2 ulp everywhere, results
// underflow gradually for inputs below -87.3 and are 0 only below -103.3;
// Sigmoid(+Inf) = 1, Sigmoid(-Inf) = 0, NaN stays NaN. It panics if the
// lengths differ.
func Sigmoid[T float32 | float64](dst, a []T) {
	ewUnary("Sigmoid", ewSigmoid, dst, a, ewSigmoidGo[T])
}

// SigmoidGrad sets dst[i] = dy[i] * y[i] * (1 - y[i]), the gradient of
// Sigmoid given its output y and the output gradient dy. It panics if the
// lengths differ.
func SigmoidGrad[T float32 | float64](dst, y, dy []T) {
	ewBinary("SigmoidGrad", ewSigmoidGrad, dst, y, dy, ewSigmoidGradGo[T])
}

// Tanh sets dst[i] = tanh(a[i]). For float32 the error is at most 2 ulp
// everywhere; the result is exactly ±1 for |x| >= 9.02 and ±Inf, the sign of
// zero is kept, subnormal inputs are returned unchanged and NaN stays NaN.
// It panics if the lengths differ.
func Tanh[T float32 | float64](dst, a []T) {
	ewUnary("Tanh", ewTanh, dst, a, ewTanhGo[T])
}

// TanhGrad sets dst[i] = dy[i] * (1 - y[i]*y[i]), the gradient of Tanh given
// its output y and the output gradient dy. It panics if the lengths differ.
func TanhGrad[T float32 | float64](dst, y, dy []T) {
	ewBinary("TanhGrad", ewTanhGrad, dst, y, dy, ewTanhGradGo[T])
}
