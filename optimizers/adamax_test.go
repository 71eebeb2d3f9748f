package optimizers

import (
	"math"
	"testing"
)

func adamaxRef(lr, b1, b2, eps float64) func(r cast) refStep {
	return func(r cast) refStep {
		m, u := zeros(), zeros()
		return func(t int, ws, gs [][]float64) {
			b1t := r(math.Pow(r(b1), float64(t)))
			each(ws, gs, func(i, j int, w, g float64) float64 {
				m[i][j] += (g - m[i][j]) * r(1-b1)
				u[i][j] = math.Max(r(b2)*u[i][j], math.Abs(g))
				return w - lr*m[i][j]/((1-b1t)*(u[i][j]+r(eps)))
			})
		}
	}
}

func TestAdamaxFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewAdamax() }, adamaxRef(f32(0.001), 0.9, 0.999, 1e-7))
	// beta_2 0.5 lets the infinity norm decay below old gradients.
	checkSteps(t, func() Optimizer { return NewAdamax(WithLearningRate(0.1), WithBeta1(0.7), WithBeta2(0.5)) },
		adamaxRef(f32(0.1), 0.7, 0.5, 1e-7))
	o := NewAdamax()
	if o.Beta1 != 0.9 || o.Beta2 != 0.999 || o.Epsilon != 1e-7 || o.ClassName() != "Adamax" {
		t.Errorf("defaults %+v", o)
	}
}
