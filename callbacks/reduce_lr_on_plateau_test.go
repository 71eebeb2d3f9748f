package callbacks_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/optimizers/schedules"
)

// lrModel is the part of a model ReduceLROnPlateau uses.
type lrModel struct {
	opt     optimizers.Optimizer
	stopped bool
}

func (m *lrModel) StopTraining()                   { m.stopped = true }
func (m *lrModel) GetWeights() []any               { return nil }
func (m *lrModel) SetWeights([]any) error          { return nil }
func (m *lrModel) Optimizer() optimizers.Optimizer { return m.opt }

// TestReduceLROnPlateauSequence follows the learning rate over a sequence
// of monitored values worked out by hand from Keras's rules.
func TestReduceLROnPlateauSequence(t *testing.T) {
	m := &lrModel{opt: optimizers.NewSGDWith(1, 0, false)}
	r := callbacks.NewReduceLROnPlateau("val_loss")
	r.Factor = 0.5
	r.Patience, r.Cooldown, r.MinLR, r.MinDelta = 2, 2, 0.2, 0.01
	r.SetModel(m)
	r.OnTrainBegin(nil)
	// Each epoch's value and the rate after it. Keras's rules: a cooldown
	// epoch first counts the cooldown down and clears the wait; a value
	// below best − 0.01 is the new best; otherwise, unless still cooling
	// down, the wait grows and at 2 the rate is halved (not below 0.2, and
	// only if above 0.2), starting a cooldown of 2.
	steps := []struct {
		v, lr float64
	}{
		{1.0, 1},      // 0: best 1
		{0.995, 1},    // 1: not better by 0.01: wait 1
		{0.999, 0.5},  // 2: wait 2: lr 0.5, cooldown 2
		{0.998, 0.5},  // 3: cooldown 2→1, still cooling down: nothing
		{0.997, 0.5},  // 4: cooldown 1→0, wait 0→1
		{0.996, 0.25}, // 5: wait 2: lr 0.25, cooldown 2
		{0.98, 0.25},  // 6: cooldown 2→1; improves: best 0.98
		{0.99, 0.25},  // 7: cooldown 1→0, wait 1
		{0.99, 0.2},   // 8: wait 2: lr max(0.125, 0.2), cooldown 2
		{0.99, 0.2},   // 9: cooling down
		{0.99, 0.2},   // 10: wait 1
		{0.99, 0.2},   // 11: wait 2, but lr is min_lr: nothing
		{0.99, 0.2},   // 12: wait 3: nothing
	}
	for e, s := range steps {
		logs := callbacks.Logs{"val_loss": s.v}
		before := m.opt.LearningRate()
		r.OnEpochEnd(e, logs)
		if got := m.opt.LearningRate(); got != f32(s.lr) {
			t.Fatalf("epoch %d: lr %v, want %v", e, got, s.lr)
		}
		if logs["learning_rate"] != before {
			t.Errorf("epoch %d: logs learning_rate %v, want the rate before the epoch's change %v", e, logs["learning_rate"], before)
		}
	}
	if r.Err() != nil || m.stopped {
		t.Errorf("error %v, stopped %v", r.Err(), m.stopped)
	}
}

