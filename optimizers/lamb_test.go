package optimizers

import (
	"math"
	"testing"
)

// lambRef is Keras 3's Lamb: Adam's bias-corrected direction r, scaled per
// weight by ‖w‖/‖r‖.
func lambRef(lr, b1, b2, eps float64) func(r cast) refStep {
	return func(rc cast) refStep {
		m, v := zeros(), zeros()
		return func(t int, ws, gs [][]float64) {
			b1t, b2t := rc(math.Pow(rc(b1), float64(t))), rc(math.Pow(rc(b2), float64(t)))
			for i := range ws {
				dir := make([]float64, len(ws[i]))
				var wn, dn float64
				for j, g := range gs[i] {
					m[i][j] += (g - m[i][j]) * rc(1-b1)
					v[i][j] += (g*g - v[i][j]) * rc(1-b2)
					dir[j] = (m[i][j] / (1 - b1t)) / (math.Sqrt(v[i][j]/(1-b2t)) + rc(eps))
					wn += ws[i][j] * ws[i][j]
					dn += dir[j] * dir[j]
				}
				ratio := 1.0
				if wn > 0 && dn > 0 {
					ratio = math.Sqrt(wn) / math.Sqrt(dn)
				}
				for j := range ws[i] {
					ws[i][j] -= ratio * lr * dir[j]
				}
			}
		}
	}
}

func TestLambFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewLamb() }, lambRef(f32(0.001), 0.9, 0.999, 1e-7))
	checkSteps(t, func() Optimizer { return NewLamb(WithLearningRate(0.05), WithBeta1(0.8), WithBeta2(0.9)) },
		lambRef(f32(0.05), 0.8, 0.9, 1e-7))
	o := NewLamb()
	if o.Beta1 != 0.9 || o.Beta2 != 0.999 || o.Epsilon != 1e-7 || o.ClassName() != "Lamb" {
		t.Errorf("defaults %+v", o)
	}
}
