package layers

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// rnnRef runs h_t = tanh(x_t·W + b + h_{t−1}·U) in float64 and returns the
// states after every step, (batch, steps, units).
func rnnRef(x []float32, batch, steps, feats int, w, u, b []float32, units int, backwards bool) [][][]float64 {
	out := make([][][]float64, batch)
	for s := range batch {
		h := make([]float64, units)
		for i := range steps {
			t := i
			if backwards {
				t = steps - 1 - i
			}
			next := make([]float64, units)
			for j := range units {
				z := float64(b[j])
				for f := range feats {
					z += float64(x[(s*steps+t)*feats+f]) * float64(w[f*units+j])
				}
				for k := range units {
					z += h[k] * float64(u[k*units+j])
				}
				next[j] = math.Tanh(z)
			}
			h = next
			out[s] = append(out[s], h)
		}
	}
	return out
}

// assignRecurrent sets a recurrent layer's kernel, recurrent kernel and,
// if b is not nil, bias.
func assignRecurrent(t *testing.T, l *Recurrent, w, u, b *tensor.Tensor[float32]) {
	t.Helper()
	for _, a := range []struct {
		v   *Variable
		val *tensor.Tensor[float32]
	}{{l.Kernel(), w}, {l.RecurrentKernel(), u}, {l.Bias(), b}} {
		if a.val == nil {
			continue
		}
		if err := a.v.Assign(a.val); err != nil {
			t.Fatal(err)
		}
	}
}

// SimpleRNN's outputs (last state, every state, the state as a second
// output, running backwards) match the recurrence computed directly.
func TestSimpleRNNKnownAnswers(t *testing.T) {
	const batch, steps, feats, units = 2, 4, 3, 5
	r := tensor.NewRNG(6)
	x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, batch, steps, feats))
	w := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, feats, units))
	u := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, units, units))
	b := tensor.Must(tensor.RandUniform[float32](r, -0.2, 0.2, units))
	for _, backwards := range []bool{false, true} {
		ref := rnnRef(x.Data(), batch, steps, feats, w.Data(), u.Data(), b.Data(), units, backwards)
		last, all := make([]float32, 0, batch*units), make([]float32, 0, batch*steps*units)
		for s := range batch {
			for i := range steps {
				for _, v := range ref[s][i] {
					all = append(all, float32(v))
				}
			}
			for _, v := range ref[s][steps-1] {
				last = append(last, float32(v))
			}
		}
		lastT := tensor.Must(tensor.New([]int{batch, units}, last))
		allT := tensor.Must(tensor.New([]int{batch, steps, units}, all))
		for _, c := range []struct {
			opts []Option
			want []*tensor.Tensor[float32]
		}{
			{nil, one(lastT)},
			{[]Option{WithReturnSequences(true)}, one(allT)},
			{[]Option{WithReturnSequences(true), WithReturnState(true)}, []*tensor.Tensor[float32]{allT, lastT}},
		} {
			l := NewSimpleRNN(units, append(c.opts, WithGoBackwards(backwards))...)
			runLayer(t, layerCase{layer: l, inputs: one(x), want: c.want, tol: 1e-5, setup: func(t *testing.T) {
				assignRecurrent(t, &l.Recurrent, w, u, b)
			}})
		}
	}
}

// Dropout in training drops input features with one mask per sequence:
// the outputs change in training and not in inference.
func TestSimpleRNNDropout(t *testing.T) {
	r := tensor.NewRNG(7)
	x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, 8, 6, 4))
	w := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, 4, 3))
	u := tensor.Must(tensor.RandUniform[float32](r, -0.5, 0.5, 3, 3))
	run := func(training bool, opts ...Option) []float32 {
		l := NewSimpleRNN(3, opts...)
		out := runLayer(t, layerCase{layer: l, inputs: one(x), training: training, setup: func(t *testing.T) {
			assignRecurrent(t, &l.Recurrent, w, u, nil)
		}})
		return out[0].Data()
	}
	plain := run(false)
	drop := []Option{WithDropoutRate(0.5), WithRecurrentDropout(0.5)}
	if !slices.Equal(plain, run(false, drop...)) {
		t.Error("dropout changed the output in inference")
	}
	if slices.Equal(plain, run(true, drop...)) {
		t.Error("dropout did not change the output in training")
	}
	if !slices.Equal(plain, run(true)) {
		t.Error("without dropout, training changed the output")
	}
}

func TestSimpleRNNErrorsAndConfig(t *testing.T) {
	wantLayerError(t, "units", NewSimpleRNN(0).Err(), "SimpleRNN")
	wantLayerError(t, "stateful", NewSimpleRNN(3, WithStateful(true)).Err(), "SimpleRNN")
	wantLayerError(t, "dropout", NewSimpleRNN(3, WithDropoutRate(1)).Err(), "SimpleRNN")
	wantShapeError(t, "rank", NewSimpleRNN(3), Shape{-1, 4})
	wantShapeError(t, "backwards over unknown steps", NewSimpleRNN(3, WithGoBackwards(true)), Shape{-1, -1, 4})
	l := NewSimpleRNN(7, WithReturnSequences(true), WithActivation("relu"), WithDropoutRate(0.25), WithRecurrentInitializer("zeros"))
	back, js := roundTrip(t, l)
	for _, want := range []string{`"units": 7`, `"return_sequences": true`, `"activation": "relu"`, `"dropout": 0.25`, `"recurrent_initializer": {"module": "keras.initializers", "class_name": "Zeros"`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s: %s", want, js)
		}
	}
	b := back.(*SimpleRNN)
	if b.Units != 7 || !b.ReturnSequences || b.ActivationName != "relu" || b.Dropout != 0.25 {
		t.Errorf("round trip gave %+v", b)
	}
}
