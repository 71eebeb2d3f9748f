package kernels

import (
	"os"
	"regexp"
	"testing"
)

// TestElementwiseZeroAllocs checks that the kernels never allocate, on
// either element type and every implementation.
func TestElementwiseZeroAllocs(t *testing.T) {
	const rows, cols = 8, 33
	a32, b32, d32 := make([]float32, rows*cols), make([]float32, rows*cols), make([]float32, rows*cols)
	a64, b64, d64 := make([]float64, rows*cols), make([]float64, rows*cols), make([]float64, rows*cols)
	for i := range a32 {
		a32[i], b32[i] = float32(i%7)-3, float32(i%5)+1
		a64[i], b64[i] = float64(a32[i]), float64(b32[i])
	}
	idx := make([]int32, rows)
	ewForImpls(t, func(impl Impl) {
		allocs := testing.AllocsPerRun(10, func() {
			Add(d32, a32, b32)
			Mul(d64, a64, b64)
			Axpy(2, a32, d32)
			Scale(d64, a64, 3)
			Exp(d32, a32)
			Sigmoid(d64, a64)
			Tanh(d32, a32)
			Log(d32, b32)
			ReluGrad(d32, a32, b32)
			_ = Sum(a32) + Max(a32)
			_ = Sum(a64) + Min(a64)
			SumCols(d32[:cols], a32, rows, cols)
			MaxRows(d64[:rows], a64, rows, cols)
			ArgMaxRows(idx, a32, rows, cols)
			Softmax(d32, a32, rows, cols)
			LogSoftmax(d64, a64, rows, cols)
		})
		if allocs != 0 {
			t.Errorf("%v: %v allocations per run, want 0", impl, allocs)
		}
	})
}

// TestElementwiseAVX2Registers checks that the generated AVX2 kernels use
// only the 16 VEX-encodable vector registers and no AVX-512 state, so they
// run on CPUs without AVX-512.
func TestElementwiseAVX2Registers(t *testing.T) {
	src, err := os.ReadFile("elementwise_avx2_amd64.s")
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`\b([XY](1[6-9]|2[0-9]|3[01])|Z[0-9]+|K[0-7])\b`)
	if m := bad.Find(src); m != nil {
		t.Fatalf("elementwise_avx2_amd64.s uses register %s, which needs AVX-512", m)
	}
	if !regexp.MustCompile(`\bY15\b|\bY1[0-4]\b|\bY[0-9]\b`).Match(src) {
		t.Fatal("elementwise_avx2_amd64.s uses no YMM registers: regenerate it")
	}
}

// TestDeterministic checks that the same input gives the same bits on
// repeated calls for the kernels with non-trivial accumulation order.
func TestDeterministic(t *testing.T) {
	const rows, cols = 16, 517
	a := make([]float32, rows*cols)
	for i := range a {
		a[i] = float32((i*7919)%1000)/100 - 5
	}
	ewForImpls(t, func(impl Impl) {
		for _, f := range []func(d, a []float32, r, c int){Softmax[float32], LogSoftmax[float32]} {
			p1, p2 := make([]float32, len(a)), make([]float32, len(a))
			f(p1, a, rows, cols)
			f(p2, a, rows, cols)
			for i := range p1 {
				if p1[i] != p2[i] {
					t.Fatalf("%v: element %d: %g then %g", impl, i, p1[i], p2[i])
				}
			}
		}
		s1, s2 := make([]float32, rows), make([]float32, rows)
		SumRows(s1, a, rows, cols)
		SumRows(s2, a, rows, cols)
		for i := range s1 {
			if s1[i] != s2[i] {
				t.Fatalf("%v: SumRows row %d: %g then %g", impl, i, s1[i], s2[i])
			}
		}
	})
}
