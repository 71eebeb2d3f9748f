package optimizers

import (
	"math"
	"testing"
)

func TestRMSpropFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewRMSprop(WithLearningRate(0.01)) }, func(r cast) refStep {
		lr, v := f32(0.01), zeros()
		return func(_ int, ws, gs [][]float64) {
			each(ws, gs, func(i, j int, w, g float64) float64 {
				v[i][j] = r(0.9)*v[i][j] + r(0.1)*g*g
				return w - lr*g/math.Sqrt(v[i][j]+r(1e-7))
			})
		}
	})
}

func TestRMSpropCenteredMomentumFiveSteps(t *testing.T) {
	newOpt := func() Optimizer {
		return NewRMSprop(WithLearningRate(0.01), WithRho(0.8), WithMomentum(0.5), WithCentered(true))
	}
	checkSteps(t, newOpt, func(r cast) refStep {
		lr, v, a, m := f32(0.01), zeros(), zeros(), zeros()
		rho, rest := r(0.8), r(1-0.8)
		return func(_ int, ws, gs [][]float64) {
			each(ws, gs, func(i, j int, w, g float64) float64 {
				v[i][j] = rho*v[i][j] + rest*g*g
				a[i][j] = rho*a[i][j] + rest*g
				inc := lr * g / math.Sqrt(v[i][j]-a[i][j]*a[i][j]+r(1e-7))
				m[i][j] = r(0.5)*m[i][j] + inc
				return w - m[i][j]
			})
		}
	})
	o := NewRMSprop()
	if o.Rho != 0.9 || o.Momentum != 0 || o.Epsilon != 1e-7 || o.Centered || o.LearningRate() != f32(0.001) {
		t.Errorf("defaults %+v", o)
	}
}
