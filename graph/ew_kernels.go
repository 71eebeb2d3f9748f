package graph

import (
	"github.com/gokeras/gokeras/internal/kernels"
)

// The floating-point element-wise kinds that have a vector kernel run on
// it; the Go loops of ew_funcs.go remain for the other kinds and dtypes.
func init() {
	setKernel(kAdd, k2(kernels.Add[float32]), k2(kernels.Add[float64]))
	setKernel(kSub, k2(kernels.Sub[float32]), k2(kernels.Sub[float64]))
	setKernel(kMul, k2(kernels.Mul[float32]), k2(kernels.Mul[float64]))
	setKernel(kDiv, k2(kernels.Div[float32]), k2(kernels.Div[float64]))
	setKernel(kNeg, k1(kernels.Neg[float32]), k1(kernels.Neg[float64]))
	setKernel(kAbs, k1(kernels.Abs[float32]), k1(kernels.Abs[float64]))
	setKernel(kSqrt, k1(kernels.Sqrt[float32]), k1(kernels.Sqrt[float64]))
	setKernel(kSquare, k1(kernels.Square[float32]), k1(kernels.Square[float64]))
	setKernel(kRelu, k1(kernels.Relu[float32]), k1(kernels.Relu[float64]))
	setKernel(kExp, k1(kernels.Exp[float32]), k1(kernels.Exp[float64]))
	setKernel(kLog, k1(kernels.Log[float32]), k1(kernels.Log[float64]))
	setKernel(kSigmoid, k1(kernels.Sigmoid[float32]), k1(kernels.Sigmoid[float64]))
	setKernel(kTanh, k1(kernels.Tanh[float32]), k1(kernels.Tanh[float64]))
	setKernel(kReluGrad, k2(kernels.ReluGrad[float32]), k2(kernels.ReluGrad[float64]))
	setKernel(kSigmoidGrad, k2(kernels.SigmoidGrad[float32]), k2(kernels.SigmoidGrad[float64]))
	setKernel(kTanhGrad, k2(kernels.TanhGrad[float32]), k2(kernels.TanhGrad[float64]))
}

func setKernel(k ewKind, f32 ewFn[float32], f64 ewFn[float64]) {
	ewTable[k].f32, ewTable[k].f64 = f32, f64
}

// k1 adapts a unary kernel to the table's signature.
func k1[T flo](f func(dst, a []T)) ewFn[T] {
	return func(dst, a, _, _ []T, _, _ float64) { f(dst, a) }
}

// k2 adapts a binary kernel to the table's signature.
func k2[T flo](f func(dst, a, b []T)) ewFn[T] {
	return func(dst, a, b, _ []T, _, _ float64) { f(dst, a, b) }
}

// reduceFast handles the reductions the kernels cover: a whole contiguous
// run, the rows of a matrix, or its columns. It reports whether it did.
func reduceFast[T num](k reduceKind, dst, src []T, b []reduceBlock) bool {
	switch d := any(&dst).(type) {
	case *[]float32:
		return reduceFastF(k, *d, *any(&src).(*[]float32), b)
	case *[]float64:
		return reduceFastF(k, *d, *any(&src).(*[]float64), b)
	}
	return false
}

func reduceFastF[T flo](k reduceKind, dst, src []T, b []reduceBlock) bool {
	if k != rSum && k != rMax {
		return false
	}
	switch {
	case len(b) == 1 && b[0].red:
		if k == rSum {
			dst[0] = kernels.Sum(src)
		} else {
			dst[0] = kernels.Max(src)
		}
	case len(b) == 2 && !b[0].red && b[1].red:
		if k == rSum {
			kernels.SumRows(dst, src, b[0].n, b[1].n)
		} else {
			kernels.MaxRows(dst, src, b[0].n, b[1].n)
		}
	case len(b) == 2 && b[0].red && !b[1].red:
		if k == rSum {
			kernels.SumCols(dst, src, b[0].n, b[1].n)
		} else {
			kernels.MaxCols(dst, src, b[0].n, b[1].n)
		}
	default:
		return false
	}
	return true
}

// softmaxFast runs the row-wise softmax kernels on the last axis.
func softmaxFast[T flo](dst, src []T, rows, cols int, log bool) {
	if log {
		kernels.LogSoftmax(dst, src, rows, cols)
	} else {
		kernels.Softmax(dst, src, rows, cols)
	}
}
