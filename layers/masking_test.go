package layers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestMaskingZeroesPaddedTimesteps(t *testing.T) {
	// (batch 2, 3 timesteps, 2 features): the all-zero timesteps are
	// padding; one zero feature alone is not.
	x := tf32([]int{2, 3, 2},
		1, 2, 0, 0, 0, 3,
		0, 0, -1, 0, 4, 5)
	l := NewMasking()
	if l.MaskValue != 0 {
		t.Errorf("default mask_value %v", l.MaskValue)
	}
	// Padded timesteps are already zero; the output equals the input.
	for _, training := range []bool{false, true} {
		runLayer(t, layerCase{layer: l, inputs: one(x), training: training, want: one(x)})
	}
	// mask_value 1.5: the timesteps (1.5, 1.5) become zeros.
	y := tf32([]int{1, 4, 2}, 1.5, 1.5, 1.5, 2, 7, 1.5, 1.5, 1.5)
	runLayer(t, layerCase{
		layer:  NewMasking(WithMaskValue(1.5)),
		inputs: one(y),
		want:   one(tf32([]int{1, 4, 2}, 0, 0, 1.5, 2, 7, 1.5, 0, 0)),
	})
	// A padded timestep of infinities is zeroed too, without NaNs.
	inf := float32(math.Inf(1))
	runLayer(t, layerCase{
		layer:  NewMasking(WithMaskValue(math.Inf(1))),
		inputs: one(tf32([]int{1, 2, 2}, inf, inf, inf, 3)),
		want:   one(tf32([]int{1, 2, 2}, 0, 0, inf, 3)),
	})
}

func TestMaskingComputeMask(t *testing.T) {
	x := tf32([]int{2, 3, 2},
		1, 2, 0, 0, 0, 3,
		0, 0, -1, 0, 4, 5)
	l := NewMasking()
	g := graph.New()
	in := g.Input("x", graph.Float32, -1, 3, 2)
	if _, err := BuildLayer(l, []Shape{{-1, 3, 2}}); err != nil {
		t.Fatal(err)
	}
	mask := l.ComputeMask(in)
	fn, err := graph.Function([]*graph.Node{in}, []*graph.Node{mask}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fn.Call(x)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res[0].(*tensor.Tensor[float32]), tf32([]int{2, 3}, 1, 0, 1, 0, 1, 1); !tensor.Equal(got, want) {
		t.Errorf("mask %v, want %v", got, want)
	}
}

func TestMaskingGradientAndErrors(t *testing.T) {
	// The gradient passes for kept timesteps and is 0 for padded ones.
	x := tf32([]int{1, 3, 2}, 1, 2, 0, 0, 0, 3)
	_, grad := withGrad(t, NewMasking(), x, nil, true)
	if want := tf32([]int{1, 3, 2}, 1, 1, 0, 0, 1, 1); !tensor.Equal(grad, want) {
		t.Errorf("gradient %v, want %v", grad, want)
	}
	wantShapeError(t, "rank 1", NewMasking(), Shape{-1})
	wantLayerError(t, "unknown keyword", NewMasking(WithAxis(1)).Err(), "Masking")
}
