package models

import (
	"bytes"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// A small CNN, with and without batch normalization, learns whether an
// image's bright spot is in its top or bottom half; Fit moves the moving
// statistics; a .keras round trip keeps the predictions bit for bit.
func TestConvModel(t *testing.T) {
	t.Run("plain", func(t *testing.T) { convModel(t, false) })
	t.Run("batchnorm", func(t *testing.T) { convModel(t, true) })
}

func convModel(t *testing.T, bn bool) {
	const n, size = 200, 8
	r := tensor.NewRNG(13)
	x := tensor.Must(tensor.RandUniform[float32](r, 0, 0.2, n, size, size, 1))
	y := tensor.Must(tensor.Zeros[float32](n, 1))
	for i := range n {
		row, col := r.IntN(size), r.IntN(size)
		x.Data()[(i*size+row)*size+col] = 1
		if row < size/2 {
			y.Data()[i] = 1
		}
	}
	layers.SetRandomSeed(5)
	m := NewSequential(layers.NewConv2D(4, []int{3}, layers.WithActivation("relu"), layers.WithPadding("same"), layers.WithInputShape(size, size, 1)))
	var norm *layers.BatchNormalization
	if bn {
		norm = layers.NewBatchNormalization()
		if err := m.Add(norm); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []layers.Layer{layers.NewMaxPooling2D([]int{2}), layers.NewFlatten(), layers.NewDense(1, layers.WithActivation("sigmoid"))} {
		if err := m.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Compile("adam", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(ctx, x, y, Epochs(40), BatchSize(20), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if acc := h.History["accuracy"]; acc[len(acc)-1] < 0.9 {
		t.Errorf("accuracy after 40 epochs %v, want ≥ 0.9 (first epoch %v)", acc[len(acc)-1], acc[0])
	}
	if bn {
		if mm := norm.MovingMean().Value().(*tensor.Tensor[float32]).Data(); mm[0] == 0 && mm[1] == 0 {
			t.Errorf("the moving mean did not move: %v", mm)
		}
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
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
