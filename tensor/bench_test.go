package tensor

import "testing"

var sinkU uint64
var sinkF float64

func BenchmarkRNGUint64(b *testing.B) {
	r := NewRNG(1)
	b.SetBytes(8)
	for b.Loop() {
		sinkU += r.Uint64()
	}
}

func BenchmarkRNGFloat64(b *testing.B) {
	r := NewRNG(1)
	b.SetBytes(8)
	for b.Loop() {
		sinkF += r.Float64()
	}
}

func BenchmarkRNGIntN(b *testing.B) {
	r := NewRNG(1)
	for b.Loop() {
		sinkU += uint64(r.IntN(1000))
	}
}

func BenchmarkRNGNormal(b *testing.B) {
	r := NewRNG(1)
	b.SetBytes(8)
	for b.Loop() {
		sinkF += r.Normal()
	}
}

func BenchmarkLogPortable(b *testing.B) {
	x := 0.7
	for b.Loop() {
		sinkF += logPortable(x)
		x += 1e-9
	}
}

func BenchmarkFill(b *testing.B) {
	dst := make([]float32, 1<<16)
	r := NewRNG(1)
	fills := []struct {
		name string
		fill func()
	}{
		{"uniform", func() { FillUniform(r, dst, -1, 1) }},
		{"normal", func() { FillNormal(r, dst, 0, 1) }},
		{"truncated_normal", func() { FillTruncatedNormal(r, dst, 0, 1) }},
	}
	for _, f := range fills {
		b.Run(f.name+"/float32/n=65536", func(b *testing.B) {
			b.SetBytes(int64(4 * len(dst)))
			b.ReportAllocs()
			for b.Loop() {
				f.fill()
			}
		})
	}
}

func BenchmarkString(b *testing.B) {
	x := Must(RandNormal[float32](NewRNG(1), 0, 1, 100, 100))
	b.ReportAllocs()
	for b.Loop() {
		_ = x.String()
	}
}
