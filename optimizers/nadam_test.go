package optimizers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
)

// nadamRef is Keras 3's Nadam with its momentum cache: u_product is
// advanced once per step before the weights' updates use it.
func nadamRef(lr, b1, b2, eps float64) func(r cast) refStep {
	return func(r cast) refStep {
		m, v := zeros(), zeros()
		prod := 1.0
		return func(t int, ws, gs [][]float64) {
			ut := r(b1) * (1 - 0.5*r(math.Pow(r(0.96), float64(t))))
			ut1 := r(b1) * (1 - 0.5*r(math.Pow(r(0.96), float64(t+1))))
			prod *= ut
			prod1 := prod * ut1
			b2t := r(math.Pow(r(b2), float64(t)))
			each(ws, gs, func(i, j int, w, g float64) float64 {
				m[i][j] += (g - m[i][j]) * r(1-b1)
				v[i][j] += (g*g - v[i][j]) * r(1-b2)
				mHat := ut1*m[i][j]/(1-prod1) + (1-ut)*g/(1-prod)
				vHat := v[i][j] / (1 - b2t)
				return w - mHat*lr/(math.Sqrt(vHat)+r(eps))
			})
		}
	}
}

func TestNadamFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewNadam() }, nadamRef(f32(0.001), 0.9, 0.999, 1e-7))
	checkSteps(t, func() Optimizer { return NewNadam(WithLearningRate(0.05), WithBeta1(0.8), WithBeta2(0.95)) },
		nadamRef(f32(0.05), 0.8, 0.95, 1e-7))
	o := NewNadam()
	if o.Beta1 != 0.9 || o.Beta2 != 0.999 || o.Epsilon != 1e-7 || o.ClassName() != "Nadam" {
		t.Errorf("defaults %+v", o)
	}
	// u_product is one more optimizer variable, a scalar, created after
	// the slots as Keras's Nadam.build does.
	_, _ = run(t, o, graph.Float32)
	vs := o.Variables()
	if last := vs[len(vs)-1]; last.Name() != "nadam/u_product" || len(last.Shape()) != 0 {
		t.Errorf("last variable %q of shape %v, want the scalar nadam/u_product", last.Name(), last.Shape())
	}
}
