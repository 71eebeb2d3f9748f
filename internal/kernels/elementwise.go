package kernels

import "fmt"

//go:generate go run -C _asm ./elementwise -isa avx2 -pkg kernels -out ../elementwise_avx2_amd64.s -stubs ../elementwise_avx2_amd64.go
//go:generate go run -C _asm ./elementwise -isa avx512 -pkg kernels -out ../elementwise_avx512_amd64.s -stubs ../elementwise_avx512_amd64.go

// Element-wise kernels.
//
// All kernels take equal-length contiguous slices and panic if the lengths
// differ. dst may be the same slice as an input (in-place operation); any
// other overlap between dst and an input gives unspecified results. None of
// them allocates. float32 slices run on the implementation chosen by Active;
// float64 slices always run the pure-Go loops. Add, Sub, Mul, Div,
// AddScalar, Scale, Neg, Abs, Sqrt, Square, Relu, ReluGrad, SigmoidGrad and
// TanhGrad perform the same IEEE operations in the same order everywhere and
// so give the same bits on every implementation; Axpy, Axpby, Exp, Log,
// Sigmoid and Tanh may differ in the last bits between implementations
// (fused multiply-adds, float32 versus float64 evaluation) within the bounds
// their documentation states. Every kernel gives the same bits for the same
// input on one implementation.

// ewKernels is the set of float32 assembly kernels of one instruction set.
type ewKernels struct {
	binary              [ewBinaryOps]func(dst, a, b []float32)
	unary               [ewUnaryOps]func(dst, a []float32)
	addScalar, scale    func(dst, a []float32, s float32)
	axpy                func(alpha float32, x, y []float32)
	axpby               func(alpha float32, x []float32, beta float32, y []float32)
	sum, max, min       func(a []float32) float32
	sumCols, maxCols    func(dst, a []float32, rows, cols int)
	softmax, logSoftmax func(dst, a []float32, rows, cols int) int
	rmsprop             func(wOut, vOut, w, v, g []float32, lr, rho, oneMinusRho, eps float32)
	adam                func(wOut, mOut, vOut, w, m, v, g []float32, alpha, oneMinusBeta1, oneMinusBeta2, eps float32)
}

// ewF32 returns s as a []float32 if T is float32 and an assembly
// implementation is active, or nil, false.
func ewF32[T float32 | float64](s []T) ([]float32, *ewKernels) {
	if f, ok := any(s).([]float32); ok {
		if k := ewAsm(); k != nil {
			return f, k
		}
	}
	return nil, nil
}

// The kernels of func(dst, a, b) and func(dst, a) form, by index in
// ewKernels.binary and ewKernels.unary.
const (
	ewAdd = iota
	ewSub
	ewMul
	ewDiv
	ewReluGrad
	ewSigmoidGrad
	ewTanhGrad
	ewBinaryOps
)

const (
	ewRelu = iota
	ewNeg
	ewAbs
	ewSqrt
	ewSquare
	ewExp
	ewLog
	ewSigmoid
	ewTanh
	ewUnaryOps
)

// ewBinary runs the binary kernel op of the active implementation on
// float32 slices, or goLoop; name is the exported kernel's, for the
// length check.
func ewBinary[T float32 | float64](name string, op int, dst, a, b []T, goLoop func(dst, a, b []T)) {
	ewCheck3(name, len(dst), len(a), len(b))
	if d, k := ewF32(dst); k != nil {
		k.binary[op](d, ewAs32(a), ewAs32(b))
		return
	}
	goLoop(dst, a, b)
}

// ewUnary is ewBinary for the unary kernels.
func ewUnary[T float32 | float64](name string, op int, dst, a []T, goLoop func(dst, a []T)) {
	ewCheck2(name, len(dst), len(a))
	if d, k := ewF32(dst); k != nil {
		k.unary[op](d, ewAs32(a))
		return
	}
	goLoop(dst, a)
}

// ewAs32 converts a slice already known to be []float32.
func ewAs32[T float32 | float64](s []T) []float32 { return any(s).([]float32) }

