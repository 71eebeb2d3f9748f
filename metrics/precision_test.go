package metrics

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func closeTo(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %v, want %v", name, got, want)
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %.8g, want %.8g", name, i, got[i], want[i])
		}
	}
}

func upd(t *testing.T, s *Standalone, y, p, w *tensor.Tensor[float32]) {
	t.Helper()
	if err := s.UpdateState(y, p, w); err != nil {
		t.Fatal(err)
	}
}

func TestPrecisionRecall(t *testing.T) {
	// Keras's docstring case: [0,1,1,1] vs [1,0,1,1] → precision 2/3;
	// with weights [0,0,1,0] → 1.
	y := f32([]int{4}, 0, 1, 1, 1)
	p := f32([]int{4}, 1, 0, 1, 1)
	pr := NewStandalone(NewPrecision())
	upd(t, pr, y, p, nil)
	closeTo(t, "precision", []float64{pr.Result()}, []float64{2.0 / 3}, 1e-6)
	rc := NewStandalone(NewRecall())
	upd(t, rc, y, p, nil)
	closeTo(t, "recall", []float64{rc.Result()}, []float64{2.0 / 3}, 1e-6)
	// Accumulates over batches: second batch adds one fp.
	upd(t, pr, f32([]int{1}, 0), f32([]int{1}, 0.9), nil)
	closeTo(t, "precision 2 batches", []float64{pr.Result()}, []float64{2.0 / 4}, 1e-6)
	if err := pr.ResetState(); err != nil {
		t.Fatal(err)
	}
	upd(t, pr, y, p, f32([]int{4}, 0, 0, 1, 0))
	closeTo(t, "precision weighted", []float64{pr.Result()}, []float64{1}, 1e-6)
	// All-zero predictions and all-zero weights: 0, not NaN.
	z := NewStandalone(NewPrecision())
	upd(t, z, y, f32([]int{4}, 0, 0, 0, 0), nil)
	closeTo(t, "precision no positives", []float64{z.Result()}, []float64{0}, 0)
	z = NewStandalone(NewRecall())
	upd(t, z, y, p, f32([]int{4}, 0, 0, 0, 0))
	closeTo(t, "recall zero weights", []float64{z.Result()}, []float64{0}, 0)

	// Several thresholds: 0.3 and 0.8 over 0.2 0.5 0.9 with labels 1 0 1.
	m := NewPrecision()
	m.Thresholds = []float64{0.3, 0.8}
	s := NewStandalone(m)
	upd(t, s, f32([]int{3}, 1, 0, 1), f32([]int{3}, 0.2, 0.5, 0.9), nil)
	closeTo(t, "thresholds", s.Values(), []float64{0.5, 1}, 1e-6)

	// top_k 2 on one sample: [0.9, 0.8, 0.7, 0.1] keeps 0.9 and 0.8; labels 0 1 1 0.
	m = NewPrecision()
	m.TopK = 2
	s = NewStandalone(m)
	yk := f32([]int{1, 4}, 0, 1, 1, 0)
	pk := f32([]int{1, 4}, 0.9, 0.8, 0.7, 0.1)
	upd(t, s, yk, pk, nil)
	closeTo(t, "top_k precision", []float64{s.Result()}, []float64{0.5}, 1e-6)
	r := NewRecall()
	r.TopK = 2
	s = NewStandalone(r)
	upd(t, s, yk, pk, nil)
	closeTo(t, "top_k recall", []float64{s.Result()}, []float64{0.5}, 1e-6)
	// Ties in top_k go to the first index: [0.5 0.5 0.5] with k 1 keeps index 0.
	r = NewRecall()
	r.TopK = 1
	s = NewStandalone(r)
	upd(t, s, f32([]int{1, 3}, 0, 1, 0), f32([]int{1, 3}, 0.5, 0.5, 0.5), nil)
	closeTo(t, "top_k ties", []float64{s.Result()}, []float64{0}, 0)

	// class_id 2 over 2 samples: column [0.6, 0.2], labels [1, 1] → recall 1/2, precision 1.
	r = NewRecall()
	r.ClassID = 2
	s = NewStandalone(r)
	yc := f32([]int{2, 3}, 0, 0, 1, 0, 0, 1)
	pc := f32([]int{2, 3}, 0.1, 0.3, 0.6, 0.5, 0.3, 0.2)
	upd(t, s, yc, pc, nil)
	closeTo(t, "class_id recall", []float64{s.Result()}, []float64{0.5}, 1e-6)
	pm := NewPrecision()
	pm.ClassID = 2
	s = NewStandalone(pm)
	upd(t, s, yc, pc, nil)
	closeTo(t, "class_id precision", []float64{s.Result()}, []float64{1}, 1e-6)
	// class_id with top_k 1: sample 2's top is class 0, so class 2 is not predicted there either.
	pm = NewPrecision()
	pm.ClassID, pm.TopK = 0, 1
	s = NewStandalone(pm)
	upd(t, s, yc, pc, nil)
	closeTo(t, "class_id top_k", []float64{s.Result()}, []float64{0}, 0)

	bad := NewPrecision()
	bad.Thresholds = []float64{1.5}
	if err := NewStandalone(bad).UpdateState(y, p, nil); err == nil {
		t.Error("threshold 1.5 accepted")
	}
	bad = NewPrecision()
	bad.ClassID = 7
	if err := NewStandalone(bad).UpdateState(yc, pc, nil); err == nil {
		t.Error("class_id 7 of 3 accepted")
	}
}
