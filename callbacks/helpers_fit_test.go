package callbacks_test

import (
	"context"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/tensor"
)

var ctx = context.Background()

// toyData returns n samples of two features labelled 1 when their sum
// exceeds 1.
func toyData(n int) (x, y *tensor.Tensor[float32]) {
	rng := tensor.NewRNG(9)
	xd, yd := make([]float32, 2*n), make([]float32, n)
	for i := range n {
		a, b := rng.Float32()*2, rng.Float32()*2
		xd[2*i], xd[2*i+1] = a, b
		if a+b > 1 {
			yd[i] = 1
		}
	}
	return tensor.Must(tensor.New([]int{n, 2}, xd)), tensor.Must(tensor.New([]int{n, 1}, yd))
}

// toyModel returns a compiled logistic regression trained by SGD with
// learning rate lr.
func toyModel(t *testing.T, lr float64) *models.Sequential {
	t.Helper()
	layers.SetRandomSeed(3)
	m := models.NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	if err := m.Compile(optimizers.NewSGDWith(lr, 0, false), "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	return m
}

// f32 rounds v to float32, as the learning-rate variable holds it.
func f32(v float64) float64 { return float64(float32(v)) }
