package optimizers

import "testing"

func TestSGDFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewSGD(WithLearningRate(0.1)) }, func(cast) refStep {
		lr := f32(0.1)
		return func(_ int, ws, gs [][]float64) {
			each(ws, gs, func(_, _ int, w, g float64) float64 { return w - lr*g })
		}
	})
}

func TestSGDMomentumFiveSteps(t *testing.T) {
	for _, nesterov := range []bool{false, true} {
		newOpt := func() Optimizer { return NewSGD(WithLearningRate(0.05), WithMomentum(0.9), WithNesterov(nesterov)) }
		checkSteps(t, newOpt, func(r cast) refStep {
			lr, mu, m := f32(0.05), r(0.9), zeros()
			return func(_ int, ws, gs [][]float64) {
				each(ws, gs, func(i, j int, w, g float64) float64 {
					m[i][j] = mu*m[i][j] - lr*g
					if nesterov {
						return w + mu*m[i][j] - lr*g
					}
					return w + m[i][j]
				})
			}
		})
	}
}

func TestSGDArguments(t *testing.T) {
	o := NewSGD()
	if o.LearningRate() != f32(0.01) || o.Momentum != 0 || o.Nesterov || o.ClassName() != "SGD" {
		t.Errorf("defaults: lr %v, %+v", o.LearningRate(), o)
	}
	if err := NewSGD(WithMomentum(1.5)).Err(); err == nil {
		t.Error("momentum 1.5 accepted")
	}
	if err := NewSGD(WithAmsgrad(true)).Err(); err == nil {
		t.Error("SGD took amsgrad")
	}
}
