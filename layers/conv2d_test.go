package layers

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// ramp is 0, 1, 2, … in the given shape.
func ramp(shape ...int) *tensor.Tensor[float32] {
	t := tensor.Must(tensor.Zeros[float32](shape...))
	for i := range t.Data() {
		t.Data()[i] = float32(i)
	}
	return t
}

func TestConv2DKnownAnswers(t *testing.T) {
	x := ramp(1, 4, 4, 1) // rows 0..3, 4..7, 8..11, 12..15
	ones := tensor.Must(tensor.Ones[float32](2, 2, 1, 1))
	// 2×2 sums of the ramp, plus the bias 0.5: 10.5 14.5 18.5 / 26.5 … .
	valid := tf32([]int{1, 3, 3, 1}, 10.5, 14.5, 18.5, 26.5, 30.5, 34.5, 42.5, 46.5, 50.5)
	// Stride 2 with "same" padding: the 2×2 blocks (no padding needed).
	same := tf32([]int{1, 2, 2, 1}, 10.5, 18.5, 42.5, 50.5)
	for _, c := range []struct {
		l    *Conv2D
		want *tensor.Tensor[float32]
	}{
		{NewConv2D(1, []int{2}), valid},
		{NewConv2D(1, []int{2, 2}, WithStrides(2), WithPadding("same")), same},
		{NewConv2D(1, []int{2}, WithActivation("relu")), valid},
	} {
		l := c.l
		runLayer(t, layerCase{layer: l, inputs: one(x), want: one(c.want), tol: 1e-6, setup: func(t *testing.T) {
			if err := l.Kernel().Assign(ones); err != nil {
				t.Fatal(err)
			}
			if err := l.Bias().Assign(tf32([]int{1}, 0.5)); err != nil {
				t.Fatal(err)
			}
		}})
	}
	for _, c := range []struct {
		l    *Conv2D
		in   Shape
		want Shape
	}{
		{NewConv2D(8, []int{3}), Shape{-1, 28, 28, 1}, Shape{-1, 26, 26, 8}},
		{NewConv2D(8, []int{3}, WithPadding("same"), WithStrides(2)), Shape{-1, 28, 27, 3}, Shape{-1, 14, 14, 8}},
		{NewConv2D(4, []int{3}, WithDilationRate(2)), Shape{-1, 10, -1, 2}, Shape{-1, 6, -1, 4}},
	} {
		out, err := c.l.ComputeOutputShape([]Shape{c.in})
		if err != nil || !slices.Equal(out[0], c.want) {
			t.Errorf("input %v: output %v, %v; want %v", c.in, out, err, c.want)
		}
	}
}

func TestConv2DErrorsAndConfig(t *testing.T) {
	wantLayerError(t, "groups", NewConv2D(2, []int{3}, WithGroups(2)).Err(), "Conv2D")
	wantLayerError(t, "channels_first", NewConv2D(2, []int{3}, WithDataFormat("channels_first")).Err(), "Conv2D")
	wantLayerError(t, "kernel size", NewConv2D(2, []int{0}).Err(), "Conv2D")
	wantLayerError(t, "padding", NewConv2D(2, []int{3}, WithPadding("causal")).Err(), "Conv2D")
	wantShapeError(t, "rank", NewConv2D(2, []int{3}), Shape{-1, 5, 5})
	wantShapeError(t, "too small", NewConv2D(2, []int{3}), Shape{-1, 2, 5, 1})
	back, js := roundTrip(t, NewConv2D(6, []int{3, 5}, WithStrides(1, 2), WithPadding("same"), WithActivation("relu")))
	for _, want := range []string{`"filters": 6`, `"kernel_size": [3, 5]`, `"strides": [1, 2]`, `"padding": "same"`, `"data_format": "channels_last"`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s: %s", want, js)
		}
	}
	if b := back.(*Conv2D); b.Filters != 6 || b.KernelSize != [2]int{3, 5} || b.Strides != [2]int{1, 2} || b.ActivationName != "relu" {
		t.Errorf("round trip gave %+v", b)
	}
}

func TestPooling2D(t *testing.T) {
	x := ramp(1, 4, 4, 1)
	runLayer(t, layerCase{layer: NewMaxPooling2D(nil), inputs: one(x), want: one(tf32([]int{1, 2, 2, 1}, 5, 7, 13, 15))})
	runLayer(t, layerCase{layer: NewAveragePooling2D([]int{2}), inputs: one(x), want: one(tf32([]int{1, 2, 2, 1}, 2.5, 4.5, 10.5, 12.5))})
	// 3×3 windows moved by 1 with "same" padding: the corner sees 0, 1, 4, 5.
	out := runLayer(t, layerCase{layer: NewAveragePooling2D([]int{3}, WithStrides(1), WithPadding("same")), inputs: one(x)})
	if got := out[0].Data()[0]; got != 2.5 || !slices.Equal(out[0].Shape(), []int{1, 4, 4, 1}) {
		t.Errorf("same-padded average: corner %v, shape %v", got, out[0].Shape())
	}
	wantLayerError(t, "channels_first", NewMaxPooling2D(nil, WithDataFormat("channels_first")).Err(), "MaxPooling2D")
	back, js := roundTrip(t, NewMaxPooling2D([]int{3}, WithStrides(2), WithPadding("same")))
	if !strings.Contains(js, `"pool_size": [3, 3]`) || !strings.Contains(js, `"strides": [2, 2]`) {
		t.Errorf("config %s", js)
	}
	if b := back.(*Pooling2D); b.PoolSize != [2]int{3, 3} || b.Strides != [2]int{2, 2} || b.Padding.String() != "same" || b.Average {
		t.Errorf("round trip gave %+v", b)
	}
}
