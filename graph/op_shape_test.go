package graph

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestGradShapeOps(t *testing.T) {
	cases := []gradCase{
		{name: "Reshape", build: one(func(x *Node) *Node { return Reshape(x, -1, 6) }), inputs: ts(rnd(1, -1, 1, 4, 3, 2))},
		{name: "Flatten", build: one(Flatten), inputs: ts(rnd(2, -1, 1, 4, 3, 2))},
		{name: "ExpandDims", build: one(func(x *Node) *Node { return ExpandDims(x, 1) }), inputs: ts(rnd(3, -1, 1, 4, 3))},
		{name: "Squeeze", build: one(func(x *Node) *Node { return Squeeze(x) }), inputs: ts(rnd(4, -1, 1, 4, 1, 3))},
		{name: "Transpose", build: one(func(x *Node) *Node { return Transpose(x, 2, 0, 1) }), inputs: ts(rnd(5, -1, 1, 4, 3, 2))},
		{name: "Transpose2d", build: one(func(x *Node) *Node { return Transpose(x) }), inputs: ts(rnd(6, -1, 1, 4, 3))},
		{name: "Concat0", build: two(func(a, b *Node) *Node { return Concat([]*Node{a, b, a}, 0) }), inputs: ts(rnd(7, -1, 1, 2, 3), rnd(8, -1, 1, 4, 3))},
		{name: "Concat1", build: two(func(a, b *Node) *Node { return Concat([]*Node{a, b}, -1) }), inputs: ts(rnd(9, -1, 1, 2, 3), rnd(10, -1, 1, 2, 1))},
		{name: "Slice", build: one(func(x *Node) *Node { return Slice(x, 1, 1, -1) }), inputs: ts(rnd(11, -1, 1, 3, 5))},
		{name: "SliceOpen", build: one(func(x *Node) *Node { return Slice(x, 0, -2, math.MaxInt) }), inputs: ts(rnd(12, -1, 1, 4, 2))},
		{name: "overlapping slices", build: one(func(x *Node) *Node {
			return Add(Mul(Slice(x, 1, 0, 2), Slice(x, 1, 1, 3)), Slice(x, 1, -2, math.MaxInt))
		}), inputs: ts(rnd(15, -1, 1, 2, 4))},
		{name: "slice gradients, differentiated", build: one(func(x *Node) *Node {
			y := Add(Mul(Slice(x, 1, 0, 2), Slice(x, 1, 1, 3)), Square(Slice(x, 1, 2, 4)))
			return Grad(Sum(Mul(y, y), nil, false), x)[0]
		}), inputs: ts(rnd(16, -1, 1, 2, 4))},
		{name: "Pad", build: one(func(x *Node) *Node { return Pad(x, [][2]int{{1, 0}, {2, 3}}) }), inputs: ts(rnd(17, -1, 1, 3, 2))},
		{name: "BroadcastTo", build: one(func(x *Node) *Node { return BroadcastTo(ExpandDims(x, 1), -1, 4, -1) }), inputs: ts(rnd(18, -1, 1, 3, 2))},
		{name: "Stack", build: two(func(a, b *Node) *Node { return Stack([]*Node{a, b, a}, 1) }), inputs: ts(rnd(19, -1, 1, 3, 2), rnd(20, -1, 1, 3, 2))},
		{name: "Split", build: one(func(x *Node) *Node {
			p := Split(x, 3, 1)
			return Add(Mul(p[0], p[1]), p[2])
		}), inputs: ts(rnd(13, -1, 1, 2, 6))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
	}
}

func TestGradGather(t *testing.T) {
	idx := tensor.Must(tensor.New([]int{2, 2}, []int32{3, 0, 3, 1}))
	for _, axis := range []int{0, 1} {
		c := gradCase{
			name: "Gather",
			build: one(func(x *Node) *Node {
				return Gather(x, x.Graph().Const(idx), axis)
			}),
			inputs: ts(rnd(1, -1, 1, 4, 4)),
		}
		checkGrad(t, c)
	}
}

func TestStopGradient(t *testing.T) {
	g := New()
	x := g.Input("x", Float64, 3)
	gx := Grad(Sum(Mul(x, StopGradient(x)), nil, false), x)[0]
	f := mustFunction(t, []*Node{x}, []*Node{gx}, nil)
	xv := tensor.Must(tensor.New([]int{3}, []float64{1, -2, 3}))
	got := mustCall(t, f, xv)[0].(*tensor.Tensor[float64]).Data()
	for i, v := range xv.Data() {
		if got[i] != v {
			t.Errorf("d/dx Σ x·stop(x) = %v, want %v (the stopped factor only)", got, xv.Data())
			break
		}
	}
}

func TestCastGrad(t *testing.T) {
	g := New()
	x := g.Input("x", Float64, 2)
	y := Cast(x, Float32)
	gx := Grad(Sum(Mul(y, y.Graph().Scalar(3, Float32)), nil, false), x)[0]
	if gx.DType() != Float64 {
		t.Fatalf("gradient dtype %v, want float64", gx.DType())
	}
	f := mustFunction(t, []*Node{x}, []*Node{gx}, nil)
	got := mustCall(t, f, tensor.Must(tensor.New([]int{2}, []float64{1, 2})))[0].(*tensor.Tensor[float64]).Data()
	if got[0] != 3 || got[1] != 3 {
		t.Errorf("gradient through Cast = %v, want [3 3]", got)
	}
	// Integer casts carry no gradient.
	gi := Grad(Sum(Cast(Cast(x, Int32), Float64), nil, false), x)[0]
	fi := mustFunction(t, []*Node{x}, []*Node{gi}, nil)
	if v := mustCall(t, fi, tensor.Must(tensor.New([]int{2}, []float64{1, 2})))[0].(*tensor.Tensor[float64]).Data(); v[0] != 0 || v[1] != 0 {
		t.Errorf("gradient through an int cast = %v, want zeros", v)
	}
}

func TestPadValues(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, -1, 2)
	f := mustFunction(t, []*Node{x}, []*Node{Pad(x, [][2]int{{0, 1}, {1, 1}})}, nil)
	got := data32(mustCall(t, f, tensor.Must(tensor.New([]int{1, 2}, []float32{5, 6})))[0])
	want := []float32{0, 5, 6, 0, 0, 0, 0, 0}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Pad = %v, want %v", got, want)
		}
	}
}

func TestSliceUnknownAxis(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, -1, 2)
	head, last := Slice(x, 0, 0, 2), Slice(x, 0, -1, math.MaxInt)
	if head.Dim(0) != 2 || last.Dim(0) != 1 {
		t.Fatalf("static sizes %v and %v, want 2 and 1", head.Shape(), last.Shape())
	}
	f := mustFunction(t, []*Node{x}, []*Node{head, last}, nil)
	out := mustCall(t, f, tensor.Must(tensor.New([]int{3, 2}, []float32{1, 2, 3, 4, 5, 6})))
	if got := data32(out[1]); got[0] != 5 || got[1] != 6 {
		t.Errorf("last row %v", got)
	}
	if _, err := f.Call(tensor.Must(tensor.New([]int{1, 2}, []float32{1, 2}))); err == nil {
		t.Error("slicing 2 rows of 1 gave no error")
	}
}
