package schedules

import (
	"math"
	"testing"
)

// cosine is the reference decay factor from the formula.
func cosine(x, decaySteps, alpha float64) float64 {
	x = math.Min(x, decaySteps)
	return (1-alpha)*0.5*(1+math.Cos(math.Pi*x/decaySteps)) + alpha
}

func TestCosineDecay(t *testing.T) {
	s := NewCosineDecay(0.1, 100)
	expect(t, s, 0.1, func(x float64) float64 { return 0.1 * cosine(x, 100, 0) }, 0, 25, 50, 99, 100, 150)
	s.Alpha = 0.1
	expect(t, s, 0.1, func(x float64) float64 { return 0.1 * cosine(x, 100, 0.1) }, 0, 25, 50, 100, 150)
	if c := config(t, s); c.Has("warmup_target") {
		t.Errorf("warmup_target without warmup is %v, want null", c.Raw("warmup_target"))
	}
	rejects(t, NewCosineDecay(0.1, 0), "decay_steps")
}

func TestCosineDecayWarmup(t *testing.T) {
	s := NewCosineDecay(0, 100)
	s.WarmupTarget, s.WarmupSteps = new(0.1), 10
	want := func(x float64) float64 {
		if x < 10 {
			return 0.1 * x / 10
		}
		return 0.1 * cosine(x-10, 100, 0)
	}
	expect(t, s, 0.1, want, 0, 1, 5, 9, 10, 60, 109, 110, 200)
	// A warmup target with no warmup steps decays from the target.
	s = NewCosineDecay(0.5, 20)
	s.WarmupTarget, s.Alpha = new(0.2), 0.25
	expect(t, s, 0.1, func(x float64) float64 { return 0.2 * cosine(x, 20, 0.25) }, 0, 10, 20, 30)
	if v, err := config(t, s).Float("warmup_target"); err != nil || v != 0.2 {
		t.Errorf("config warmup_target %v, %v; want 0.2", v, err)
	}
}
