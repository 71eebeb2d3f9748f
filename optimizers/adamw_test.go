package optimizers

import "testing"

// adamWRef is Keras's AdamW: the weights decay by w·weight_decay·lr, then
// Adam's update (adamRef) applies to the decayed weights.
func adamWRef(lr, wd, b1, b2, eps float64) func(r cast) refStep {
	return func(r cast) refStep {
		adam := adamRef(lr, b1, b2, eps, false)(r)
		return func(t int, ws, gs [][]float64) {
			each(ws, gs, func(_, _ int, w, _ float64) float64 { return w - w*r(wd)*lr })
			adam(t, ws, gs)
		}
	}
}

func TestAdamWFiveSteps(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewAdamW() }, adamWRef(f32(0.001), 0.004, 0.9, 0.999, 1e-7))
	checkSteps(t, func() Optimizer { return NewAdamW(WithLearningRate(0.05), WithWeightDecay(0.5), WithBeta1(0.8)) },
		adamWRef(f32(0.05), 0.5, 0.8, 0.999, 1e-7))
	o := NewAdamW()
	if o.WeightDecay != 0.004 || o.ClassName() != "AdamW" || o.Beta2 != 0.999 || o.LearningRate() != f32(0.001) {
		t.Errorf("defaults %+v", o)
	}
}
