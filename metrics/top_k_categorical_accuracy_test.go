package metrics

import (
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestTopKCategoricalAccuracy(t *testing.T) {
	// Keras's docstring case with k 1: [[0,0,1],[0,1,0]] vs
	// [[0.1,0.9,0.8],[0.05,0.95,0]] → 0.5; weights [0.7,0.3] → 0.3.
	y := f32([]int{2, 3}, 0, 0, 1, 0, 1, 0)
	p := f32([]int{2, 3}, 0.1, 0.9, 0.8, 0.05, 0.95, 0)
	m := NewTopKCategoricalAccuracy()
	m.K = 1
	s := NewStandalone(m)
	upd(t, s, y, p, nil)
	closeTo(t, "top1", []float64{s.Result()}, []float64{0.5}, 1e-6)
	s.ResetState()
	upd(t, s, y, p, f32([]int{2}, 0.7, 0.3))
	closeTo(t, "top1 weighted", []float64{s.Result()}, []float64{0.3}, 1e-6)
	// k 2 catches the first sample; the default k 5 over 3 classes catches all.
	m = NewTopKCategoricalAccuracy()
	m.K = 2
	s = NewStandalone(m)
	upd(t, s, y, p, nil)
	closeTo(t, "top2", []float64{s.Result()}, []float64{1}, 1e-6)
	s = NewStandalone(NewTopKCategoricalAccuracy())
	upd(t, s, y, f32([]int{2, 3}, 0, 0, 0, 0, 0, 0), nil)
	closeTo(t, "top5 all-zero", []float64{s.Result()}, []float64{1}, 1e-6)
	// Ties with the k-th value count as in: all-zero predictions, k 1.
	m = NewTopKCategoricalAccuracy()
	m.K = 1
	s = NewStandalone(m)
	upd(t, s, y, f32([]int{2, 3}, 0, 0, 0, 0, 0, 0), nil)
	closeTo(t, "ties", []float64{s.Result()}, []float64{1}, 1e-6)
}

func TestSparseTopKCategoricalAccuracy(t *testing.T) {
	p := f32([]int{2, 3}, 0.1, 0.9, 0.8, 0.05, 0.95, 0)
	m := NewSparseTopKCategoricalAccuracy()
	m.K = 1
	s := NewStandaloneInt(m)
	if err := s.UpdateStateInt(tensor.FromSlice([]int32{2, 1}), p, nil); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "sparse top1", []float64{s.Result()}, []float64{0.5}, 1e-6)
	// Labels of shape (batch, 1) and k 2; accumulates: 1 + 2 right of 2 + 2.
	m.K = 2
	s = NewStandaloneInt(m)
	if err := s.UpdateStateInt(tensor.Must(tensor.New([]int{2, 1}, []int32{0, 1})), p, nil); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "sparse top2", []float64{s.Result()}, []float64{0.5}, 1e-6)
	if err := s.UpdateStateInt(tensor.Must(tensor.New([]int{2, 1}, []int32{2, 0})), p, nil); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "sparse top2 accumulated", []float64{s.Result()}, []float64{3.0 / 4}, 1e-6)
	if err := s.UpdateState(p, p, nil); err == nil {
		t.Error("float labels accepted by an int standalone")
	}
}
