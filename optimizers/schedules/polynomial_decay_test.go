package schedules

import (
	"math"
	"testing"
)

func TestPolynomialDecay(t *testing.T) {
	s := NewPolynomialDecay(0.1, 10)
	if s.EndLearningRate != 0.0001 || s.Power != 1 || s.Cycle {
		t.Errorf("defaults %+v", s)
	}
	linear := func(x float64) float64 { return (0.1-0.0001)*(1-math.Min(x, 10)/10) + 0.0001 }
	expect(t, s, 0.1, linear, 0, 3, 10, 20)

	s.EndLearningRate, s.Power = 0.01, 0.5
	expect(t, s, 0.1, func(x float64) float64 { return (0.1-0.01)*math.Sqrt(1-math.Min(x, 10)/10) + 0.01 }, 0, 3, 9, 10, 20)

	s.Cycle = true
	cyc := func(x float64) float64 {
		ds := 10.0
		if x > 0 {
			ds = 10 * math.Ceil(x/10)
		}
		return (0.1-0.01)*math.Sqrt(1-x/ds) + 0.01
	}
	expect(t, s, 0.1, cyc, 0, 5, 10, 11, 25, 30)
	rejects(t, NewPolynomialDecay(0.1, 0), "decay_steps")
}
