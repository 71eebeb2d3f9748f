package models

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/tensor"
)

// With gradient_accumulation_steps=2, two steps on batches of 8 leave the
// weights alone after the first and then update them as one step on the
// 16 samples together does (the mean of the two batch gradients is the
// gradient of the mean loss over the 16), for a rule with state (Adam,
// whose bias correction counts updates, not steps).
func TestGradientAccumulation(t *testing.T) {
	r := tensor.NewRNG(8)
	x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, 16, 5))
	y := tensor.Must(tensor.RandUniform[float32](r, -1, 1, 16, 1))
	x1, x2 := tensor.Must(tensor.New([]int{8, 5}, x.Data()[:40])), tensor.Must(tensor.New([]int{8, 5}, x.Data()[40:]))
	y1, y2 := tensor.Must(tensor.New([]int{8, 1}, y.Data()[:8])), tensor.Must(tensor.New([]int{8, 1}, y.Data()[8:]))
	for _, name := range []string{"sgd", "adam"} {
		build := func(accum int) *Sequential {
			layers.SetRandomSeed(3)
			m := NewSequential(layers.NewDense(4, layers.WithActivation("tanh"), layers.WithInputShape(5)), layers.NewDense(1))
			opts := []optimizers.Option{optimizers.WithLearningRate(0.05)}
			if accum > 0 {
				opts = append(opts, optimizers.WithGradientAccumulationSteps(accum))
			}
			var opt optimizers.Optimizer = optimizers.NewSGD(opts...)
			if name == "adam" {
				opt = optimizers.NewAdam(opts...)
			}
			if err := m.Compile(opt, "mse"); err != nil {
				t.Fatal(err)
			}
			return m
		}
		acc, ref := build(2), build(0)
		w0 := acc.GetWeights()
		for round := range 2 {
			if _, err := acc.TrainOnBatch(x1, y1); err != nil {
				t.Fatal(err)
			}
			mid := acc.GetWeights()
			if round == 0 {
				for i := range w0 {
					if !tensor.Equal(w0[i].(*tensor.Tensor[float32]), mid[i].(*tensor.Tensor[float32])) {
						t.Fatalf("%s: weight %d changed on a step that only accumulates", name, i)
					}
				}
			}
			if _, err := acc.TrainOnBatch(x2, y2); err != nil {
				t.Fatal(err)
			}
			if _, err := ref.TrainOnBatch(x, y); err != nil {
				t.Fatal(err)
			}
		}
		got, want := acc.GetWeights(), ref.GetWeights()
		for i := range want {
			g, w := got[i].(*tensor.Tensor[float32]).Data(), want[i].(*tensor.Tensor[float32]).Data()
			for j := range w {
				if math.Abs(float64(g[j]-w[j])) > 1e-5*(1+math.Abs(float64(w[j]))) {
					t.Fatalf("%s: weight %d[%d] = %v with accumulation, %v on the whole batch", name, i, j, g[j], w[j])
				}
			}
		}
		if it := acc.Optimizer().Iterations(); it != 4 {
			t.Errorf("%s: %d iterations after 4 steps", name, it)
		}
	}
}

// A loss scale factor scales the loss before the gradients and the
// gradients back before the update: by a power of two that is exact, so
// training gives the bits of training without it; by 3 it agrees to
// rounding.
func TestLossScaleFactor(t *testing.T) {
	r := tensor.NewRNG(9)
	x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, 16, 5))
	y := tensor.Must(tensor.RandUniform[float32](r, -1, 1, 16, 1))
	train := func(opts ...optimizers.Option) []any {
		layers.SetRandomSeed(4)
		m := NewSequential(layers.NewDense(4, layers.WithActivation("tanh"), layers.WithInputShape(5)), layers.NewDense(1))
		if err := m.Compile(optimizers.NewAdam(append(opts, optimizers.WithLearningRate(0.05))...), "mse"); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := m.TrainOnBatch(x, y); err != nil {
				t.Fatal(err)
			}
		}
		return m.GetWeights()
	}
	ref := train()
	for _, c := range []struct {
		f   float64
		tol float64
	}{{1024, 0}, {3, 1e-5}} {
		got := train(optimizers.WithLossScaleFactor(c.f))
		for i := range ref {
			g, w := got[i].(*tensor.Tensor[float32]).Data(), ref[i].(*tensor.Tensor[float32]).Data()
			for j := range w {
				if math.Abs(float64(g[j]-w[j])) > c.tol*(1+math.Abs(float64(w[j]))) {
					t.Fatalf("factor %v: weight %d[%d] = %v, %v without scaling", c.f, i, j, g[j], w[j])
				}
			}
		}
	}
}
