package schedules

import (
	"math"
	"testing"
)

// restarts is the reference: it walks the periods one by one (period i
// lasts first·tMul^i steps and starts at mMul^i of the initial rate)
// instead of using the closed form the schedule uses.
func restarts(x, lr0, first, tMul, mMul, alpha float64) float64 {
	length, scale := first, 1.0
	for x >= length {
		x -= length
		length *= tMul
		scale *= mMul
	}
	return lr0 * ((1-alpha)*0.5*scale*(1+math.Cos(math.Pi*x/length)) + alpha)
}

func TestCosineDecayRestarts(t *testing.T) {
	s := NewCosineDecayRestarts(0.1, 10)
	if s.TMul != 2 || s.MMul != 1 || s.Alpha != 0 {
		t.Errorf("defaults %+v", s)
	}
	expect(t, s, 0.1, func(x float64) float64 { return restarts(x, 0.1, 10, 2, 1, 0) }, 0, 5, 9, 10, 15, 29, 30, 31, 70)
	s.MMul, s.Alpha = 0.5, 0.05
	expect(t, s, 0.1, func(x float64) float64 { return restarts(x, 0.1, 10, 2, 0.5, 0.05) }, 0, 5, 10, 15, 29, 30, 31, 70)
	s.TMul = 1
	expect(t, s, 0.1, func(x float64) float64 { return restarts(x, 0.1, 10, 1, 0.5, 0.05) }, 0, 5, 10, 15, 25, 40)
	s.TMul = 1.5
	expect(t, s, 0.1, func(x float64) float64 { return restarts(x, 0.1, 10, 1.5, 0.5, 0.05) }, 0, 7, 12, 24, 26, 50)
	rejects(t, NewCosineDecayRestarts(0.1, 0), "first_decay_steps")
}
