package layers

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestConv1D(t *testing.T) {
	x := ramp(1, 5, 1) // steps 0..4
	sum := func(l *Conv1D) func(t *testing.T) {
		return func(t *testing.T) {
			if err := l.Kernel().Assign(tensor.Must(tensor.Ones[float32](2, 1, 1))); err != nil {
				t.Fatal(err)
			}
		}
	}
	valid := NewConv1D(1, 2)
	runLayer(t, layerCase{layer: valid, inputs: one(x), want: one(tf32([]int{1, 4, 1}, 1, 3, 5, 7)), setup: sum(valid)})
	// Causal: step t sums steps t−1 and t, with a zero before the first.
	causal := NewConv1D(1, 2, WithPadding("causal"))
	runLayer(t, layerCase{layer: causal, inputs: one(x), want: one(tf32([]int{1, 5, 1}, 0, 1, 3, 5, 7)), setup: sum(causal)})
	strided := NewConv1D(1, 2, WithStrides(2), WithPadding("same"))
	runLayer(t, layerCase{layer: strided, inputs: one(x), want: one(tf32([]int{1, 3, 1}, 1, 5, 4)), setup: sum(strided)})
	back, js := roundTrip(t, NewConv1D(3, 4, WithPadding("causal"), WithDilationRate(2)))
	for _, want := range []string{`"kernel_size": [4]`, `"padding": "causal"`, `"dilation_rate": [2]`, `"strides": [1]`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s: %s", want, js)
		}
	}
	if b := back.(*Conv1D); !b.Causal || b.KernelSize[1] != 4 || b.DilationRate[1] != 2 {
		t.Errorf("round trip gave %+v", b)
	}
	wantShapeError(t, "rank", NewConv1D(2, 3), Shape{-1, 4, 4, 1})
	wantLayerError(t, "causal", NewConv1D(2, 3, WithPadding("full")).Err(), "Conv1D")
}

func TestPooling1D(t *testing.T) {
	x := ramp(1, 5, 2)
	runLayer(t, layerCase{layer: NewMaxPooling1D(2), inputs: one(x), want: one(tf32([]int{1, 2, 2}, 2, 3, 6, 7))})
	runLayer(t, layerCase{layer: NewAveragePooling1D(2, WithPadding("same")), inputs: one(x), want: one(tf32([]int{1, 3, 2}, 1, 2, 5, 6, 8, 9))})
	back, js := roundTrip(t, NewMaxPooling1D(3, WithStrides(1)))
	if !strings.Contains(js, `"pool_size": [3]`) || !strings.Contains(js, `"strides": [1]`) {
		t.Errorf("config %s", js)
	}
	if b := back.(*Pooling1D); b.PoolSize[1] != 3 || b.Strides[1] != 1 {
		t.Errorf("round trip gave %+v", b)
	}
}

// Embedding gathers rows for integer or float indices; an index out of
// range fails when the model runs.
func TestEmbedding(t *testing.T) {
	l := NewEmbedding(4, 2)
	rows := tf32([]int{4, 2}, 0, 1, 10, 11, 20, 21, 30, 31)
	set := func(t *testing.T) {
		if err := l.Embeddings().Assign(rows); err != nil {
			t.Fatal(err)
		}
	}
	runLayer(t, layerCase{layer: l, inputs: one(tf32([]int{2, 2}, 3, 0, 1, 1)), want: one(tf32([]int{2, 2, 2}, 30, 31, 0, 1, 10, 11, 10, 11)), setup: set})
	out, err := l.ComputeOutputShape([]Shape{{-1, 7}})
	if err != nil || !slices.Equal(out[0], Shape{-1, 7, 2}) {
		t.Errorf("output shape %v, %v", out, err)
	}
	if l.OutputDType() != graph.Float32 {
		t.Errorf("output dtype %v", l.OutputDType())
	}
	wantLayerError(t, "mask_zero", NewEmbedding(4, 2, Kwarg("mask_zero", true)).Err(), "Embedding")
	wantLayerError(t, "dims", NewEmbedding(0, 2).Err(), "Embedding")
	back, js := roundTrip(t, NewEmbedding(100, 8))
	if !strings.Contains(js, `"input_dim": 100`) || !strings.Contains(js, `"output_dim": 8`) || !strings.Contains(js, `"mask_zero": false`) {
		t.Errorf("config %s", js)
	}
	if b := back.(*Embedding); b.InputDim != 100 || b.OutputDim != 8 {
		t.Errorf("round trip gave %+v", b)
	}
}
