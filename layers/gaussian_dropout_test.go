package layers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestGaussianDropout(t *testing.T) {
	const n, rate = 20000, 0.3
	sigma := math.Sqrt(rate / (1 - rate)) // Keras: sqrt(rate/(1 − rate))
	x := tensor.Must(tensor.Full[float32](3, 4, n/4))
	l := NewGaussianDropout(rate)
	train, infer := callBoth(t, l, x)
	if !tensor.Equal(infer, x) {
		t.Error("inference changed the input")
	}
	eps := train.Clone()
	for i, v := range eps.Data() {
		eps.Data()[i] = v / 3
	}
	// x · N(1, σ²): the factor's mean within 4 standard errors of 1, its
	// standard deviation within 4 of σ.
	mean, std := moments(eps.Data())
	if math.Abs(mean-1) > 4*sigma/math.Sqrt(n) || math.Abs(std-sigma) > 4*sigma/math.Sqrt(2*n) {
		t.Errorf("factor mean %v, std %v; want 1 and %v", mean, std, sigma)
	}
	if a, b := trainTwice(t, l, x); tensor.Equal(a, b) {
		t.Error("two training calls drew the same noise")
	}
	// The gradient with respect to x is the factor drawn in the same call.
	in := tf32([]int{2, 3}, 1, -2, 0.5, 4, -1, 2)
	out, grad := withGrad(t, l, in, nil, true)
	for i, v := range grad.Data() {
		if want := out.Data()[i] / in.Data()[i]; math.Abs(float64(v-want)) > 1e-6 {
			t.Errorf("gradient[%d] = %v, want output/input = %v", i, v, want)
		}
	}
	runLayer(t, layerCase{layer: NewGaussianDropout(0), inputs: one(x), training: true, want: one(x)})
}

func TestGaussianDropoutErrors(t *testing.T) {
	for name, l := range map[string]*GaussianDropout{
		"negative":        NewGaussianDropout(-0.1),
		"rate 1":          NewGaussianDropout(1),
		"NaN":             NewGaussianDropout(math.NaN()),
		"unknown keyword": NewGaussianDropout(0.1, WithAxis(1)),
	} {
		wantLayerError(t, name, l.Err(), "GaussianDropout")
	}
}
