package kernels

import (
	"fmt"
	"testing"
)

// Benchmarks run every implementation, named impl=<impl>/n=<elements> (or
// rows x cols). SetBytes counts the bytes each call reads and writes, so
// MB/s is memory throughput; Gelem/s counts elements processed.

var ewBenchSizes = []int{256, 4096, 65536, 1 << 20}

func ewBench(b *testing.B, bytesPerElem int, sizes []int, run func(n int) func()) {
	orig := Active()
	defer Use(orig)
	for _, impl := range Available() {
		for _, n := range sizes {
			b.Run(fmt.Sprintf("impl=%v/n=%d", impl, n), func(b *testing.B) {
				Use(impl)
				f := run(n)
				b.SetBytes(int64(bytesPerElem * n))
				b.ReportAllocs()
				for b.Loop() {
					f()
				}
				b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
			})
		}
	}
}

func ewBenchData(n int) (dst, a, b []float32) {
	dst, a, b = make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range a {
		a[i] = float32(i%200)/10 - 10
		b[i] = float32(i%37)/7 + 0.5
	}
	return dst, a, b
}

func BenchmarkAdd(b *testing.B) {
	ewBench(b, 12, ewBenchSizes, func(n int) func() {
		d, x, y := ewBenchData(n)
		return func() { Add(d, x, y) }
	})
}

func BenchmarkMul(b *testing.B) {
	ewBench(b, 12, ewBenchSizes, func(n int) func() {
		d, x, y := ewBenchData(n)
		return func() { Mul(d, x, y) }
	})
}

func BenchmarkAxpy(b *testing.B) {
	ewBench(b, 12, ewBenchSizes, func(n int) func() {
		_, x, y := ewBenchData(n)
		return func() { Axpy(1e-3, x, y) }
	})
}

func BenchmarkRelu(b *testing.B) {
	ewBench(b, 8, ewBenchSizes, func(n int) func() {
		d, x, _ := ewBenchData(n)
		return func() { Relu(d, x) }
	})
}

func BenchmarkExp(b *testing.B) {
	ewBench(b, 8, ewBenchSizes, func(n int) func() {
		d, x, _ := ewBenchData(n)
		return func() { Exp(d, x) }
	})
}

func BenchmarkLog(b *testing.B) {
	ewBench(b, 8, ewBenchSizes, func(n int) func() {
		d, _, y := ewBenchData(n)
		return func() { Log(d, y) }
	})
}

func BenchmarkSigmoid(b *testing.B) {
	ewBench(b, 8, ewBenchSizes, func(n int) func() {
		d, x, _ := ewBenchData(n)
		return func() { Sigmoid(d, x) }
	})
}

func BenchmarkTanh(b *testing.B) {
	ewBench(b, 8, ewBenchSizes, func(n int) func() {
		d, x, _ := ewBenchData(n)
		return func() { Tanh(d, x) }
	})
}

func BenchmarkSum(b *testing.B) {
	ewBench(b, 4, ewBenchSizes, func(n int) func() {
		_, x, _ := ewBenchData(n)
		return func() { Sum(x) }
	})
}

func BenchmarkMax(b *testing.B) {
	ewBench(b, 4, ewBenchSizes, func(n int) func() {
		_, x, _ := ewBenchData(n)
		return func() { Max(x) }
	})
}

// BenchmarkSumCols sums the columns of a rows x 1024 matrix (n = rows*1024).
func BenchmarkSumCols(b *testing.B) {
	ewBench(b, 4, []int{32 * 1024, 256 * 1024}, func(n int) func() {
		d, x, _ := ewBenchData(n)
		return func() { SumCols(d[:1024], x, n/1024, 1024) }
	})
}

// softmaxBenchShapes are a 10-class classifier batch and a 1000-class one.
var softmaxBenchShapes = [][2]int{{128, 10}, {32, 1000}}

func softmaxBench(b *testing.B, logForm bool) {
	orig := Active()
	defer Use(orig)
	for _, impl := range Available() {
		for _, sh := range softmaxBenchShapes {
			rows, cols := sh[0], sh[1]
			b.Run(fmt.Sprintf("impl=%v/rows=%d/cols=%d", impl, rows, cols), func(b *testing.B) {
				Use(impl)
				d, x, _ := ewBenchData(rows * cols)
				b.SetBytes(int64(8 * rows * cols))
				b.ReportAllocs()
				for b.Loop() {
					if logForm {
						LogSoftmax(d, x, rows, cols)
					} else {
						Softmax(d, x, rows, cols)
					}
				}
				b.ReportMetric(float64(rows*cols)*float64(b.N)/b.Elapsed().Seconds()/1e9, "Gelem/s")
			})
		}
	}
}

func BenchmarkSoftmax(b *testing.B)    { softmaxBench(b, false) }
func BenchmarkLogSoftmax(b *testing.B) { softmaxBench(b, true) }
