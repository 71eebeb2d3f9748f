package models

import (
	"bytes"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// SimpleRNN, LSTM and GRU models learn a sequence task through Fit,
// and a .keras round trip keeps their weights at Keras 3's paths (the
// cell's) and their predictions bit for bit.
func TestRecurrentModels(t *testing.T) {
	for _, c := range []struct {
		path string
		rnn  func() layers.Layer
	}{
		{"layers/simple_rnn", func() layers.Layer { return layers.NewSimpleRNN(16, layers.WithInputShape(8, 1)) }},
		{"layers/lstm", func() layers.Layer { return layers.NewLSTM(16, layers.WithInputShape(8, 1)) }},
		{"layers/gru", func() layers.Layer { return layers.NewGRU(16, layers.WithInputShape(8, 1)) }},
	} {
		t.Run(c.path, func(t *testing.T) { recurrentModel(t, c.path, c.rnn) })
	}
}

func recurrentModel(t *testing.T, path string, rnn func() layers.Layer) {
	// Label: whether the sum of a sequence of 8 values is positive.
	const n, steps = 256, 8
	r := tensor.NewRNG(12)
	x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, n, steps, 1))
	y := tensor.Must(tensor.Zeros[float32](n, 1))
	for i := range n {
		sum := float32(0)
		for _, v := range x.Data()[i*steps : (i+1)*steps] {
			sum += v
		}
		if sum > 0 {
			y.Data()[i] = 1
		}
	}
	layers.SetRandomSeed(2)
	m := NewSequential(rnn(), layers.NewDense(1, layers.WithActivation("sigmoid")))
	if err := m.Compile("adam", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(ctx, x, y, Epochs(60), BatchSize(32), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if acc := h.History["accuracy"]; acc[len(acc)-1] < 0.9 {
		t.Errorf("accuracy after 60 epochs %v, want ≥ 0.9 (first epoch %v)", acc[len(acc)-1], acc[0])
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	a, err := saving.ReadKerasFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if e := a.Vars.Get(path + "/cell"); e == nil || len(e.Values) != 3 {
		t.Fatalf("no kernel, recurrent kernel and bias at %s/cell: %+v", path, e)
	}
	if e := a.Vars.Get(path); e == nil || len(e.Values) != 0 {
		t.Errorf("the layer's own vars group should exist and be empty: %+v", e)
	}
	back, err := LoadModelBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	p1, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	p2, err := back.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if !tensor.Equal(p1, p2) {
		t.Error("predictions changed through the .keras round trip")
	}
}

// A text-like model — integer tokens through Embedding, Conv1D,
// MaxPooling1D and GRU — learns whether token 1 occurs in a sequence.
func TestEmbeddingConv1DModel(t *testing.T) {
	const n, steps = 256, 12
	r := tensor.NewRNG(14)
	x := tensor.Must(tensor.Zeros[int32](n, steps))
	y := tensor.Must(tensor.Zeros[float32](n, 1))
	for i := range n {
		for j := range steps {
			x.Data()[i*steps+j] = int32(2 + r.IntN(8))
		}
		if i%2 == 0 {
			x.Data()[i*steps+r.IntN(steps)] = 1
			y.Data()[i] = 1
		}
	}
	layers.SetRandomSeed(3)
	in := layers.InputWith("tokens", graph.Int32, steps)
	h := layers.NewEmbedding(10, 8).Apply(in)
	h = layers.NewConv1D(8, 3, layers.WithActivation("relu"), layers.WithPadding("causal")).Apply(h)
	h = layers.NewMaxPooling1D(2).Apply(h)
	h = layers.NewGRU(8).Apply(h)
	out := layers.NewDense(1, layers.WithActivation("sigmoid")).Apply(h)
	m, err := NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{out})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile("adam", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	hist, err := m.Fit(ctx, x, y, Epochs(40), BatchSize(32), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if acc := hist.History["accuracy"]; acc[len(acc)-1] < 0.9 {
		t.Errorf("accuracy after 40 epochs %v, want ≥ 0.9 (first epoch %v)", acc[len(acc)-1], acc[0])
	}
}
