package layers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// reluRef is Keras 3's ReLU written piece by piece in float64, from the
// formula of its docstring with the edges its code gives: x·[x >
// threshold], clipped to [0, max_value] if there is one, minus
// negative_slope·max(threshold − x, 0).
func reluRef(maxValue *float64, slope, thr float64) func(float64) float64 {
	return func(x float64) float64 {
		y := 0.0
		if x > thr {
			y = x
		}
		if maxValue != nil {
			y = math.Min(math.Max(y, 0), *maxValue)
		}
		return y - slope*math.Max(thr-x, 0)
	}
}

func TestReLUKerasExamples(t *testing.T) {
	x := tf32([]int{1, 5}, -10, -5, 0, 5, 10)
	// The default is max(x, 0).
	runLayer(t, layerCase{layer: NewReLU(), inputs: one(x), want: one(tf32([]int{1, 5}, 0, 0, 0, 5, 10))})
	// The docstring's example: max_value 10, negative_slope 0.5.
	runLayer(t, layerCase{
		layer:  NewReLU(WithMaxValue(10), WithNegativeSlope(0.5), WithThreshold(0)),
		inputs: one(x),
		want:   one(tf32([]int{1, 5}, -5, -2.5, 0, 5, 10)),
	})
}

func TestReLUAgainstReference(t *testing.T) {
	// The grid holds the edges: x at the threshold and at the ceiling.
	x := tf32([]int{2, 8}, -3, -1, 0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5.5, 6, 6.5, 7, 10, -0.25)
	six, two, half := 6.0, 2.0, 0.5
	for _, c := range []struct {
		name       string
		opts       []Option
		max        *float64
		slope, thr float64
	}{
		{"default", nil, nil, 0, 0},
		{"relu6", []Option{WithMaxValue(6)}, &six, 0, 0},
		{"leaky", []Option{WithNegativeSlope(0.2)}, nil, 0.2, 0},
		{"threshold", []Option{WithThreshold(1.5)}, nil, 0, 1.5},
		{"all three", []Option{WithMaxValue(6), WithNegativeSlope(0.1), WithThreshold(2)}, &six, 0.1, 2},
		{"ceiling below threshold", []Option{WithMaxValue(2), WithThreshold(4), WithNegativeSlope(1)}, &two, 1, 4},
		{"zero ceiling", []Option{WithMaxValue(0), WithNegativeSlope(0.5)}, new(float64), 0.5, 0},
		{"half ceiling", []Option{WithMaxValue(0.5)}, &half, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := NewReLU(c.opts...)
			if (l.MaxValue == nil) != (c.max == nil) || l.NegativeSlope != c.slope || l.Threshold != c.thr {
				t.Fatalf("fields %v %v %v", l.MaxValue, l.NegativeSlope, l.Threshold)
			}
			want := refTensor(x, reluRef(c.max, c.slope, c.thr))
			train, infer := callBoth(t, l, x)
			if !tensor.AllClose(train, want, 1e-6, 1e-6) || !tensor.AllClose(infer, want, 1e-6, 1e-6) {
				t.Errorf("got\n%v\n%v\nwant\n%v", train, infer, want)
			}
		})
	}
}

func TestReLUGradient(t *testing.T) {
	// Points at least 0.05 from the kinks at 0, 1 (threshold) and 3 (ceiling).
	x := tf32([]int{2, 5}, -2, -0.5, 0.3, 0.8, 1.2, 2.2, 2.9, 3.3, 5, -0.05)
	gradCheck(t, NewReLU(WithMaxValue(3), WithNegativeSlope(0.25), WithThreshold(1)), x)
	gradCheck(t, NewReLU(), x)
}

func TestReLUErrors(t *testing.T) {
	for name, l := range map[string]*ReLU{
		"max_value":       NewReLU(WithMaxValue(-1)),
		"negative_slope":  NewReLU(WithNegativeSlope(-0.1)),
		"threshold":       NewReLU(WithThreshold(-2)),
		"NaN threshold":   NewReLU(WithThreshold(math.NaN())),
		"unknown keyword": NewReLU(WithAlpha(1)),
	} {
		wantLayerError(t, name, l.Err(), "ReLU")
	}
	if _, err := BuildLayer(NewReLU(WithThreshold(-2)), []Shape{{-1, 2}}); err == nil {
		t.Error("BuildLayer of a failed ReLU: no error")
	}
}
