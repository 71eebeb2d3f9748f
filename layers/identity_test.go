package layers

import (
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestIdentity(t *testing.T) {
	x := tf32([]int{2, 1, 3}, 1, -2, 3, 4, 5, -6)
	l := NewIdentity()
	for _, training := range []bool{false, true} {
		runLayer(t, layerCase{layer: l, inputs: one(x), training: training, want: one(x)})
	}
	if l.CountParams() != 0 || len(l.Weights()) != 0 || l.ClassName() != "Identity" {
		t.Errorf("params %d, weights %v, class %q", l.CountParams(), l.Weights(), l.ClassName())
	}
	_, grad := withGrad(t, l, x, nil, true)
	if !tensor.Equal(grad, tensor.Must(tensor.Ones[float32](2, 1, 3))) {
		t.Errorf("gradient %v, want ones", grad)
	}
	_, err := BuildLayer(NewIdentity(), []Shape{{-1, 2}, {-1, 2}})
	wantLayerError(t, "two inputs", err, "Identity")
	wantLayerError(t, "unknown keyword", NewIdentity(WithAxis(1)).Err(), "Identity")
}
