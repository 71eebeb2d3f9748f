package layers

import (
	"testing"
)

func TestLeakyReLU(t *testing.T) {
	x := tf32([]int{1, 5}, -10, -5, 0, 5, 10)
	l := NewLeakyReLU()
	if l.NegativeSlope != 0.3 || l.Name() == "" || l.ClassName() != "LeakyReLU" {
		t.Errorf("defaults: slope %v, name %q, class %q", l.NegativeSlope, l.Name(), l.ClassName())
	}
	// 0.3·x below zero, x above.
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(tf32([]int{1, 5}, -3, -1.5, 0, 5, 10))})
	runLayer(t, layerCase{layer: l, inputs: one(x), training: true, want: one(tf32([]int{1, 5}, -3, -1.5, 0, 5, 10))})
	// Keras's docstring example, negative_slope 0.5.
	runLayer(t, layerCase{
		layer:  NewLeakyReLU(WithNegativeSlope(0.5)),
		inputs: one(tf32([]int{1, 5}, -10, -5, 0, 5, 10)),
		want:   one(tf32([]int{1, 5}, -5, -2.5, 0, 5, 10)),
	})
	gradCheck(t, l, tf32([]int{2, 3}, -2, -0.5, -0.1, 0.1, 0.7, 3))
	wantLayerError(t, "negative slope", NewLeakyReLU(WithNegativeSlope(-1)).Err(), "LeakyReLU")
	wantLayerError(t, "max_value", NewLeakyReLU(WithMaxValue(1)).Err(), "LeakyReLU")
}
