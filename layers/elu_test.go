package layers

import (
	"math"
	"testing"
)

func TestELU(t *testing.T) {
	x := tf32([]int{2, 3}, -3, -1, -0.1, 0, 0.5, 40)
	eluRef := func(alpha float64) func(float64) float64 {
		return func(v float64) float64 {
			if v > 0 {
				return v
			}
			return alpha * (math.Exp(v) - 1)
		}
	}
	l := NewELU()
	if l.Alpha != 1 {
		t.Errorf("default alpha %v, want 1", l.Alpha)
	}
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(refTensor(x, eluRef(1)))})
	runLayer(t, layerCase{layer: NewELU(WithAlpha(0.5)), inputs: one(x), training: true, want: one(refTensor(x, eluRef(0.5)))})
	gradCheck(t, NewELU(WithAlpha(2)), tf32([]int{1, 5}, -2, -0.5, -0.1, 0.2, 3))
	wantLayerError(t, "unknown keyword", NewELU(WithNegativeSlope(1)).Err(), "ELU")
}
