package kernels

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkSgemm measures square float32 products C = A·B for every
// implementation and thread count, in GFLOP/s (2n³ per product).
func BenchmarkSgemm(b *testing.B) {
	for _, impl := range Available() {
		for _, threads := range []int{1, 2} {
			for _, n := range []int{128, 256, 512, 1024, 2048} {
				name := fmt.Sprintf("impl=%v/threads=%d/n=%d", impl, threads, n)
				b.Run(name, func(b *testing.B) { benchGemm[float32](b, impl, threads, n) })
			}
		}
	}
}

// BenchmarkDgemm measures square float64 products (pure Go).
func BenchmarkDgemm(b *testing.B) {
	for _, threads := range []int{1, 2} {
		for _, n := range []int{128, 512} {
			name := fmt.Sprintf("threads=%d/n=%d", threads, n)
			b.Run(name, func(b *testing.B) { benchGemm[float64](b, Active(), threads, n) })
		}
	}
}

func benchGemm[T float32 | float64](b *testing.B, impl Impl, threads, n int) {
	prevImpl, err := Use(impl)
	if err != nil {
		b.Fatal(err)
	}
	defer Use(prevImpl)
	prev := SetThreads(threads)
	defer SetThreads(prev)
	rng := rand.New(rand.NewPCG(1, 2))
	x, y, z := gemmRandSlice[T](rng, n*n), gemmRandSlice[T](rng, n*n), make([]T, n*n)
	Gemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Gemm(false, false, n, n, n, 1, x, n, y, n, 0, z, n)
	}
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
