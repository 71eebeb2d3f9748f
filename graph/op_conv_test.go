package graph

import (
	"math"
	"slices"
	"testing"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

func TestGradConv2D(t *testing.T) {
	type cc struct {
		name     string
		x, k     []int
		strides  [2]int
		dilation [2]int
		pad      Padding
	}
	cases := []cc{
		{"valid", []int{2, 5, 4, 3}, []int{3, 2, 3, 2}, [2]int{}, [2]int{}, Valid},
		{"same", []int{2, 5, 4, 3}, []int{3, 3, 3, 2}, [2]int{}, [2]int{}, Same},
		{"strided same", []int{1, 6, 5, 2}, []int{3, 2, 2, 3}, [2]int{2, 2}, [2]int{}, Same},
		{"strided valid", []int{2, 7, 5, 1}, []int{2, 2, 1, 2}, [2]int{2, 3}, [2]int{}, Valid},
		{"dilated", []int{1, 6, 6, 2}, []int{2, 2, 2, 2}, [2]int{}, [2]int{2, 2}, Valid},
		{"1x1", []int{2, 3, 3, 4}, []int{1, 1, 4, 3}, [2]int{}, [2]int{}, Valid},
	}
	for i, c := range cases {
		gc := gradCase{
			name:      "Conv2D " + c.name,
			build:     two(func(x, k *Node) *Node { return Conv2D(x, k, c.strides, c.dilation, c.pad) }),
			inputs:    ts(rnd(uint64(i), -1, 1, c.x...), rnd(uint64(i+10), -1, 1, c.k...)),
			firstOnly: true,
		}
		t.Run(gc.name, func(t *testing.T) { checkGrad(t, gc) })
	}
	// Second order: the adjoints differentiate too.
	gc := gradCase{
		name: "Conv2D²",
		build: two(func(x, k *Node) *Node {
			y := Conv2D(x, k, [2]int{}, [2]int{}, Same)
			g := Grad(Sum(Mul(y, y), nil, false), x, k)
			return Add(Sum(Square(g[0]), nil, false), Sum(Square(g[1]), nil, false))
		}),
		inputs:    ts(rnd(30, -1, 1, 1, 4, 4, 2), rnd(31, -1, 1, 3, 3, 2, 2)),
		firstOnly: true,
	}
	checkGrad(t, gc)
}

// TestConv2DValues compares with a direct loop.
func TestConv2DValues(t *testing.T) {
	x := rnd(1, -1, 1, 2, 6, 5, 3)
	k := rnd(2, -1, 1, 3, 3, 3, 4)
	g := New()
	xn, kn := g.Input("x", Float64, x.Shape()...), g.Input("k", Float64, k.Shape()...)
	f := mustFunction(t, []*Node{xn, kn}, []*Node{Conv2D(xn, kn, [2]int{2, 1}, [2]int{}, Same)}, nil)
	y := mustCall(t, f, x, k)[0].(*tensor.Tensor[float64])
	// Same with strides (2, 1): out 3×5; padding 0 on top (1 below), 1 left.
	if s := y.Shape(); s[1] != 3 || s[2] != 5 || s[3] != 4 {
		t.Fatalf("shape %v", s)
	}
	for n := range 2 {
		for oy := range 3 {
			for ox := range 5 {
				for f := range 4 {
					want := 0.0
					for ky := range 3 {
						for kx := range 3 {
							iy, ix := oy*2+ky, ox-1+kx
							if iy < 0 || iy >= 6 || ix < 0 || ix >= 5 {
								continue
							}
							for c := range 3 {
								want += x.At(n, iy, ix, c) * k.At(ky, kx, c, f)
							}
						}
					}
					if got := y.At(n, oy, ox, f); math.Abs(got-want) > 1e-12 {
						t.Fatalf("y[%d,%d,%d,%d] = %g, want %g", n, oy, ox, f, got, want)
					}
				}
			}
		}
	}
}

func TestGradPool(t *testing.T) {
	type pc struct {
		name    string
		avg     bool
		pool    [2]int
		strides [2]int
		pad     Padding
	}
	cases := []pc{
		{"max 2x2", false, [2]int{2, 2}, [2]int{}, Valid},
		{"max 3x2 same", false, [2]int{3, 2}, [2]int{2, 2}, Same},
		{"max overlapping", false, [2]int{3, 3}, [2]int{1, 1}, Valid},
		{"avg 2x2", true, [2]int{2, 2}, [2]int{}, Valid},
		{"avg 3x3 same", true, [2]int{3, 3}, [2]int{2, 2}, Same},
	}
	for i, c := range cases {
		f := MaxPool2D
		if c.avg {
			f = AvgPool2D
		}
		gc := gradCase{
			name:   "Pool " + c.name,
			build:  one(func(x *Node) *Node { return f(x, c.pool, c.strides, c.pad) }),
			inputs: ts(rnd(uint64(40+i), -1, 1, 2, 5, 6, 3)),
		}
		t.Run(gc.name, func(t *testing.T) { checkGrad(t, gc) })
		g2 := gradCase{
			name: "Pool² " + c.name,
			build: one(func(x *Node) *Node {
				y := f(x, c.pool, c.strides, c.pad)
				return Grad(Sum(Mul(y, y), nil, false), x)[0]
			}),
			inputs: ts(rnd(uint64(50+i), -1, 1, 1, 5, 6, 2)),
		}
		t.Run(g2.name, func(t *testing.T) { checkGrad(t, g2) })
	}
}

func TestPoolValues(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, 1, 3, 3, 1)
	f := mustFunction(t, []*Node{x}, []*Node{
		MaxPool2D(x, [2]int{2, 2}, [2]int{}, Same),
		AvgPool2D(x, [2]int{2, 2}, [2]int{}, Same),
	}, nil)
	in := tensor.Must(tensor.New([]int{1, 3, 3, 1}, []float32{1, 2, 3, 4, 5, 6, 7, 8, 9}))
	out := mustCall(t, f, in)
	// Same padding of 3 with a 2×2 window: windows {0,1}, {2}, padding after.
	wantMax := []float32{5, 6, 8, 9}
	wantAvg := []float32{3, 4.5, 7.5, 9}
	for i := range 4 {
		if data32(out[0])[i] != wantMax[i] || data32(out[1])[i] != wantAvg[i] {
			t.Fatalf("max %v avg %v, want %v and %v", data32(out[0]), data32(out[1]), wantMax, wantAvg)
		}
	}
}

