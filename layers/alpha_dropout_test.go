package layers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// alphaDropoutRef returns Keras 3's affine parameters of AlphaDropout and
// the value a dropped element takes before them, from its formulas.
func alphaDropoutRef(rate float64) (a, b, alphaP float64) {
	alphaP = -1.6732632423543772848170429916717 * 1.0507009873554804934193349852946
	a = math.Pow((1-rate)*(1+rate*alphaP*alphaP), -0.5)
	b = -a * alphaP * rate
	return a, b, alphaP
}

func TestAlphaDropoutValuesAndRate(t *testing.T) {
	const n, rate = 20000, 0.2
	a, b, alphaP := alphaDropoutRef(rate)
	x := tensor.Must(tensor.Full[float32](0.7, 4, n/4))
	l := NewAlphaDropout(rate)
	train, infer := callBoth(t, l, x)
	if !tensor.Equal(infer, x) {
		t.Error("inference changed the input")
	}
	kept, dropped := float32(a*0.7+b), float32(a*alphaP+b)
	drops := 0
	for _, v := range train.Data() {
		switch {
		case math.Abs(float64(v-dropped)) < 1e-6:
			drops++
		case math.Abs(float64(v-kept)) > 1e-6:
			t.Fatalf("value %v is neither a·x + b = %v nor a·alpha_p + b = %v", v, kept, dropped)
		}
	}
	if f := float64(drops) / n; math.Abs(f-rate) > 4*math.Sqrt(rate*(1-rate)/n) {
		t.Errorf("dropped %.4f of the values, want %v", f, rate)
	}
	if a, b := trainTwice(t, l, x); tensor.Equal(a, b) {
		t.Error("two training calls drew the same mask")
	}
}

func TestAlphaDropoutKeepsMoments(t *testing.T) {
	// For inputs of mean 0 and variance 1, the output keeps both: given
	// the inputs, E[f(x)] = a·((1 − rate)·x + rate·alpha_p) + b exactly;
	// the sample mean must lie within 4 standard errors of the mean of
	// that, and the standard deviation near 1.
	const n, rate = 20000, 0.1
	a, b, alphaP := alphaDropoutRef(rate)
	x := tensor.Must(tensor.RandNormal[float32](tensor.NewRNG(5), 0, 1, 4, n/4))
	out := runLayer(t, layerCase{layer: NewAlphaDropout(rate), inputs: one(x), training: true})[0]
	var expect, variance float64
	for _, v := range x.Data() {
		xv := float64(v)
		expect += a*((1-rate)*xv+rate*alphaP) + b
		variance += a * a * rate * (1 - rate) * (xv - alphaP) * (xv - alphaP)
	}
	mean, std := moments(out.Data())
	if se := math.Sqrt(variance) / n; math.Abs(mean-expect/n) > 4*se {
		t.Errorf("mean %v, want %v ± %v", mean, expect/n, 4*se)
	}
	if math.Abs(mean) > 0.05 || math.Abs(std-1) > 0.05 {
		t.Errorf("output mean %v, std %v; want about 0 and 1", mean, std)
	}
}

func TestAlphaDropoutNoiseShapeAndGradient(t *testing.T) {
	const rate = 0.5
	a, b, _ := alphaDropoutRef(rate)
	keptValue := float32(a*0.7 + b)
	// One draw per (sample, feature), shared by the 20 timesteps.
	x := tensor.Must(tensor.Full[float32](0.7, 4, 20, 30))
	l := NewAlphaDropout(rate, WithNoiseShape(-1, 1, -1))
	out, grad := withGrad(t, l, x, nil, true)
	d, gd := out.Data(), grad.Data()
	drops := 0
	for s := range 4 {
		for f := range 30 {
			first := d[s*600+f]
			for ts := range 20 {
				i := s*600 + ts*30 + f
				if d[i] != first {
					t.Fatalf("sample %d feature %d: timestep %d differs (%v vs %v)", s, f, ts, d[i], first)
				}
				// d f/d x is a where kept and 0 where dropped.
				want := 0.0
				if math.Abs(float64(d[i]-keptValue)) < 1e-6 {
					want = a
				}
				if math.Abs(float64(gd[i])-want) > 1e-6 {
					t.Fatalf("output %v, gradient %v; want %v", d[i], gd[i], want)
				}
			}
			if gd[s*600+f] == 0 {
				drops++
			}
		}
	}
	if drops == 0 || drops == 120 {
		t.Errorf("%d of 120 columns dropped", drops)
	}
	runLayer(t, layerCase{layer: NewAlphaDropout(0), inputs: one(x), training: true, want: one(x)})
}

func TestAlphaDropoutErrors(t *testing.T) {
	for name, l := range map[string]*AlphaDropout{
		"negative":         NewAlphaDropout(-0.1),
		"rate 1":           NewAlphaDropout(1),
		"zero noise size":  NewAlphaDropout(0.1, WithNoiseShape(-1, 0)),
		"unknown keyword":  NewAlphaDropout(0.1, WithAxis(1)),
		"NaN":              NewAlphaDropout(math.NaN()),
		"noise_shape used": NewAlphaDropout(2, WithNoiseShape(-1)),
	} {
		wantLayerError(t, name, l.Err(), "AlphaDropout")
	}
	wantShapeError(t, "noise rank", NewAlphaDropout(0.1, WithNoiseShape(-1, 1)), Shape{-1, 2, 3})
	wantShapeError(t, "noise size", NewAlphaDropout(0.1, WithNoiseShape(-1, 2, 3)), Shape{-1, 4, 3})
	if _, err := BuildLayer(NewAlphaDropout(0.1, WithNoiseShape(1, 1, 3)), []Shape{{-1, 4, 3}}); err != nil {
		t.Errorf("noise shape (1, 1, 3): %v", err)
	}
}
