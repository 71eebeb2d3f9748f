package layers

import (
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestRepeatVector(t *testing.T) {
	l := NewRepeatVector(3)
	x := tf32([]int{2, 2}, 1, 2, 3, 4)
	runLayer(t, layerCase{
		layer:  l,
		inputs: one(x),
		want:   one(tf32([]int{2, 3, 2}, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4)),
	})
	// Each input feeds 3 outputs: the gradient of the sum is 3.
	_, grad := withGrad(t, l, x, nil, true)
	if !tensor.Equal(grad, tf32([]int{2, 2}, 3, 3, 3, 3)) {
		t.Errorf("gradient %v, want 3s", grad)
	}
	gradCheck(t, NewRepeatVector(2), tf32([]int{1, 3}, 0.5, -1, 2))
	wantLayerError(t, "n = 0", NewRepeatVector(0).Err(), "RepeatVector")
	wantShapeError(t, "rank 3", NewRepeatVector(2), Shape{-1, 2, 3})
	wantShapeError(t, "rank 1", NewRepeatVector(2), Shape{-1})
}
