package callbacks_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/tensor"
)

// TestLearningRateSchedulerKerasExample runs the example of Keras's
// LearningRateScheduler docstring: SGD (rate 0.01), keep the rate for ten
// epochs then multiply it by e^−0.1 each epoch; after 15 epochs Keras
// shows round(lr, 5) = 0.00607.
func TestLearningRateSchedulerKerasExample(t *testing.T) {
	layers.SetRandomSeed(1)
	m := models.NewSequential(layers.NewDense(10))
	if err := m.Compile(optimizers.NewSGD(), "mse"); err != nil {
		t.Fatal(err)
	}
	xs := make([]float32, 100)
	for i := range xs {
		xs[i] = float32(i)
	}
	x := tensor.Must(tensor.New([]int{5, 20}, xs))
	y := tensor.Must(tensor.Zeros[float32](5, 10))
	var seen []float64
	s := callbacks.NewLearningRateScheduler(func(epoch int, lr float64) float64 {
		seen = append(seen, lr)
		if epoch < 10 {
			return lr
		}
		return lr * math.Exp(-0.1)
	})
	s.Verbose = 1
	var out bytes.Buffer
	s.Out = &out
	h, err := m.Fit(ctx, x, y, models.Epochs(15), models.Verbose(0), models.Callbacks(s))
	if err != nil || s.Err() != nil {
		t.Fatal(err, s.Err())
	}
	lr := m.Optimizer().LearningRate()
	if math.Round(lr*1e5)/1e5 != 0.00607 {
		t.Errorf("final learning rate %v, Keras's example shows 0.00607", lr)
	}
	// The schedule sees the current rate; History records the rate of
	// each epoch.
	want := f32(0.01)
	for e := range 15 {
		if seen[e] != want {
			t.Errorf("epoch %d: schedule saw %v, want %v", e, seen[e], want)
		}
		if e >= 10 {
			want = f32(want * math.Exp(-0.1))
		}
		if got := h.History["learning_rate"][e]; got != want {
			t.Errorf("epoch %d: history learning_rate %v, want %v", e, got, want)
		}
	}
	lines := strings.Split(strings.TrimPrefix(out.String(), "\n"), "\n\n")
	if len(lines) != 15 || !strings.HasPrefix(lines[0], "Epoch 1: LearningRateScheduler setting learning rate to 0.009999999776482582.") {
		t.Errorf("messages %q", out.String())
	}
}

func TestLearningRateSchedulerErrors(t *testing.T) {
	m := toyModel(t, 0.1)
	x, y := toyData(16)
	s := callbacks.NewLearningRateScheduler(func(int, float64) float64 { return math.NaN() })
	h, err := m.Fit(ctx, x, y, models.Epochs(3), models.Verbose(0), models.Callbacks(s))
	if err != nil {
		t.Fatal(err)
	}
	if s.Err() == nil || !strings.Contains(s.Err().Error(), "NaN") || len(h.Epoch) > 1 {
		t.Errorf("NaN rate: error %v, epochs %v", s.Err(), h.Epoch)
	}
	if m.Optimizer().LearningRate() != f32(0.1) {
		t.Errorf("rate changed to %v", m.Optimizer().LearningRate())
	}
	var nilSchedule callbacks.LearningRateScheduler
	nilSchedule.SetModel(&lrModel{opt: optimizers.NewSGD()})
	nilSchedule.OnEpochBegin(0, nil)
	if nilSchedule.Err() == nil {
		t.Error("no schedule: no error")
	}
}
