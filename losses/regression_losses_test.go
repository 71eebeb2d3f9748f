package losses

import (
	"math"
	"testing"
)

func TestMeanAbsolutePercentageError(t *testing.T) {
	y := f32([]int{2, 2}, 2, -4, 0, 1)
	p := f32([]int{2, 2}, 1, -5, 1e-7, 1)
	// |y| below ε counts as ε: |0 − 1e-7| / 1e-7 = 1.
	near(t, "mape", eval(t, MeanAbsolutePercentageError{}, y, p), []float64{100 * (0.5 + 0.25) / 2, 100 * (1 + 0) / 2})
}

func TestMeanSquaredLogarithmicError(t *testing.T) {
	y := f32([]int{1, 3}, 1, 0, -3)
	p := f32([]int{1, 3}, 3, 2, 0)
	// Negative values clip to ε before log1p.
	want := (sq(math.Log(4)-math.Log(2)) + sq(math.Log(3)-math.Log1p(1e-7)) + sq(math.Log1p(1e-7)-math.Log1p(1e-7))) / 3
	near(t, "msle", eval(t, MeanSquaredLogarithmicError{}, y, p), []float64{want})
}

func sq(x float64) float64 { return x * x }

func TestHuber(t *testing.T) {
	y := f32([]int{1, 4}, 0, 0, 0, 1)
	p := f32([]int{1, 4}, 0.5, -1, 3, -1)
	// errors 0.5, −1, 3, −2 with δ = 1: 0.125, 0.5, 2.5, 1.5.
	near(t, "huber", eval(t, NewHuber(), y, p), []float64{(0.125 + 0.5 + 2.5 + 1.5) / 4})
	// δ = 2: 0.125, 0.5, 2·3−2 = 4, 2.
	near(t, "huber δ2", eval(t, &Huber{Delta: 2}, y, p), []float64{(0.125 + 0.5 + 4 + 2) / 4})
}

func TestLogCosh(t *testing.T) {
	y := f32([]int{1, 3}, 0, 1, 0)
	p := f32([]int{1, 3}, 0.5, -1, 60)
	// cosh(60) overflows nothing: log cosh x ≈ |x| − log 2 there.
	want := (math.Log(math.Cosh(0.5)) + math.Log(math.Cosh(2)) + (60 - math.Ln2)) / 3
	near(t, "logcosh", eval(t, LogCosh{}, y, p), []float64{want})
}

func TestPoisson(t *testing.T) {
	y := f32([]int{1, 2}, 1, 3)
	p := f32([]int{1, 2}, 2, 0)
	want := ((2 - math.Log(2+1e-7)) + (0 - 3*math.Log(1e-7))) / 2
	near(t, "poisson", eval(t, Poisson{}, y, p), []float64{want})
}

func TestKLDivergence(t *testing.T) {
	y := f32([]int{2, 2}, 0.5, 0.5, 1, 0)
	p := f32([]int{2, 2}, 0.25, 0.75, 0.5, 0.5)
	want := []float64{0.5*math.Log(2) + 0.5*math.Log(0.5/0.75), math.Log(2) + 1e-7*math.Log(1e-7/0.5)}
	near(t, "kld", eval(t, KLDivergence{}, y, p), want)
}

func TestCosineSimilarity(t *testing.T) {
	y := f32([]int{3, 2}, 0, 1, 1, 1, 0, 0)
	p := f32([]int{3, 2}, 1, 0, 2, 2, 1, 1)
	// Orthogonal → 0; parallel → −1; zero vector → 0.
	near(t, "cosine", eval(t, NewCosineSimilarity(), y, p), []float64{0, -1, 0})
	near(t, "cosine hand", eval(t, NewCosineSimilarity(), f32([]int{1, 2}, 1, 0), f32([]int{1, 2}, 1, 1)), []float64{-1 / math.Sqrt2})
}
