package layers

import (
	"errors"
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestElementwiseMerges(t *testing.T) {
	a := tf32([]int{2, 2}, 1, 5, -3, 4)
	b := tf32([]int{2, 2}, 2, 2, 2, 2)
	c := tf32([]int{2, 1}, 10, 20) // broadcasts along the features
	for _, tc := range []struct {
		layer Layer
		in    []*tensor.Tensor[float32]
		want  *tensor.Tensor[float32]
	}{
		{NewAdd(), []*tensor.Tensor[float32]{a, b, c}, tf32([]int{2, 2}, 13, 17, 19, 26)},
		{NewSubtract(), []*tensor.Tensor[float32]{a, b}, tf32([]int{2, 2}, -1, 3, -5, 2)},
		{NewMultiply(), []*tensor.Tensor[float32]{a, b}, tf32([]int{2, 2}, 2, 10, -6, 8)},
		{NewAverage(), []*tensor.Tensor[float32]{a, b}, tf32([]int{2, 2}, 1.5, 3.5, -0.5, 3)},
		{NewMaximum(), []*tensor.Tensor[float32]{a, b}, tf32([]int{2, 2}, 2, 5, 2, 4)},
		{NewMinimum(), []*tensor.Tensor[float32]{a, b}, tf32([]int{2, 2}, 1, 2, -3, 2)},
	} {
		t.Run(tc.layer.LayerBase().ClassName(), func(t *testing.T) {
			runLayer(t, layerCase{layer: tc.layer, inputs: tc.in, want: []*tensor.Tensor[float32]{tc.want}})
		})
	}
	if _, err := BuildLayer(NewSubtract(), []Shape{{-1, 2}, {-1, 2}, {-1, 2}}); err == nil {
		t.Error("Subtract of three inputs accepted")
	}
	if _, err := BuildLayer(NewAdd(), []Shape{{-1, 2}, {-1, 3}}); !errors.Is(err, ErrShape) {
		t.Errorf("Add of (None, 2) and (None, 3): %v", err)
	}
}

func TestConcatenate(t *testing.T) {
	runLayer(t, layerCase{
		layer:  NewConcatenate(),
		inputs: []*tensor.Tensor[float32]{tf32([]int{2, 1}, 1, 2), tf32([]int{2, 2}, 3, 4, 5, 6)},
		want:   []*tensor.Tensor[float32]{tf32([]int{2, 3}, 1, 3, 4, 2, 5, 6)},
	})
	runLayer(t, layerCase{
		layer:  NewConcatenate(WithAxis(1)),
		inputs: []*tensor.Tensor[float32]{tf32([]int{1, 1, 2}, 1, 2), tf32([]int{1, 1, 2}, 3, 4)},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 2, 2}, 1, 2, 3, 4)},
	})
	if _, err := BuildLayer(NewConcatenate(), []Shape{{-1, 2, 3}, {-1, 3, 3}}); !errors.Is(err, ErrShape) {
		t.Errorf("mismatched off-axis sizes: %v", err)
	}
}

func TestDot(t *testing.T) {
	runLayer(t, layerCase{
		layer:  NewDot([]int{1}),
		inputs: []*tensor.Tensor[float32]{tf32([]int{2, 2}, 1, 2, 3, 4), tf32([]int{2, 2}, 5, 6, 7, 8)},
		want:   []*tensor.Tensor[float32]{tf32([]int{2, 1}, 17, 53)},
	})
	x := tf32([]int{1, 2, 2}, 1, 2, 3, 4) // rows (1,2) and (3,4)
	y := tf32([]int{1, 3, 2}, 1, 0, 0, 1, 1, 1)
	runLayer(t, layerCase{
		layer:  NewDot([]int{2, 2}),
		inputs: []*tensor.Tensor[float32]{x, y},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 2, 3}, 1, 2, 3, 3, 4, 7)},
	})
	// Axes (1, 1): xᵀ·y over the middle axis: x (1, 2, 2), y (1, 2, 3) → (1, 2, 3).
	runLayer(t, layerCase{
		layer:  NewDot([]int{1, 1}),
		inputs: []*tensor.Tensor[float32]{x, tf32([]int{1, 2, 3}, 1, 0, 1, 0, 1, 1)},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 2, 3}, 1, 3, 4, 2, 4, 6)},
	})
	c := 1 / math.Sqrt2
	runLayer(t, layerCase{
		layer:  NewDot([]int{1}, WithNormalize(true)),
		inputs: []*tensor.Tensor[float32]{tf32([]int{1, 2}, 3, 0), tf32([]int{1, 2}, 1, 1)},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 1}, float32(c))},
	})
	if _, err := BuildLayer(NewDot([]int{1}), []Shape{{-1, 2}, {-1, 3}}); !errors.Is(err, ErrShape) {
		t.Errorf("mismatched dot sizes: %v", err)
	}
}
