package layers

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// dotRef is Keras's batch_dot computed directly in float64: the sum over
// axis a of x and axis b of y, for each sample, in batch_dot's output
// order.
func dotRef(x, y *tensor.Tensor[float32], a, b int) *tensor.Tensor[float32] {
	xs, ys := x.Shape(), y.Shape()
	restX := append(append([]int(nil), xs[1:a]...), xs[a+1:]...)
	restY := append(append([]int(nil), ys[1:b]...), ys[b+1:]...)
	shape := append(append([]int{xs[0]}, restX...), restY...)
	if len(shape) == 1 {
		shape = append(shape, 1)
	}
	out := tensor.Must(tensor.Zeros[float32](shape...))
	strides := func(s []int) []int {
		st := make([]int, len(s))
		acc := 1
		for i := len(s) - 1; i >= 0; i-- {
			st[i] = acc
			acc *= s[i]
		}
		return st
	}
	sx, sy := strides(xs), strides(ys)
	nx, ny := prod(restX), prod(restY)
	// index of element i of rest (without the batch and the reduced axis)
	offset := func(rest []int, i int, full, st []int, skip int) int {
		off := 0
		dims := make([]int, len(rest))
		for k := len(rest) - 1; k >= 0; k-- {
			dims[k] = i % rest[k]
			i /= rest[k]
		}
		k := 0
		for ax := 1; ax < len(full); ax++ {
			if ax == skip {
				continue
			}
			off += dims[k] * st[ax]
			k++
		}
		return off
	}
	xd, yd, od := x.Data(), y.Data(), out.Data()
	for s := 0; s < xs[0]; s++ {
		for i := 0; i < nx; i++ {
			for j := 0; j < ny; j++ {
				sum := 0.0
				for k := 0; k < xs[a]; k++ {
					xi := s*sx[0] + offset(restX, i, xs, sx, a) + k*sx[a]
					yi := s*sy[0] + offset(restY, j, ys, sy, b) + k*sy[b]
					sum += float64(xd[xi]) * float64(yd[yi])
				}
				od[(s*nx+i)*ny+j] = float32(sum)
			}
		}
	}
	return out
}

// Dot on inputs of any ranks, equal or not, gives Keras's batch_dot.
func TestDotRanks(t *testing.T) {
	r := tensor.NewRNG(3)
	for _, c := range []struct {
		x, y []int
		axes []int
		out  []int
	}{
		{[]int{2, 3, 4, 5}, []int{2, 5, 6}, []int{3, 1}, []int{2, 3, 4, 6}},
		{[]int{2, 3, 4, 5}, []int{2, 4, 2, 3}, []int{-2, 1}, []int{2, 3, 5, 2, 3}},
		{[]int{3, 4}, []int{3, 4, 2}, []int{1, 1}, []int{3, 2}},
		{[]int{3, 4, 2}, []int{3, 4}, []int{1, 1}, []int{3, 2}},
		{[]int{2, 5, 3}, []int{2, 3}, []int{2, -1}, []int{2, 5}},
		{[]int{2, 2, 3, 2}, []int{2, 2, 3, 2}, []int{2}, []int{2, 2, 2, 2, 2}},
	} {
		t.Run(fmt.Sprint(c.x, c.y, c.axes), func(t *testing.T) {
			x := tensor.Must(tensor.RandUniform[float32](r, -1, 1, c.x...))
			y := tensor.Must(tensor.RandUniform[float32](r, -1, 1, c.y...))
			l := NewDot(c.axes)
			a, b := l.axes(len(c.x), len(c.y))
			want := dotRef(x, y, a, b)
			if !slices.Equal(want.Shape(), c.out) {
				t.Fatalf("reference shape %v, want %v", want.Shape(), c.out)
			}
			shapes, err := l.ComputeOutputShape([]Shape{append(Shape{-1}, c.x[1:]...), append(Shape{-1}, c.y[1:]...)})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal([]int(shapes[0]), append([]int{-1}, c.out[1:]...)) {
				t.Fatalf("output shape %v, want %v", shapes[0], c.out)
			}
			runLayer(t, layerCase{layer: l, inputs: []*tensor.Tensor[float32]{x, y}, want: []*tensor.Tensor[float32]{want}, tol: 1e-5})
		})
	}
	for name, in := range map[string][]Shape{
		"unknown size past rank 3": {{-1, -1, 4, 5}, {-1, 5, 6}},
		"mismatched sizes":         {{-1, 3, 4, 5}, {-1, 4, 6}},
		"batch sizes":              {{2, 5}, {3, 5}},
		"rank 1":                   {{5}, {5}},
	} {
		if _, err := BuildLayer(NewDot([]int{-1, 1}), in); !errors.Is(err, ErrShape) {
			t.Errorf("%s: %v, want a shape error", name, err)
		}
	}
}
