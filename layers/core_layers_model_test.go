package layers_test

import (
	"context"
	"math"
	"testing"

	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

// Layers of the core catalogue inside compiled models: PReLU's slopes
// train, ActivityRegularization's penalty reaches the loss.

func TestPReLUAlphaTrainsInModel(t *testing.T) {
	p := layers.NewPReLU(layers.WithInputShape(2), layers.WithAlphaInitializer(initializers.Constant{Value: 0.25}))
	m := models.NewSequential(p)
	if err := m.Compile("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	x := []float64{-1, 2, -3, -0.5}
	y := []float64{0.5, 1, 0, -1}
	logs, err := m.TrainOnBatch(f32([]int{2, 2}, x), f32([]int{2, 2}, y))
	if err != nil {
		t.Fatal(err)
	}
	// Reference: f = x or 0.25·x; loss = mean((f − y)²); d loss/d alpha_j =
	// 2/4 Σ_b (f − y)·min(x, 0); SGD's default learning rate is 0.01.
	alpha := []float64{0.25, 0.25}
	loss, grad := 0.0, make([]float64, 2)
	for i, xi := range x {
		f, df := xi, 0.0
		if xi < 0 {
			f, df = alpha[i%2]*xi, xi
		}
		loss += (f - y[i]) * (f - y[i]) / 4
		grad[i%2] += 2.0 / 4 * (f - y[i]) * df
	}
	if math.Abs(logs["loss"]-loss) > 1e-6 {
		t.Errorf("loss %v, want %v", logs["loss"], loss)
	}
	got := p.Alpha().Float32().Data()
	for j := range alpha {
		if want := alpha[j] - 0.01*grad[j]; math.Abs(float64(got[j])-want) > 1e-7 {
			t.Errorf("alpha[%d] after one step: %v, want %v", j, got[j], want)
		}
	}
}

func TestPReLUAlphaConstraintInModel(t *testing.T) {
	// One sample, one feature: x = −1, y = 50, alpha = 0.1. The loss
	// (alpha·x − y)² has gradient 2·(alpha·x − y)·x = 100.2, so one SGD
	// step (learning rate 0.01) takes alpha to 0.1 − 1.002 < 0, which
	// non_neg projects to 0.
	for _, c := range []struct {
		opts []layers.Option
		want float64
	}{
		{nil, 0.1 - 0.01*2*(0.1*-1-50)*-1},
		{[]layers.Option{layers.WithAlphaConstraint("non_neg")}, 0},
	} {
		opts := append([]layers.Option{layers.WithInputShape(1), layers.WithAlphaInitializer(initializers.Constant{Value: 0.1})}, c.opts...)
		p := layers.NewPReLU(opts...)
		m := models.NewSequential(p)
		if err := m.Compile("sgd", "mse"); err != nil {
			t.Fatal(err)
		}
		if _, err := m.TrainOnBatch(f32([]int{1, 1}, []float64{-1}), f32([]int{1, 1}, []float64{50})); err != nil {
			t.Fatal(err)
		}
		if got := p.Alpha().Float32().Data()[0]; math.Abs(float64(got)-c.want) > 1e-6 {
			t.Errorf("constraint %v: alpha %v, want %v", p.AlphaConstraint, got, c.want)
		}
	}
}

func TestActivityRegularizationAddsToLoss(t *testing.T) {
	x := []float64{1, -2, 0.5, 3, -1, 0}
	y := []float64{0, 0, 1, 1, 2, -1}
	// The model's output is its input: loss = mse + (0.1·Σ|x| + 0.01·Σx²)/3.
	mse, l1, l2 := 0.0, 0.0, 0.0
	for i, v := range x {
		mse += (v - y[i]) * (v - y[i]) / 6
		l1 += math.Abs(v)
		l2 += v * v
	}
	want := mse + (0.1*l1+0.01*l2)/3

	m := models.NewSequential(layers.NewActivityRegularization(layers.WithInputShape(2), layers.WithL1(0.1), layers.WithL2(0.01)))
	if err := m.Compile("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	logs, err := m.Evaluate(context.Background(), f32([]int{3, 2}, x), f32([]int{3, 2}, y), models.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(logs["loss"]-want) > 1e-5 {
		t.Errorf("evaluate: loss %v, want mse %v + penalty %v", logs["loss"], mse, want-mse)
	}

	// In training, behind a Dense layer that passes x through.
	d := layers.NewDense(2, layers.WithInputShape(2), layers.WithKernelInitializer(initializers.Constant{Value: 0}), layers.WithUseBias(false))
	m = models.NewSequential(d, layers.NewActivityRegularization(layers.WithL1(0.1), layers.WithL2(0.01)))
	if err := m.Compile("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	if err := d.Kernel().Assign(f32([]int{2, 2}, []float64{1, 0, 0, 1})); err != nil {
		t.Fatal(err)
	}
	logs, err = m.TrainOnBatch(f32([]int{3, 2}, x), f32([]int{3, 2}, y))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(logs["loss"]-want) > 1e-5 {
		t.Errorf("train: loss %v, want %v", logs["loss"], want)
	}
}

func f32(shape []int, v []float64) *tensor.Tensor[float32] {
	d := make([]float32, len(v))
	for i, x := range v {
		d[i] = float32(x)
	}
	return tensor.Must(tensor.New(shape, d))
}
