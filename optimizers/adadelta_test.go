package optimizers

import (
	"math"
	"testing"
)

func adadeltaRef(lr, rho, eps float64) func(r cast) refStep {
	return func(r cast) refStep {
		a, d := zeros(), zeros()
		return func(_ int, ws, gs [][]float64) {
			each(ws, gs, func(i, j int, w, g float64) float64 {
				a[i][j] = r(rho)*a[i][j] + r(1-rho)*g*g
				delta := -math.Sqrt(d[i][j]+r(eps)) * g / math.Sqrt(a[i][j]+r(eps))
				d[i][j] = r(rho)*d[i][j] + r(1-rho)*delta*delta
				return w + lr*delta
			})
		}
	}
}

func TestAdadeltaFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewAdadelta() }, adadeltaRef(f32(0.001), 0.95, 1e-7))
	// With learning rate 1 (the paper's form) and a large epsilon the
	// steps are big enough to show the accumulated deltas.
	checkSteps(t, func() Optimizer { return NewAdadelta(WithLearningRate(1), WithRho(0.9), WithEpsilon(1e-2)) },
		adadeltaRef(1, 0.9, 1e-2))
	o := NewAdadelta()
	if o.Rho != 0.95 || o.Epsilon != 1e-7 || o.LearningRate() != f32(0.001) || o.ClassName() != "Adadelta" {
		t.Errorf("defaults %+v", o)
	}
}
