package losses

import (
	"math"
	"testing"
)

func TestCategoricalFocalCrossentropy(t *testing.T) {
	ref := func(y, p []float64, alpha, gamma, s float64, logits bool) float64 {
		n := float64(len(p))
		q := append([]float64(nil), p...)
		if logits {
			var z float64
			for i := range q {
				q[i] = math.Exp(q[i])
				z += q[i]
			}
			for i := range q {
				q[i] /= z
			}
		}
		var sum float64
		for _, v := range q {
			sum += v
		}
		var out float64
		for i := range q {
			c := math.Min(math.Max(q[i]/sum, 1e-7), 1-1e-7)
			t := y[i]*(1-s) + s/n
			out += -alpha * math.Pow(1-c, gamma) * t * math.Log(c)
		}
		return out
	}
	y := f32([]int{2, 3}, 0, 1, 0, 0, 0, 1)
	p := f32([]int{2, 3}, 0.05, 0.95, 0, 0.1, 0.8, 0.1)
	near(t, "cfce", eval(t, NewCategoricalFocalCrossentropy(), y, p), []float64{
		ref([]float64{0, 1, 0}, []float64{0.05, 0.95, 0}, 0.25, 2, 0, false),
		ref([]float64{0, 0, 1}, []float64{0.1, 0.8, 0.1}, 0.25, 2, 0, false),
	})
	l := &CategoricalFocalCrossentropy{Alpha: 0.5, Gamma: 1, FromLogits: true, LabelSmoothing: 0.2}
	near(t, "cfce logits", eval(t, l, f32([]int{1, 3}, 1, 0, 0), f32([]int{1, 3}, 1, 2, -1)),
		[]float64{ref([]float64{1, 0, 0}, []float64{1, 2, -1}, 0.5, 1, 0.2, true)})
	// Hand value: y=[0,1], p=[0.5,0.5]: 0.25·0.25·log 2.
	near(t, "cfce hand", eval(t, NewCategoricalFocalCrossentropy(), f32([]int{1, 2}, 0, 1), f32([]int{1, 2}, 0.5, 0.5)),
		[]float64{0.0625 * math.Ln2})
}