func TestReduceLROnPlateauModes(t *testing.T) {
	for _, c := range []struct {
		monitor, mode string
		vals          []float64
		want          float64 // lr after the values, from 1 with factor 0.1, patience 1
	}{
		{"val_accuracy", "auto", []float64{0.5, 0.6, 0.7}, 1},    // "acc" in the name: maximize, keeps improving
		{"val_accuracy", "auto", []float64{0.5, 0.4, 0.3}, 0.01}, // two reductions
		{"val_acc", "auto", []float64{0.5, 0.6}, 1},
		{"val_loss", "max", []float64{0.5, 0.6}, 1},
		{"val_loss", "auto", []float64{0.5, 0.6}, 0.1},
		{"accuracy", "min", []float64{0.5, 0.6}, 0.1},
		{"missing", "auto", []float64{0.5, 0.6}, 1}, // not in the logs: skipped
	} {
		m := &lrModel{opt: optimizers.NewSGDWith(1, 0, false)}
		r := callbacks.NewReduceLROnPlateau(c.monitor)
		r.Mode, r.Patience = c.mode, 1
		r.SetModel(m)
		r.OnTrainBegin(nil)
		for e, v := range c.vals {
			key := c.monitor
			if key == "missing" {
				key = "val_loss"
			}
			r.OnEpochEnd(e, callbacks.Logs{key: v})
		}
		if got := m.opt.LearningRate(); math.Abs(got-c.want) > 1e-7 {
			t.Errorf("%s %s %v: lr %v, want %v", c.monitor, c.mode, c.vals, got, c.want)
		}
	}
	r := callbacks.NewReduceLROnPlateau("")
	if r.Monitor != "val_loss" || r.Factor != 0.1 || r.Patience != 10 || r.Mode != "auto" || r.MinDelta != 1e-4 || r.Cooldown != 0 || r.MinLR != 0 || r.Verbose != 0 {
		t.Errorf("defaults %+v", r)
	}
	// A factor ≥ 1 stops training before the first epoch.
	m0 := toyModel(t, 0.1)
	x, y := toyData(16)
	bad := callbacks.NewReduceLROnPlateau("loss")
	bad.Factor = 1
	if h, err := m0.Fit(ctx, x, y, models.Epochs(2), models.Verbose(0), models.Callbacks(bad)); err != nil || bad.Err() == nil || len(h.Epoch) != 0 {
		t.Errorf("factor 1: error %v, epochs %v", bad.Err(), h.Epoch)
	}
	// Without an optimizer the callback records an error and stops training.
	m := &lrModel{}
	r.SetModel(m)
	r.OnEpochEnd(0, callbacks.Logs{"val_loss": 1})
	if r.Err() == nil || !m.stopped {
		t.Errorf("no optimizer: error %v, stopped %v", r.Err(), m.stopped)
	}
}

// TestReduceLROnPlateauFit reduces the rate in a real Fit: with MinDelta
// 100 only the first epoch improves, so from epoch 1 on every epoch halves
// the rate; History records the rate each epoch began with, and Keras's
// message is printed.
func TestReduceLROnPlateauFit(t *testing.T) {
	m := toyModel(t, 0.1)
	x, y := toyData(64)
	r := callbacks.NewReduceLROnPlateau("loss")
	r.Factor, r.Patience, r.MinDelta, r.Verbose = 0.5, 1, 100, 1
	var out bytes.Buffer
	r.Out = &out
	h, err := m.Fit(ctx, x, y, models.Epochs(4), models.BatchSize(16), models.Verbose(0), models.Callbacks(r))
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{f32(0.1), f32(0.1), f32(f32(0.1) * 0.5), f32(f32(f32(0.1)*0.5) * 0.5)}
	got := h.History["learning_rate"]
	if len(got) != 4 {
		t.Fatalf("history learning_rate %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("epoch %d: learning_rate %v, want %v", i, got[i], want[i])
		}
	}
	if lr := m.Optimizer().LearningRate(); lr != f32(want[3]*0.5) {
		t.Errorf("final lr %v", lr)
	}
	msg := "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.\n"
	if out.String()[:len(msg)] != msg {
		t.Errorf("message %q, want it to start with %q", out.String(), msg)
	}
}

// TestReduceLROnPlateauSchedule: an optimizer whose rate is a schedule
// refuses a new rate, as in Keras; the callback records the error and
// stops training, and the logs carry the schedule's current rate.
func TestReduceLROnPlateauSchedule(t *testing.T) {
	m := &lrModel{opt: optimizers.NewAdam(optimizers.WithLearningRate(schedules.NewExponentialDecay(0.1, 10, 0.5)))}
	r := callbacks.NewReduceLROnPlateau("loss")
	r.Factor, r.Patience = 0.5, 1
	r.SetModel(m)
	r.OnTrainBegin(nil)
	logs := callbacks.Logs{"loss": 1}
	r.OnEpochEnd(0, logs)
	if math.Abs(logs["learning_rate"]-0.1) > 1e-7 || m.stopped {
		t.Errorf("epoch 0: logs %v, stopped %v", logs, m.stopped)
	}
	r.OnEpochEnd(1, callbacks.Logs{"loss": 1})
	if r.Err() == nil || !strings.Contains(r.Err().Error(), "schedule") || !m.stopped {
		t.Errorf("error %v, stopped %v", r.Err(), m.stopped)
	}
}
