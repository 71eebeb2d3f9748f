package schedules

import "testing"

func TestPiecewiseConstantDecay(t *testing.T) {
	s := NewPiecewiseConstantDecay([]int64{10, 20}, []float64{1, 0.5, 0.1})
	want := map[int64]float64{0: 1, 9: 1, 10: 1, 11: 0.5, 20: 0.5, 21: 0.1, 1000: 0.1}
	for st, w := range want {
		expect(t, s, 1, func(float64) float64 { return w }, st)
	}
	expect(t, NewPiecewiseConstantDecay(nil, []float64{0.3}), 0.3, func(float64) float64 { return 0.3 }, 0, 7)
	rejects(t, NewPiecewiseConstantDecay([]int64{10}, []float64{1}), "1 less than the length of values")
	rejects(t, NewPiecewiseConstantDecay([]int64{10, 10}, []float64{1, 2, 3}), "strictly increasing")
}
