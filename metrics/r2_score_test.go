package metrics

import (
	"math"
	"testing"
)

// r2Ref is R² of one output in float64 from its definition.
func r2Ref(y, p, w []float64) float64 {
	var sw, sy float64
	for i := range y {
		sw += w[i]
		sy += w[i] * y[i]
	}
	mean := sy / sw
	var ss, se float64
	for i := range y {
		ss += w[i] * (y[i] - mean) * (y[i] - mean)
		se += w[i] * (y[i] - p[i]) * (y[i] - p[i])
	}
	return 1 - se/ss
}

func TestR2Score(t *testing.T) {
	// Keras's docstring: [[1],[4],[3]] vs [[2],[4],[4]] → 0.57142854.
	s := NewStandalone(NewR2Score())
	upd(t, s, f32([]int{3, 1}, 1, 4, 3), f32([]int{3, 1}, 2, 4, 4), nil)
	closeTo(t, "r2", []float64{s.Result()}, []float64{4.0 / 7}, 1e-6)
	// Two batches accumulate as one; weights; two outputs.
	y0, y1 := []float64{1, 2, 3, 4}, []float64{0, 1, 0, 3}
	p0, p1 := []float64{1.5, 2, 2, 5}, []float64{0.5, 0.5, 0, 2}
	w := []float64{1, 2, 0.5, 1}
	a, b := r2Ref(y0, p0, w), r2Ref(y1, p1, w)
	pack := func(u, v []float64, i, j int) []float32 {
		var o []float32
		for k := i; k < j; k++ {
			o = append(o, float32(u[k]), float32(v[k]))
		}
		return o
	}
	ws := func(i, j int) []float32 {
		var o []float32
		for k := i; k < j; k++ {
			o = append(o, float32(w[k]))
		}
		return o
	}
	for _, c := range []struct {
		agg  string
		want []float64
	}{{"uniform_average", []float64{(a + b) / 2}}, {"", []float64{a, b}}} {
		m := NewR2Score()
		m.ClassAggregation = c.agg
		s := NewStandalone(m)
		upd(t, s, f32([]int{2, 2}, pack(y0, y1, 0, 2)...), f32([]int{2, 2}, pack(p0, p1, 0, 2)...), f32([]int{2}, ws(0, 2)...))
		upd(t, s, f32([]int{2, 2}, pack(y0, y1, 2, 4)...), f32([]int{2, 2}, pack(p0, p1, 2, 4)...), f32([]int{2}, ws(2, 4)...))
		closeTo(t, "r2 "+c.agg, s.Values(), c.want, 1e-5)
	}
	// Variance weighted: weights are the total sums of squares.
	ss := func(y []float64) float64 {
		var m, s float64
		for _, v := range y {
			m += v / float64(len(y))
		}
		for _, v := range y {
			s += (v - m) * (v - m)
		}
		return s
	}
	one := []float64{1, 1, 1, 1}
	a, b = r2Ref(y0, p0, one), r2Ref(y1, p1, one)
	m := NewR2Score()
	m.ClassAggregation = "variance_weighted"
	s = NewStandalone(m)
	upd(t, s, f32([]int{4, 2}, pack(y0, y1, 0, 4)...), f32([]int{4, 2}, pack(p0, p1, 0, 4)...), nil)
	closeTo(t, "r2 variance_weighted", []float64{s.Result()}, []float64{(ss(y0)*a + ss(y1)*b) / (ss(y0) + ss(y1))}, 1e-5)
	// Adjusted with 1 regressor over 4 samples: 1 − (1 − R²)·3/2.
	m = NewR2Score()
	m.NumRegressors = 1
	s = NewStandalone(m)
	upd(t, s, f32([]int{4}, 1, 2, 3, 4), f32([]int{4}, 1.5, 2, 2, 5), nil)
	closeTo(t, "r2 adjusted", []float64{s.Result()}, []float64{1 - (1-a)*3/2}, 1e-5)
	// Perfect predictions → 1; constant labels with errors → 0; constant labels predicted exactly → NaN.
	s = NewStandalone(NewR2Score())
	upd(t, s, f32([]int{3}, 1, 2, 3), f32([]int{3}, 1, 2, 3), nil)
	closeTo(t, "r2 perfect", []float64{s.Result()}, []float64{1}, 1e-6)
	s = NewStandalone(NewR2Score())
	upd(t, s, f32([]int{3}, 2, 2, 2), f32([]int{3}, 0, 0, 0), nil)
	closeTo(t, "r2 constant labels", []float64{s.Result()}, []float64{0}, 0)
	s = NewStandalone(NewR2Score())
	upd(t, s, f32([]int{3}, 2, 2, 2), f32([]int{3}, 2, 2, 2), nil)
	if !math.IsNaN(s.Result()) {
		t.Errorf("0/0: %v, want NaN", s.Result())
	}
	bad := NewR2Score()
	bad.ClassAggregation = "median"
	if err := NewStandalone(bad).UpdateState(f32([]int{1}, 1), f32([]int{1}, 1), nil); err == nil {
		t.Error("median accepted")
	}
}