func ewCheck2(op string, dst, a int) {
	if dst != a {
		panic(fmt.Sprintf("kernels: %s: length mismatch: len(dst)=%d, len(a)=%d", op, dst, a))
	}
}

func ewCheck3(op string, dst, a, b int) {
	if dst != a || dst != b {
		panic(fmt.Sprintf("kernels: %s: length mismatch: len(dst)=%d, len(a)=%d, len(b)=%d", op, dst, a, b))
	}
}

// Add sets dst[i] = a[i] + b[i]. It panics if the lengths differ.
func Add[T float32 | float64](dst, a, b []T) {
	ewBinary("Add", ewAdd, dst, a, b, ewAddGo[T])
}

// Sub sets dst[i] = a[i] - b[i]. It panics if the lengths differ.
func Sub[T float32 | float64](dst, a, b []T) {
	ewBinary("Sub", ewSub, dst, a, b, ewSubGo[T])
}

// Mul sets dst[i] = a[i] * b[i]. It panics if the lengths differ.
func Mul[T float32 | float64](dst, a, b []T) {
	ewBinary("Mul", ewMul, dst, a, b, ewMulGo[T])
}

// Div sets dst[i] = a[i] / b[i] (IEEE division: x/0 is ±Inf or NaN). It
// panics if the lengths differ.
func Div[T float32 | float64](dst, a, b []T) {
	ewBinary("Div", ewDiv, dst, a, b, ewDivGo[T])
}

// AddScalar sets dst[i] = a[i] + s. It panics if the lengths differ.
func AddScalar[T float32 | float64](dst, a []T, s T) {
	ewCheck2("AddScalar", len(dst), len(a))
	if d, k := ewF32(dst); k != nil {
		k.addScalar(d, ewAs32(a), float32(s))
		return
	}
	ewAddScalarGo(dst, a, s)
}

// Scale sets dst[i] = s * a[i]. It panics if the lengths differ.
func Scale[T float32 | float64](dst, a []T, s T) {
	ewCheck2("Scale", len(dst), len(a))
	if d, k := ewF32(dst); k != nil {
		k.scale(d, ewAs32(a), float32(s))
		return
	}
	ewScaleGo(dst, a, s)
}

// Axpy sets y[i] += alpha * x[i] (the BLAS axpy). The float32 assembly
// rounds once per element (fused multiply-add), the Go loop twice. It panics
// if the lengths differ.
func Axpy[T float32 | float64](alpha T, x, y []T) {
	ewCheck2("Axpy", len(y), len(x))
	if d, k := ewF32(y); k != nil {
		k.axpy(float32(alpha), ewAs32(x), d)
		return
	}
	ewAxpyGo(alpha, x, y)
}

// Axpby sets y[i] = alpha*x[i] + beta*y[i], the form of momentum and
// moving-average updates. It panics if the lengths differ.
func Axpby[T float32 | float64](alpha T, x []T, beta T, y []T) {
	ewCheck2("Axpby", len(y), len(x))
	if d, k := ewF32(y); k != nil {
		k.axpby(float32(alpha), ewAs32(x), float32(beta), d)
		return
	}
	ewAxpbyGo(alpha, x, beta, y)
}

// Neg sets dst[i] = -a[i] (flipping the sign bit, so -0 and NaN flip too).
// It panics if the lengths differ.
func Neg[T float32 | float64](dst, a []T) {
	ewUnary("Neg", ewNeg, dst, a, ewNegGo[T])
}

// Abs sets dst[i] = |a[i]| (clearing the sign bit). It panics if the
// lengths differ.
func Abs[T float32 | float64](dst, a []T) {
	ewUnary("Abs", ewAbs, dst, a, ewAbsGo[T])
}

// Sqrt sets dst[i] = sqrt(a[i]), correctly rounded; negative inputs give
// NaN. It panics if the lengths differ.
func Sqrt[T float32 | float64](dst, a []T) {
	ewUnary("Sqrt", ewSqrt, dst, a, ewSqrtGo[T])
}

// Square sets dst[i] = a[i] * a[i]. It panics if the lengths differ.
func Square[T float32 | float64](dst, a []T) {
	ewUnary("Square", ewSquare, dst, a, ewSquareGo[T])
}
