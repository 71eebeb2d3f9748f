package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// lstmRef runs Keras's LSTM in float64 and returns, per sample, h after
// every step and the last c.
func lstmRef(x []float32, batch, steps, feats int, w, u, b []float32, units int) (hs [][][]float64, cs [][]float64) {
	sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	for s := range batch {
		h, c := make([]float64, units), make([]float64, units)
		var seq [][]float64
		for t := range steps {
			z := make([]float64, 4*units)
			for j := range 4 * units {
				z[j] = float64(b[j])
				for f := range feats {
					z[j] += float64(x[(s*steps+t)*feats+f]) * float64(w[f*4*units+j])
				}
				for k := range units {
					z[j] += h[k] * float64(u[k*4*units+j])
				}
			}
			nh, nc := make([]float64, units), make([]float64, units)
			for j := range units {
				i, f, g, o := sig(z[j]), sig(z[units+j]), math.Tanh(z[2*units+j]), sig(z[3*units+j])
				nc[j] = f*c[j] + i*g
				nh[j] = o * math.Tanh(nc[j])
			}
			h, c = nh, nc
			seq = append(seq, h)
		}
		hs, cs = append(hs, seq), append(cs, c)
	}
	return hs, cs
}

// LSTM's outputs (last h, every h, h and c as further outputs) match the
// recurrence computed directly, and the forget gate's bias starts at one.
func TestLSTMKnownAnswers(t *testing.T) {
	const batch, steps, feats, units = 2, 5, 3, 4
	r := tensor.NewRNG(16)
	x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, batch, steps, feats))
	w := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, feats, 4*units))
	u := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, units, 4*units))
	b := tensor.Must(tensor.RandUniform[float32](r, -0.2, 0.2, 4*units))
	hs, cs := lstmRef(x.Data(), batch, steps, feats, w.Data(), u.Data(), b.Data(), units)
	var last, all, lastC []float32
	for s := range batch {
		for t := range steps {
			for _, v := range hs[s][t] {
				all = append(all, float32(v))
			}
		}
		for _, v := range hs[s][steps-1] {
			last = append(last, float32(v))
		}
		for _, v := range cs[s] {
			lastC = append(lastC, float32(v))
		}
	}
	lastT, allT := tf32([]int{batch, units}, last...), tf32([]int{batch, steps, units}, all...)
	cT := tf32([]int{batch, units}, lastC...)
	for _, c := range []struct {
		opts []Option
		want []*tensor.Tensor[float32]
	}{
		{nil, one(lastT)},
		{[]Option{WithReturnSequences(true), WithReturnState(true)}, []*tensor.Tensor[float32]{allT, lastT, cT}},
	} {
		l := NewLSTM(units, c.opts...)
		runLayer(t, layerCase{layer: l, inputs: one(x), want: c.want, tol: 1e-5, setup: func(t *testing.T) {
			bias := l.Bias().Value().(*tensor.Tensor[float32]).Data()
			for j := range 4 * units {
				if want := float32(0); j >= units && j < 2*units {
					want = 1
					if bias[j] != want {
						t.Fatalf("initial bias[%d] = %v, want 1 (unit_forget_bias)", j, bias[j])
					}
				} else if bias[j] != want {
					t.Fatalf("initial bias[%d] = %v, want 0", j, bias[j])
				}
			}
			assignRecurrent(t, &l.Recurrent, w, u, b)
		}})
	}
}

func TestLSTMErrorsAndConfig(t *testing.T) {
	wantLayerError(t, "implementation", NewLSTM(3, WithImplementation(3)).Err(), "LSTM")
	wantLayerError(t, "recurrent activation", NewLSTM(3, WithRecurrentActivation("nope")).Err(), "LSTM")
	wantShapeError(t, "rank", NewLSTM(3), Shape{-1, 4})
	l := NewLSTM(6, WithRecurrentActivation("hard_sigmoid"), WithUnitForgetBias(false), WithReturnState(true))
	back, js := roundTrip(t, l)
	for _, want := range []string{`"units": 6`, `"recurrent_activation": "hard_sigmoid"`, `"unit_forget_bias": false`, `"return_state": true`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s: %s", want, js)
		}
	}
	b := back.(*LSTM)
	if b.Units != 6 || b.RecurrentActivationName != "hard_sigmoid" || b.UnitForgetBias || !b.ReturnState {
		t.Errorf("round trip gave %+v", b)
	}
}
