package optimizers

import (
	"math"
	"testing"
)

// adamRef is Keras's Adam (and, with amsgrad, AMSGrad) in float64, with
// its constants cast to the weights' dtype by r.
func adamRef(lr, b1, b2, eps float64, amsgrad bool) func(r cast) refStep {
	return func(r cast) refStep {
		m, v, vh := zeros(), zeros(), zeros()
		return func(t int, ws, gs [][]float64) {
			alpha := lr * math.Sqrt(1-r(math.Pow(r(b2), float64(t)))) / (1 - r(math.Pow(r(b1), float64(t))))
			each(ws, gs, func(i, j int, w, g float64) float64 {
				m[i][j] += (g - m[i][j]) * r(1-b1)
				v[i][j] += (g*g - v[i][j]) * r(1-b2)
				den := v[i][j]
				if amsgrad {
					vh[i][j] = math.Max(vh[i][j], v[i][j])
					den = vh[i][j]
				}
				return w - alpha*m[i][j]/(math.Sqrt(den)+r(eps))
			})
		}
	}
}

func TestAdamFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewAdam(WithLearningRate(0.05)) }, adamRef(f32(0.05), 0.9, 0.999, 1e-7, false))
	checkSteps(t, func() Optimizer { return NewAdamWith(0.02, 0.8, 0.99, 1e-3) }, adamRef(f32(0.02), 0.8, 0.99, 1e-3, false))
}

// TestAdamAmsgradFiveSteps uses beta_2 0.5 and a gradient that shrinks as
// the weights approach their targets, so v falls below its running maximum
// and AMSGrad's v̂ differs from v.
func TestAdamAmsgradFiveSteps(t *testing.T) {
	newOpt := func() Optimizer { return NewAdam(WithLearningRate(0.1), WithBeta2(0.5), WithAmsgrad(true)) }
	checkSteps(t, newOpt, adamRef(f32(0.1), 0.9, 0.5, 1e-7, true))
	ams := reference(adamRef(f32(0.1), 0.9, 0.5, 1e-7, true)(exact))
	plain := reference(adamRef(f32(0.1), 0.9, 0.5, 1e-7, false)(exact))
	if math.Abs(plain[fiveSteps-1][1][0]-ams[fiveSteps-1][1][0]) < 1e-4 {
		t.Error("the test problem does not tell AMSGrad from Adam")
	}
	o := NewAdam()
	if o.Beta1 != 0.9 || o.Beta2 != 0.999 || o.Epsilon != 1e-7 || o.Amsgrad || o.WeightDecay != 0 || o.LearningRate() != f32(0.001) {
		t.Errorf("defaults %+v", o)
	}
}
