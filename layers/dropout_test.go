package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// With noise_shape (−1, 1, −1) a Dropout keeps or drops each feature of a
// sample at every timestep alike, scales what it keeps by 1/(1−rate), and
// its gradient is the mask.
func TestDropoutNoiseShape(t *testing.T) {
	const rate = 0.5
	x := tensor.Must(tensor.Full[float32](0.7, 4, 20, 30))
	l := NewDropout(rate, WithNoiseShape(-1, 1, -1))
	out, grad := withGrad(t, l, x, nil, true)
	d, gd := out.Data(), grad.Data()
	kept := float32(0.7 / (1 - rate))
	drops := 0
	for s := range 4 {
		for f := range 30 {
			first := d[s*600+f]
			if first != 0 && math.Abs(float64(first-kept)) > 1e-6 {
				t.Fatalf("sample %d feature %d: %v is neither 0 nor %v", s, f, first, kept)
			}
			for ts := range 20 {
				i := s*600 + ts*30 + f
				if d[i] != first {
					t.Fatalf("sample %d feature %d: timestep %d differs (%v vs %v)", s, f, ts, d[i], first)
				}
				if want := float32(0); (first != 0 && math.Abs(float64(gd[i])-2) > 1e-6) || (first == 0 && gd[i] != want) {
					t.Fatalf("output %v, gradient %v", d[i], gd[i])
				}
			}
			if first == 0 {
				drops++
			}
		}
	}
	if drops == 0 || drops == 120 {
		t.Errorf("%d of 120 columns dropped", drops)
	}
	// Inference passes the input through.
	runLayer(t, layerCase{layer: NewDropout(rate, WithNoiseShape(-1, 1, -1)), inputs: one(x), want: one(x)})
}

func TestDropoutNoiseShapeErrorsAndConfig(t *testing.T) {
	wantLayerError(t, "zero noise size", NewDropout(0.1, WithNoiseShape(-1, 0)).Err(), "Dropout")
	wantShapeError(t, "noise rank", NewDropout(0.1, WithNoiseShape(-1, 1)), Shape{-1, 2, 3})
	wantShapeError(t, "noise size", NewDropout(0.1, WithNoiseShape(-1, 2, 3)), Shape{-1, 4, 3})
	for _, l := range []Layer{NewDropout(0.25, WithNoiseShape(-1, 1, 3)), NewAlphaDropout(0.25, WithNoiseShape(-1, 1, 3))} {
		back, js := roundTrip(t, l)
		if want := `"noise_shape": [null, 1, 3]`; !strings.Contains(js, want) {
			t.Errorf("%s config %s lacks %s", l.LayerBase().ClassName(), js, want)
		}
		var got []int
		switch b := back.(type) {
		case *Dropout:
			got = b.NoiseShape
		case *AlphaDropout:
			got = b.NoiseShape
		}
		if len(got) != 3 || got[0] != -1 || got[1] != 1 || got[2] != 3 {
			t.Errorf("%s: noise shape after the config round trip %v", l.LayerBase().ClassName(), got)
		}
	}
}
