package kernels

import (
	"fmt"
	"testing"
)

// BenchmarkSgemmMLPShapes measures the products of one training step of
// Keras's MNIST MLP (784-512-512-10, batch 128): the forward products, the
// input gradients dX = dY·Wᵀ and the weight gradients dW = Xᵀ·dY.
func BenchmarkSgemmMLPShapes(b *testing.B) {
	for _, s := range []struct {
		ta, tb  bool
		m, n, k int
	}{
		{false, false, 128, 512, 784}, {false, false, 128, 512, 512}, {false, false, 128, 10, 512},
		{false, true, 128, 512, 512}, {false, true, 128, 512, 10},
		{true, false, 784, 512, 128}, {true, false, 512, 512, 128}, {true, false, 512, 10, 128},
	} {
		name := fmt.Sprintf("op=%s/m=%d/n=%d/k=%d", gemmOpName(s.ta, s.tb), s.m, s.n, s.k)
		b.Run(name, func(b *testing.B) {
			a := make([]float32, s.m*s.k)
			bm := make([]float32, s.k*s.n)
			c := make([]float32, s.m*s.n)
			lda, ldb := s.k, s.n
			if s.ta {
				lda = s.m
			}
			if s.tb {
				ldb = s.k
			}
			b.ResetTimer()
			for range b.N {
				Gemm(s.ta, s.tb, s.m, s.n, s.k, 1, a, lda, bm, ldb, 0, c, s.n)
			}
			b.ReportMetric(2*float64(s.m*s.n*s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// gemmOpName names a product's transposes: "AB", "ABt", "AtB", "AtBt".
func gemmOpName(ta, tb bool) string {
	name := "A"
	if ta {
		name += "t"
	}
	name += "B"
	if tb {
		name += "t"
	}
	return name
}
