package callbacks

import (
	"bytes"
	"strings"
	"testing"
)

type fakeModel struct {
	stopped bool
	w       []any
}

func (f *fakeModel) StopTraining()            { f.stopped = true }
func (f *fakeModel) GetWeights() []any        { return []any{f.w[0]} }
func (f *fakeModel) SetWeights(w []any) error { f.w = w; return nil }

func TestEarlyStoppingModes(t *testing.T) {
	for _, c := range []struct {
		monitor string
		vals    []float64
		stop    int
	}{
		{"val_loss", []float64{1, 0.9, 0.95, 0.97}, 2},             // min: no improvement at epoch 2
		{"val_accuracy", []float64{0.5, 0.6, 0.55, 0.58, 0.59}, 2}, // max
		{"val_loss", []float64{1, 0.9, 0.8, 0.7}, 0},
	} {
		m := &fakeModel{w: []any{0}}
		e := NewEarlyStopping(c.monitor)
		e.Patience = 1
		e.SetModel(m)
		e.OnTrainBegin(nil)
		for i, v := range c.vals {
			m.w = []any{i}
			e.OnEpochEnd(i, Logs{c.monitor: v})
			if m.stopped {
				break
			}
		}
		if e.StoppedEpoch != c.stop {
			t.Errorf("%s %v: stopped at %d, want %d", c.monitor, c.vals, e.StoppedEpoch, c.stop)
		}
	}
	m := &fakeModel{w: []any{0}}
	e := NewEarlyStopping("loss")
	e.MinDelta, e.RestoreBestWeights, e.Verbose = 0.1, true, 1
	var out bytes.Buffer
	e.Out = &out
	e.SetModel(m)
	e.OnTrainBegin(nil)
	for i, v := range []float64{1, 0.5, 0.45} { // 0.45 is not better by more than 0.1
		m.w = []any{i}
		e.OnEpochEnd(i, Logs{"loss": v})
	}
	e.OnTrainEnd(nil)
	if !m.stopped || m.w[0] != 1 || !strings.Contains(out.String(), "Epoch 3: early stopping") || !strings.Contains(out.String(), "best epoch: 2.") {
		t.Errorf("stopped %v, weights %v, output %q", m.stopped, m.w, out.String())
	}
}

func TestHistoryAndLogsOrder(t *testing.T) {
	h := NewHistory()
	h.OnTrainBegin(nil)
	h.OnEpochEnd(0, Logs{"loss": 1, "accuracy": 0.5})
	h.OnEpochEnd(1, Logs{"loss": 0.5, "accuracy": 0.75})
	if len(h.Epoch) != 2 || h.History["loss"][1] != 0.5 || h.History["accuracy"][0] != 0.5 {
		t.Errorf("history %v %v", h.Epoch, h.History)
	}
	got := Logs{"val_loss": 1, "loss": 1, "accuracy": 1, "val_accuracy": 1}.Keys()
	if strings.Join(got, ",") != "accuracy,loss,val_accuracy,val_loss" {
		t.Errorf("keys %v", got)
	}
}

func TestProgbarLoggerVerbose2AndPredict(t *testing.T) {
	var b bytes.Buffer
	p := NewProgbarLogger(&b, 2)
	p.SetParams(Params{Epochs: 2, Steps: 3})
	for e := range 2 {
		p.OnEpochBegin(e, nil)
		for s := range 3 {
			p.OnTrainBatchEnd(s, Logs{"loss": 0.5})
		}
		p.OnEpochEnd(e, Logs{"loss": 0.25})
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 4 || lines[0] != "Epoch 1/2" || !strings.HasPrefix(lines[1], "3/3 - 0s - ") || !strings.HasSuffix(lines[1], " - loss: 0.2500") {
		t.Errorf("verbose=2 output %q", b.String())
	}
	b.Reset()
	q := NewProgbarLogger(&b, 1)
	q.SetParams(Params{Steps: 2})
	q.OnPredictBegin(nil)
	q.OnPredictBatchEnd(0, nil)
	q.OnPredictBatchEnd(1, nil)
	q.OnPredictEnd(nil)
	if strings.Count(b.String(), "\n") != 1 || !strings.Contains(b.String(), "2/2") || strings.Contains(b.String(), " - ") {
		t.Errorf("predict bar %q", b.String())
	}
}
