package metrics

import (
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestMeanIoU(t *testing.T) {
	// Keras's docstring: [0,0,1,1] vs [0,1,0,1], 2 classes → cm [[1,1],[1,1]],
	// IoU 1/3 each → 0.33333334; weights [0.3,0.3,0.3,0.1] → 0.23809525.
	s := NewStandaloneInt(NewMeanIoU(2))
	y := tensor.FromSlice([]int32{0, 0, 1, 1})
	p := f32([]int{4}, 0, 1, 0, 1)
	if err := s.UpdateStateInt(y, p, nil); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "miou", []float64{s.Result()}, []float64{1.0 / 3}, 1e-6)
	s.ResetState()
	if err := s.UpdateStateInt(y, p, f32([]int{4}, 0.3, 0.3, 0.3, 0.1)); err != nil {
		t.Fatal(err)
	}
	// class 0: tp .3, row .6, col .6 → .3/.9; class 1: tp .1, row .4, col .4 → .1/.7.
	closeTo(t, "miou weighted", []float64{s.Result()}, []float64{(0.3/0.9 + 0.1/0.7) / 2}, 1e-6)

	// Three classes, class 2 never seen: only two valid entries.
	s = NewStandaloneInt(NewMeanIoU(3))
	if err := s.UpdateStateInt(tensor.FromSlice([]int32{0, 1, 1}), f32([]int{3}, 0, 1, 1), nil); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "miou unseen class", []float64{s.Result()}, []float64{1}, 1e-6)

	// Dense predictions (arg-max), one-hot labels, ignore class 1.
	m := NewMeanIoU(2)
	m.SparseYTrue, m.SparseYPred = false, false
	m.IgnoreClass, m.HasIgnoreClass = 1, true
	d := NewStandalone(m)
	upd(t, d, f32([]int{3, 2}, 1, 0, 0, 1, 1, 0), f32([]int{3, 2}, 0.8, 0.2, 0.9, 0.1, 0.4, 0.6), nil)
	// Kept: samples 1 and 3 (label 0), predicted 0 and 1 → class 0 IoU 1/2, class 1 IoU 0/1.
	closeTo(t, "miou dense ignore", []float64{d.Result()}, []float64{0.25}, 1e-6)

	// All-zero weights: no valid class → 0.
	s = NewStandaloneInt(NewMeanIoU(2))
	if err := s.UpdateStateInt(y, p, f32([]int{4}, 0, 0, 0, 0)); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "miou zero weights", []float64{s.Result()}, []float64{0}, 0)
	if err := NewStandaloneInt(NewMeanIoU(0)).UpdateStateInt(y, p, nil); err == nil {
		t.Error("num_classes 0 accepted")
	}
}
