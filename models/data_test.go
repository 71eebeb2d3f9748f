package models

import (
	"context"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// stream is a Dataset that makes its batches on the fly, as a reader of
// data larger than memory would, counting what it serves.
type stream struct {
	batches, size, served, epochs int
	i                             int
}

func (s *stream) Steps() int { return s.batches }

func (s *stream) Next(context.Context) (Batch, error) {
	if s.i == s.batches {
		s.i = 0
		s.epochs++
		return Batch{}, io.EOF
	}
	x, y := separable(s.size, uint64(100+s.i))
	s.i++
	s.served++
	return Batch{X: []any{x}, Y: []any{y}}, nil
}

func TestFitOnDataset(t *testing.T) {
	m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	if err := m.Compile("adam", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	d := &stream{batches: 5, size: 16}
	h, err := m.Fit(ctx, d, nil, Epochs(3), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if d.served != 15 || d.epochs != 3 || len(h.History["loss"]) != 3 {
		t.Errorf("served %d batches over %d epochs, history %v", d.served, d.epochs, h.History)
	}
	ev, err := m.Evaluate(ctx, &stream{batches: 2, size: 8}, nil, Verbose(0))
	if err != nil || ev["accuracy"] <= 0 {
		t.Errorf("Evaluate on a Dataset: %v %v", ev, err)
	}
	p, err := m.Predict(ctx, &stream{batches: 3, size: 4}, Verbose(0))
	if err != nil || p.Dim(0) != 12 {
		t.Errorf("Predict on a Dataset: %v %v", p, err)
	}
	if _, err := m.Fit(ctx, d, tensor.Must(tensor.Zeros[float32](1, 1)), Verbose(0)); err == nil {
		t.Error("labels beside a Dataset accepted")
	}
}

func TestStepsPerEpochInitialEpochValidationData(t *testing.T) {
	x, y := separable(40, 10)
	vx, vy := separable(20, 11)
	m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	if err := m.Compile("sgd", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	batches := 0
	count := &callbacks.LambdaCallback{OnBatchEndFn: func(int, callbacks.Logs) { batches++ }}
	h, err := m.Fit(ctx, x, y, Epochs(4), InitialEpoch(1), StepsPerEpoch(3), BatchSize(8), Verbose(0),
		ValidationData(vx, vy), Callbacks(count))
	if err != nil {
		t.Fatal(err)
	}
	if batches != 9 || len(h.Epoch) != 3 || h.Epoch[0] != 1 {
		t.Errorf("%d batches, epochs %v", batches, h.Epoch)
	}
	ev, err := m.Evaluate(ctx, vx, vy, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	// Fit validates in batches of 8 and Evaluate in one batch of 20, so
	// the float32 sums differ in order: equal up to rounding.
	if last := h.History["val_loss"][2]; math.Abs(last-ev["loss"]) > 1e-6*math.Abs(ev["loss"]) {
		t.Errorf("val_loss %v, Evaluate on the same data %v", last, ev["loss"])
	}
	_, err = m.Fit(ctx, x, y, Verbose(0), ValidationData(vx, tensor.Must(tensor.Zeros[float32](3, 1))))
	if err == nil || !strings.Contains(err.Error(), "validation_data") {
		t.Errorf("bad validation labels: %v", err)
	}
}
