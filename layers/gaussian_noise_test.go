package layers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestGaussianNoise(t *testing.T) {
	const n, stddev = 20000, 0.5
	x := tensor.Must(tensor.Full[float32](2, 4, n/4))
	l := NewGaussianNoise(stddev)
	train, infer := callBoth(t, l, x)
	if !tensor.Equal(infer, x) {
		t.Error("inference changed the input")
	}
	noise := train.Clone()
	for i, v := range noise.Data() {
		noise.Data()[i] = v - 2
	}
	// x + N(0, 0.5²): the mean of the noise within 4 standard errors of 0,
	// its standard deviation within 4 of 0.5 (σ/√(2n)).
	mean, std := moments(noise.Data())
	if math.Abs(mean) > 4*stddev/math.Sqrt(n) || math.Abs(std-stddev) > 4*stddev/math.Sqrt(2*n) {
		t.Errorf("noise mean %v, std %v; want 0 and %v", mean, std, stddev)
	}
	a, b := trainTwice(t, l, x)
	if tensor.Equal(a, b) {
		t.Error("two training calls drew the same noise")
	}
	// The gradient passes through unchanged.
	_, grad := withGrad(t, l, tf32([]int{2, 2}, 1, 2, 3, 4), nil, true)
	if !tensor.Equal(grad, tf32([]int{2, 2}, 1, 1, 1, 1)) {
		t.Errorf("gradient %v, want ones", grad)
	}
	// stddev 0 adds nothing, in training too.
	runLayer(t, layerCase{layer: NewGaussianNoise(0), inputs: one(x), training: true, want: one(x)})
}

func TestGaussianNoiseErrors(t *testing.T) {
	for name, l := range map[string]*GaussianNoise{
		"negative":        NewGaussianNoise(-0.1),
		"above 1":         NewGaussianNoise(1.5),
		"NaN":             NewGaussianNoise(math.NaN()),
		"unknown keyword": NewGaussianNoise(0.1, WithSeed(1)),
	} {
		wantLayerError(t, name, l.Err(), "GaussianNoise")
	}
}
