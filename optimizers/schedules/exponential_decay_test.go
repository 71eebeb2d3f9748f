package schedules

import (
	"math"
	"testing"
)

func TestExponentialDecay(t *testing.T) {
	s := NewExponentialDecay(0.1, 10, 0.96)
	// Keras casts decay_rate to float32 before raising it to a power, which
	// shows at large exponents: 0.96 is 0.95999998 in float32.
	rate := float64(float32(0.96))
	expect(t, s, 0.1, func(x float64) float64 { return 0.1 * math.Pow(rate, x/10) }, 0, 1, 5, 10, 15, 25, 1000)
	s.Staircase = true
	expect(t, s, 0.1, func(x float64) float64 { return 0.1 * math.Pow(rate, math.Floor(x/10)) }, 0, 9, 10, 19, 20, 25, 1000)
	// A decay rate above one grows the rate, as in Keras.
	expect(t, NewExponentialDecay(0.01, 4, 2), 0.01, func(x float64) float64 { return 0.01 * math.Pow(2, x/4) }, 0, 3, 8)
	rejects(t, NewExponentialDecay(0.1, 0, 0.9), "decay_steps must be > 0")
	c := config(t, s)
	if r, err := c.Float("decay_rate"); err != nil || r != 0.96 {
		t.Errorf("config decay_rate %v, %v; want 0.96", r, err)
	}
	if st, err := c.Bool("staircase"); err != nil || !st {
		t.Errorf("config staircase %v, %v; want true", st, err)
	}
}
