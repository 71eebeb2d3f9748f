package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// gruRef runs Keras's GRU in float64 and returns the last states; b holds
// the input bias, then (resetAfter) the recurrent bias.
func gruRef(x []float32, batch, steps, feats int, w, u, b []float32, units int, resetAfter bool) []float64 {
	sig := func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
	dot := func(v []float64, m []float32, col, width int) float64 {
		s := 0.0
		for k, vk := range v {
			s += vk * float64(m[k*width+col])
		}
		return s
	}
	var out []float64
	for s := range batch {
		h := make([]float64, units)
		for t := range steps {
			xt := make([]float64, feats)
			for f := range feats {
				xt[f] = float64(x[(s*steps+t)*feats+f])
			}
			nh := make([]float64, units)
			rh := make([]float64, units)
			for j := range units {
				r := sig(dot(xt, w, units+j, 3*units) + float64(b[units+j]) + dot(h, u, units+j, 3*units) + rb(b, units, units+j, resetAfter))
				rh[j] = r * h[j]
			}
			for j := range units {
				z := sig(dot(xt, w, j, 3*units) + float64(b[j]) + dot(h, u, j, 3*units) + rb(b, units, j, resetAfter))
				r := sig(dot(xt, w, units+j, 3*units) + float64(b[units+j]) + dot(h, u, units+j, 3*units) + rb(b, units, units+j, resetAfter))
				var rec float64
				if resetAfter {
					rec = r * (dot(h, u, 2*units+j, 3*units) + rb(b, units, 2*units+j, true))
				} else {
					rec = dot(rh, u, 2*units+j, 3*units)
				}
				hh := math.Tanh(dot(xt, w, 2*units+j, 3*units) + float64(b[2*units+j]) + rec)
				nh[j] = z*h[j] + (1-z)*hh
			}
			h = nh
		}
		out = append(out, h...)
	}
	return out
}

// rb is the recurrent bias of column col, or 0 without reset_after.
func rb(b []float32, units, col int, resetAfter bool) float64 {
	if !resetAfter {
		return 0
	}
	return float64(b[3*units+col])
}

// GRU's last state matches the recurrence computed directly, with the
// reset gate applied after the recurrent product (Keras 3's default) and
// before it (Keras 2's).
func TestGRUKnownAnswers(t *testing.T) {
	const batch, steps, feats, units = 2, 4, 3, 5
	r := tensor.NewRNG(26)
	x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, batch, steps, feats))
	w := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, feats, 3*units))
	u := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, units, 3*units))
	for _, resetAfter := range []bool{true, false} {
		bshape := []int{3 * units}
		if resetAfter {
			bshape = []int{2, 3 * units}
		}
		b := tensor.Must(tensor.RandUniform[float32](r, -0.3, 0.3, bshape...))
		ref := gruRef(x.Data(), batch, steps, feats, w.Data(), u.Data(), b.Data(), units, resetAfter)
		want := make([]float32, len(ref))
		for i, v := range ref {
			want[i] = float32(v)
		}
		l := NewGRU(units, WithResetAfter(resetAfter))
		runLayer(t, layerCase{layer: l, inputs: one(x), want: one(tf32([]int{batch, units}, want...)), tol: 1e-5, setup: func(t *testing.T) {
			assignRecurrent(t, &l.Recurrent, w, u, b)
		}})
	}
}

func TestGRUConfig(t *testing.T) {
	back, js := roundTrip(t, NewGRU(4, WithResetAfter(false), WithReturnSequences(true)))
	for _, want := range []string{`"units": 4`, `"reset_after": false`, `"recurrent_activation": "sigmoid"`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s: %s", want, js)
		}
	}
	if b := back.(*GRU); b.Units != 4 || b.ResetAfter || !b.ReturnSequences {
		t.Errorf("round trip gave %+v", b)
	}
	wantLayerError(t, "stateful", NewGRU(3, WithStateful(true)).Err(), "GRU")
}