// Pooling passes large enough to be shared over the worker pool give the
// bits of one thread, forward and backward.
func TestPoolThreads(t *testing.T) {
	r := tensor.NewRNG(40)
	xv := tensor.Must(tensor.RandNormal[float32](r, 0, 1, 8, 32, 32, 32))
	var ref [][]float32
	for _, threads := range []int{1, 2, 3} {
		prev := kernels.SetThreads(threads)
		g := New()
		x := g.Input("x", Float32, 8, 32, 32, 32)
		var outs []*Node
		for _, avg := range []bool{false, true} {
			pool := MaxPool2D
			if avg {
				pool = AvgPool2D
			}
			y := pool(x, [2]int{2, 2}, [2]int{}, Valid)
			loss := Sum(Square(y), nil, false)
			outs = append(outs, y, Grad(loss, x)[0])
		}
		f := mustFunction(t, []*Node{x}, outs, nil)
		res, err := f.Call(xv)
		kernels.SetThreads(prev)
		if err != nil {
			t.Fatal(err)
		}
		var got [][]float32
		for _, o := range res {
			got = append(got, o.(*tensor.Tensor[float32]).Data())
		}
		if ref == nil {
			ref = got
			continue
		}
		for i := range got {
			if !slices.Equal(got[i], ref[i]) {
				t.Fatalf("threads %d: output %d differs from one thread's", threads, i)
			}
		}
	}
}
