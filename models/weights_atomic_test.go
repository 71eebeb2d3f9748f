package models

import (
	"sync"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// TestSetWeightsIsAtomic sets two whole sets of weights in turn while
// other goroutines read them and predict: every read is one set or the
// other, never a mix, and every prediction is one of the two sets'.
func TestSetWeightsIsAtomic(t *testing.T) {
	m := NewSequential(layers.NewDense(16, layers.WithActivation("tanh"), layers.WithInputDim(8)), layers.NewDense(4)).Model
	x := tensor.Must(tensor.RandUniform[float32](tensor.NewRNG(2), -1, 1, 32, 8))
	set := func(c float32) []any {
		var out []any
		for _, v := range m.Weights() {
			d := make([]float32, v.Size())
			for i := range d {
				d[i] = c * float32(i%7-3) / 8
			}
			out = append(out, tensor.Must(tensor.New(v.Shape(), d)))
		}
		return out
	}
	a, b := set(1), set(-2)
	if err := m.SetWeights(a); err != nil {
		t.Fatal(err)
	}
	pa, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SetWeights(b); err != nil {
		t.Fatal(err)
	}
	pb, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	ha, hb := hashValues(a), hashValues(b)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var torn, mixed, reads, preds int
	wg.Add(2)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if h := hashValues(m.GetWeights()); h != ha && h != hb {
				torn++
			}
			reads++
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			p, err := m.Predict(ctx, x, Verbose(0), BatchSize(32))
			if err != nil {
				t.Error(err)
				return
			}
			if !tensor.Equal(p, pa) && !tensor.Equal(p, pb) {
				mixed++
			}
			preds++
		}
	}()
	for i := range 2000 {
		w := a
		if i%2 == 1 {
			w = b
		}
		if err := m.SetWeights(w); err != nil {
			t.Error(err)
			break
		}
	}
	close(stop)
	wg.Wait()
	if torn > 0 || mixed > 0 {
		t.Errorf("%d of %d reads and %d of %d predictions mixed two sets of weights", torn, reads, mixed, preds)
	}
}
