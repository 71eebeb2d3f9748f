package optimizers

import (
	"math"
	"testing"
)

func adagradRef(lr, init, eps float64) func(r cast) refStep {
	return func(r cast) refStep {
		a := filled(r(init))
		return func(_ int, ws, gs [][]float64) {
			each(ws, gs, func(i, j int, w, g float64) float64 {
				a[i][j] += g * g
				return w - lr*g/math.Sqrt(a[i][j]+r(eps))
			})
		}
	}
}

func TestAdagradFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewAdagrad() }, adagradRef(f32(0.001), 0.1, 1e-7))
	newOpt := func() Optimizer {
		return NewAdagrad(WithLearningRate(0.2), WithInitialAccumulatorValue(0.5), WithEpsilon(1e-3))
	}
	checkSteps(t, newOpt, adagradRef(f32(0.2), 0.5, 1e-3))
	o := NewAdagrad()
	if o.InitialAccumulatorValue != 0.1 || o.Epsilon != 1e-7 || o.ClassName() != "Adagrad" {
		t.Errorf("defaults %+v", o)
	}
	if NewAdagrad(WithInitialAccumulatorValue(-1)).Err() == nil {
		t.Error("negative initial accumulator accepted")
	}
}
