package layers

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// DepthwiseConv2D convolves each channel with its own filters, output
// channel c·multiplier + m being channel c's m-th filter.
func TestDepthwiseConv2D(t *testing.T) {
	x := ramp(1, 3, 3, 2) // channel 0: 0, 2, …, 16; channel 1: 1, 3, …, 17
	l := NewDepthwiseConv2D([]int{3}, 2)
	// Channel 0's filters: all ones, all twos; channel 1's: ones, zeros.
	k := tensor.Must(tensor.Zeros[float32](3, 3, 2, 2))
	for i := range 9 {
		k.Data()[i*4+0], k.Data()[i*4+1], k.Data()[i*4+2], k.Data()[i*4+3] = 1, 2, 1, 0
	}
	runLayer(t, layerCase{layer: l, inputs: one(x), want: one(tf32([]int{1, 1, 1, 4}, 72, 144, 81, 0)), setup: func(t *testing.T) {
		if err := l.Kernel().Assign(k); err != nil {
			t.Fatal(err)
		}
	}})
	out, err := NewDepthwiseConv2D([]int{3}, 3, WithPadding("same")).ComputeOutputShape([]Shape{{-1, 8, 8, 4}})
	if err != nil || !slices.Equal(out[0], Shape{-1, 8, 8, 12}) {
		t.Errorf("output shape %v, %v", out, err)
	}
	back, js := roundTrip(t, NewDepthwiseConv2D([]int{3, 1}, 2, WithUseBias(false)))
	for _, want := range []string{`"depth_multiplier": 2`, `"depthwise_initializer"`, `"kernel_size": [3, 1]`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s: %s", want, js)
		}
	}
	if strings.Contains(js, `"filters"`) || strings.Contains(js, `"kernel_initializer"`) {
		t.Errorf("config has Conv2D's names: %s", js)
	}
	if b := back.(*DepthwiseConv2D); b.DepthMultiplier != 2 || b.KernelSize != [2]int{3, 1} || b.UseBias {
		t.Errorf("round trip gave %+v", b)
	}
}
