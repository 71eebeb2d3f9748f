package graph

import (
	"github.com/gokeras/gokeras/internal/kernels"
)

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
