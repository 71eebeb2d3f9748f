package models

import (
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// BenchmarkFitSeedEpoch times one epoch of the seed program (1,000
// samples, batch 32, RMSprop) once the functions are compiled; the
// reported allocations are per epoch of 32 steps.
func BenchmarkFitSeedEpoch(b *testing.B) {
	rng := tensor.NewRNG(1)
	x := tensor.Must(tensor.RandUniform[float32](rng, 0, 1, 1000, 100))
	y := tensor.Must(tensor.Zeros[float32](1000, 1))
	m := NewSequential(layers.NewDense(32, layers.WithActivation("relu"), layers.WithInputDim(100)), layers.NewDense(1, layers.WithActivation("sigmoid")))
	if err := m.Compile("rmsprop", "binary_crossentropy", "accuracy"); err != nil {
		b.Fatal(err)
	}
	if _, err := m.Fit(ctx, x, y, Verbose(0)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := m.Fit(ctx, x, y, Verbose(0)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*32), "µs/step")
}

// BenchmarkPredictOnBatch times a warm single-sample prediction of the
// seed model.
func BenchmarkPredictOnBatch(b *testing.B) {
	m := NewSequential(layers.NewDense(32, layers.WithActivation("relu"), layers.WithInputDim(100)), layers.NewDense(1, layers.WithActivation("sigmoid")))
	x := tensor.Must(tensor.Zeros[float32](1, 100))
	if _, err := m.PredictOnBatch(x); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := m.PredictOnBatch(x); err != nil {
			b.Fatal(err)
		}
	}
}
