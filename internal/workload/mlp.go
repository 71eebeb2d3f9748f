package workload

import (
	"context"
	"fmt"
	"time"

	"github.com/gokeras/gokeras/datasets"
	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

// MLP runs the mlp workload: Keras's classic MNIST multilayer perceptron,
// 784-512-512-10 with relu, dropout 0.2 and softmax, RMSprop and sparse
// categorical cross-entropy, batch 128, 1 epoch over the 60,000 training
// images by default; then an evaluation on the 10,000 test images. Pixels
// are scaled to [0, 1]. It times Fit only.
func MLP(ctx context.Context, o FitOptions) (*FitResult, error) {
	o = o.withDefaults(1, 128, 60000)
	prev := kernels.SetThreads(o.Threads)
	defer kernels.SetThreads(prev)
	if o.Dataset == "" {
		o.Dataset = "mnist"
	}
	load := datasets.LoadMNIST
	switch o.Dataset {
	case "mnist":
	case "fashion":
		load = datasets.LoadFashionMNIST
	default:
		return nil, fmt.Errorf("workload: mlp: expected dataset mnist or fashion, received %q", o.Dataset)
	}
	train, test, err := load(datasets.WithRescale(1.0 / 255))
	if err != nil {
		return nil, err
	}
	xtr, err := train.X.Reshape(-1, 784)
	if err != nil {
		return nil, err
	}
	n := min(o.TrainSamples, xtr.Dim(0))
	o.TrainSamples = n
	xtr = tensor.Must(tensor.New([]int{n, 784}, xtr.Data()[:n*784]))
	ytr := tensor.Must(tensor.New([]int{n}, train.Y.Data()[:n]))
	xte, err := test.X.Reshape(-1, 784)
	if err != nil {
		return nil, err
	}
	m, err := NewMLPModel(o.Seed)
	if err != nil {
		return nil, err
	}
	r, err := timedFit(ctx, m.Model, xtr, ytr, o)
	if err != nil {
		return nil, err
	}
	r.Workload, r.Optimizer, r.Dataset = "mlp", "rmsprop", o.Dataset
	t0 := time.Now()
	ev, err := m.Evaluate(ctx, xte, test.Y, models.BatchSize(1000), models.Verbose(0))
	if err != nil {
		return nil, err
	}
	evalS := time.Since(t0).Seconds()
	loss, acc := ev["loss"], ev["accuracy"]
	r.TestLoss, r.TestAcc, r.TestSamples, r.EvalS = &loss, &acc, xte.Dim(0), &evalS
	return r, nil
}

// NewMLPModel returns Keras's MNIST MLP compiled with RMSprop, sparse
// categorical cross-entropy and accuracy, its weights drawn from seed.
func NewMLPModel(seed uint64) (*models.Sequential, error) {
	layers.SetRandomSeed(seed)
	m := models.NewSequential(
		layers.NewDense(512, layers.WithActivation("relu"), layers.WithInputShape(784)),
		layers.NewDropout(0.2),
		layers.NewDense(512, layers.WithActivation("relu")),
		layers.NewDropout(0.2),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err := m.Compile("rmsprop", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		return nil, err
	}
	return m, nil
}
