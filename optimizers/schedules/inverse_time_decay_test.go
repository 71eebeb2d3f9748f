package schedules

import (
	"math"
	"testing"
)

func TestInverseTimeDecay(t *testing.T) {
	s := NewInverseTimeDecay(0.1, 5, 0.5)
	expect(t, s, 0.1, func(x float64) float64 { return 0.1 / (1 + 0.5*x/5) }, 0, 3, 5, 12, 50)
	s.Staircase = true
	expect(t, s, 0.1, func(x float64) float64 { return 0.1 / (1 + 0.5*math.Floor(x/5)) }, 0, 4, 5, 12, 50)
	rejects(t, NewInverseTimeDecay(0.1, -1, 0.5), "decay_steps")
}
