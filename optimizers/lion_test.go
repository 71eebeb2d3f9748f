package optimizers

import "testing"

func lionRef(lr, b1, b2 float64) func(r cast) refStep {
	return func(r cast) refStep {
		m := zeros()
		return func(_ int, ws, gs [][]float64) {
			each(ws, gs, func(i, j int, w, g float64) float64 {
				w -= lr * sign(m[i][j]*r(b1)+g*r(1-b1))
				m[i][j] = m[i][j]*r(b2) + g*r(1-b2)
				return w
			})
		}
	}
}

func TestLionFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewLion() }, lionRef(f32(0.001), 0.9, 0.99))
	// A small beta_1 lets the gradient's sign win over the momentum's
	// once the weights overshoot their targets.
	checkSteps(t, func() Optimizer { return NewLion(WithLearningRate(0.3), WithBeta1(0.2), WithBeta2(0.5)) },
		lionRef(f32(0.3), 0.2, 0.5))
	o := NewLion()
	if o.Beta1 != 0.9 || o.Beta2 != 0.99 || o.ClassName() != "Lion" {
		t.Errorf("defaults %+v", o)
	}
	if NewLion(WithBeta1(0)).Err() == nil {
		t.Error("beta_1 0 accepted")
	}
}
