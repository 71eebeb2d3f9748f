package losses

import (
	"math"
	"testing"
)

func TestHinges(t *testing.T) {
	p := f32([]int{2, 2}, 0.6, -0.4, 2, 0.5)
	// 0/1 labels become −1/1.
	y01 := f32([]int{2, 2}, 1, 0, 0, 1)
	ypm := f32([]int{2, 2}, 1, -1, -1, 1)
	h := []float64{(0.4 + 0.6) / 2, (3 + 0.5) / 2}
	near(t, "hinge 0/1", eval(t, Hinge{}, y01, p), h)
	near(t, "hinge ±1", eval(t, Hinge{}, ypm, p), h)
	sh := []float64{(0.16 + 0.36) / 2, (9 + 0.25) / 2}
	near(t, "squared hinge", eval(t, SquaredHinge{}, y01, p), sh)
	// Labels not all 0/1 are used as they are: 2 and 0 stay.
	near(t, "hinge other", eval(t, Hinge{}, f32([]int{1, 2}, 2, 0), f32([]int{1, 2}, 0.25, 3)), []float64{(0.5 + 1) / 2})
}

func TestCategoricalHinge(t *testing.T) {
	y := f32([]int{2, 3}, 0, 1, 0, 1, 0, 0)
	p := f32([]int{2, 3}, 0.2, 0.5, 0.3, 0.9, 0.05, 0.05)
	// pos 0.5, neg 0.3 → 0.8; pos 0.9, neg 0.05 → 0.15.
	near(t, "categorical hinge", eval(t, CategoricalHinge{}, y, p), []float64{0.8, 0.15})
	got := eval(t, CategoricalHinge{}, f32([]int{1, 2}, 1, 0), f32([]int{1, 2}, 3, 0))
	if math.Abs(got[0]) > 1e-7 {
		t.Errorf("confident: %v", got)
	}
}
