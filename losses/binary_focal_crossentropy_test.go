package losses

import (
	"math"
	"testing"
)

// focalRef is Keras's binary focal formula in float64.
func focalRef(y, p []float64, alpha, gamma float64, balance, logits bool, s float64) float64 {
	var sum float64
	for i := range y {
		t := y[i]*(1-s) + s/2
		q := p[i]
		if logits {
			q = 1 / (1 + math.Exp(-q))
		}
		c := math.Min(math.Max(q, 1e-7), 1-1e-7)
		bce := -(t*math.Log(c) + (1-t)*math.Log(1-c))
		pt := t*q + (1-t)*(1-q)
		v := math.Pow(1-pt, gamma) * bce
		if balance {
			v *= t*alpha + (1-t)*(1-alpha)
		}
		sum += v
	}
	return sum / float64(len(y))
}

func TestBinaryFocalCrossentropy(t *testing.T) {
	// Keras's documented example: [[0,1],[0,0]] against [[0.6,0.4],[0.4,0.6]]
	// gives about [0.330, 0.206] with γ = 2.
	y := f32([]int{2, 2}, 0, 1, 0, 0)
	p := f32([]int{2, 2}, 0.6, 0.4, 0.4, 0.6)
	got := eval(t, NewBinaryFocalCrossentropy(), y, p)
	near(t, "focal", got, []float64{
		focalRef([]float64{0, 1}, []float64{0.6, 0.4}, 0.25, 2, false, false, 0),
		focalRef([]float64{0, 0}, []float64{0.4, 0.6}, 0.25, 2, false, false, 0),
	})
	if math.Abs(got[0]-0.330) > 1e-3 || math.Abs(got[1]-0.206) > 1e-3 {
		t.Errorf("documented example: %v", got)
	}
	l := &BinaryFocalCrossentropy{ApplyClassBalancing: true, Alpha: 0.3, Gamma: 1.5, FromLogits: true, LabelSmoothing: 0.1}
	near(t, "focal logits balanced smoothed", eval(t, l, f32([]int{1, 3}, 1, 0, 1), f32([]int{1, 3}, 2, -1, -0.5)),
		[]float64{focalRef([]float64{1, 0, 1}, []float64{2, -1, -0.5}, 0.3, 1.5, true, true, 0.1)})
	// Perfectly confident right predictions: loss ~0; γ = 0 is plain BCE.
	got = eval(t, NewBinaryFocalCrossentropy(), f32([]int{1, 2}, 1, 0), f32([]int{1, 2}, 1, 0))
	if got[0] > 1e-12 || got[0] < 0 {
		t.Errorf("confident: %v", got)
	}
	g0 := eval(t, &BinaryFocalCrossentropy{Gamma: 0}, y, p)
	near(t, "gamma 0 = bce", g0, eval(t, NewBinaryCrossentropy(), y, p))
}
