package layers

import (
	"slices"
	"testing"
)

func TestPermute(t *testing.T) {
	// (1, 2, 3) with dims (2, 1): y[0, j, i] = x[0, i, j].
	runLayer(t, layerCase{
		layer:  NewPermute([]int{2, 1}),
		inputs: one(tf32([]int{1, 2, 3}, 1, 2, 3, 4, 5, 6)),
		want:   one(tf32([]int{1, 3, 2}, 1, 4, 2, 5, 3, 6)),
	})
	// (1, 2, 1, 3) with dims (3, 1, 2): y[0, k, i, j] = x[0, i, j, k].
	x := tf32([]int{1, 2, 1, 3}, 1, 2, 3, 4, 5, 6)
	l := NewPermute([]int{3, 1, 2})
	out := runLayer(t, layerCase{layer: l, inputs: one(x), training: true})[0]
	if !slices.Equal(out.Shape(), []int{1, 3, 2, 1}) {
		t.Fatalf("shape %v", out.Shape())
	}
	for i := range 2 {
		for k := range 3 {
			if got, want := out.At(0, k, i, 0), x.At(0, i, 0, k); got != want {
				t.Errorf("y[0, %d, %d, 0] = %v, want x[0, %d, 0, %d] = %v", k, i, got, i, k, want)
			}
		}
	}
	// Unknown sizes move with their axes.
	shapes, err := BuildLayer(NewPermute([]int{2, 1}), []Shape{{-1, -1, 4}})
	if err != nil || !slices.Equal(shapes[0], Shape{-1, 4, -1}) {
		t.Errorf("output shape %v, error %v", shapes, err)
	}
	gradCheck(t, NewPermute([]int{2, 1}), tf32([]int{1, 2, 3}, 1, 2, 3, 4, 5, 6))
}

func TestPermuteErrors(t *testing.T) {
	for name, dims := range map[string][]int{
		"gap":        {1, 3},
		"batch axis": {0, 1},
		"repeated":   {1, 1},
		"empty":      {},
	} {
		wantLayerError(t, name, NewPermute(dims).Err(), "Permute")
	}
	wantShapeError(t, "wrong rank", NewPermute([]int{2, 1}), Shape{-1, 3})
}
