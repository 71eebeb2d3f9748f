package tensor

import (
	"math"
	"testing"
)

func TestAllClose(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		a, b       []float64
		rtol, atol float64
		want       bool
	}{
		{[]float64{1, 2}, []float64{1, 2}, 0, 0, true},
		{[]float64{1, 2}, []float64{1, 2.1}, 0, 0.11, true},
		{[]float64{1, 2}, []float64{1, 2.1}, 0, 0.1, false}, // 2.1-2 rounds above 0.1
		{[]float64{1, 2}, []float64{1, 2.2}, 0, 0.1, false},
		{[]float64{100}, []float64{101}, 0.01, 0, true}, // 1 <= 0.01*101
		{[]float64{101}, []float64{100}, 0.01, 0, true}, // 1 <= 0.01*100
		{[]float64{102}, []float64{100}, 0.01, 0, false},
		{[]float64{nan}, []float64{nan}, 1, 1, false},
		{[]float64{inf}, []float64{inf}, 0, 0, true},
		{[]float64{inf}, []float64{-inf}, 1, 1, false},
		{[]float64{inf}, []float64{1e308}, 1, 1, false},
		{[]float64{}, []float64{}, 0, 0, true},
	}
	for _, c := range cases {
		if got := AllClose(FromSlice(c.a), FromSlice(c.b), c.rtol, c.atol); got != c.want {
			t.Errorf("AllClose(%v, %v, %g, %g) = %v, want %v", c.a, c.b, c.rtol, c.atol, got, c.want)
		}
	}
	a := Must(Zeros[float32](2, 3))
	b := Must(Zeros[float32](3, 2))
	if AllClose(a, b, 1, 1) {
		t.Error("AllClose accepted different shapes with the same size")
	}
	if !AllClose(a, a.Clone(), 0, 0) {
		t.Error("AllClose rejected equal float32 tensors")
	}
}

func TestEqual(t *testing.T) {
	a := Must(New([]int{2, 2}, []int64{1, 2, 3, 4}))
	if !Equal(a, a.Clone()) {
		t.Error("Equal rejected a clone")
	}
	if Equal(a, Must(a.Reshape(4))) {
		t.Error("Equal accepted a different shape")
	}
	b := a.Clone()
	b.Set(5, 1, 1)
	if Equal(a, b) {
		t.Error("Equal accepted different elements")
	}
	n := FromSlice([]float64{math.NaN(), 0})
	if Equal(n, n) {
		t.Error("Equal treated NaN as equal")
	}
	if !Equal(FromSlice([]float32{0}), FromSlice([]float32{float32(math.Copysign(0, -1))})) {
		t.Error("Equal distinguished 0 and -0")
	}
}

func TestMaxDiffs(t *testing.T) {
	a := FromSlice([]float64{1, 2, 0, -4})
	b := FromSlice([]float64{1, 2.5, 0, -2})
	if got := MaxAbsDiff(a, b); got != 2 {
		t.Errorf("MaxAbsDiff = %v, want 2", got)
	}
	if got := MaxRelDiff(a, b); got != 0.5 {
		t.Errorf("MaxRelDiff = %v, want 0.5", got)
	}
	if got := MaxAbsDiff(a, Must(a.Reshape(2, 2))); !math.IsInf(got, 1) {
		t.Errorf("MaxAbsDiff of different shapes = %v, want +Inf", got)
	}
	n := FromSlice([]float64{1, math.NaN(), 0, -4})
	if got := MaxRelDiff(a, n); !math.IsNaN(got) {
		t.Errorf("MaxRelDiff with NaN = %v, want NaN", got)
	}
	i1 := FromSlice([]float64{math.Inf(1), 1})
	i2 := FromSlice([]float64{math.Inf(1), 1})
	if got := MaxAbsDiff(i1, i2); got != 0 {
		t.Errorf("MaxAbsDiff of equal infinities = %v, want 0", got)
	}
	i2.Data()[0] = 5
	if got := MaxRelDiff(i1, i2); !math.IsInf(got, 1) {
		t.Errorf("MaxRelDiff(inf, 5) = %v, want +Inf", got)
	}
	ints := MaxAbsDiff(FromSlice([]int32{3, -7}), FromSlice([]int32{1, 7}))
	if ints != 14 {
		t.Errorf("MaxAbsDiff on int32 = %v, want 14", ints)
	}
}
