package graph

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// eval1 compiles and runs a one-output function of float64 inputs.
func eval1(t *testing.T, build func(xs []*Node) *Node, in ...*tensor.Tensor[float64]) *tensor.Tensor[float64] {
	t.Helper()
	g := New()
	xs := make([]*Node, len(in))
	args := make([]any, len(in))
	for i, v := range in {
		xs[i] = g.Input("x", Float64, v.Shape()...)
		args[i] = v
	}
	y := build(xs)
	f := mustFunction(t, xs, []*Node{y}, nil)
	return mustCall(t, f, args...)[0].(*tensor.Tensor[float64])
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*(1+math.Abs(b)) }

// TestReduceValues compares reductions over every axis subset of a rank-3
// tensor with direct loops.
func TestReduceValues(t *testing.T) {
	x := rnd(1, 0.5, 1.5, 2, 3, 4)
	kinds := []struct {
		name string
		f    func(*Node, []int, bool) *Node
		init float64
		acc  func(a, v float64) float64
	}{
		{"Sum", Sum, 0, func(a, v float64) float64 { return a + v }},
		{"Prod", Prod, 1, func(a, v float64) float64 { return a * v }},
		{"Max", Max, math.Inf(-1), math.Max},
		{"Min", Min, math.Inf(1), math.Min},
	}
	for _, k := range kinds {
		for mask := range 8 {
			var axes []int
			for a := range 3 {
				if mask&(1<<a) != 0 {
					axes = append(axes, a)
				}
			}
			if len(axes) == 0 {
				continue
			}
			y := eval1(t, func(xs []*Node) *Node { return k.f(xs[0], axes, true) }, x)
			for i := range 2 {
				for j := range 3 {
					for l := range 4 {
						idx := []int{i, j, l}
						out := []int{i, j, l}
						for _, a := range axes {
							out[a] = 0
						}
						if idx[0] != out[0] || idx[1] != out[1] || idx[2] != out[2] {
							continue
						}
						want := k.init
						for a := range 2 {
							for b := range 3 {
								for c := range 4 {
									p := []int{a, b, c}
									ok := true
									for d := range 3 {
										if mask&(1<<d) == 0 && p[d] != idx[d] {
											ok = false
										}
									}
									if ok {
										want = k.acc(want, x.At(a, b, c))
									}
								}
							}
						}
						if got := y.At(out...); !near(got, want) {
							t.Errorf("%s over %v at %v: %g, want %g", k.name, axes, out, got, want)
						}
					}
				}
			}
		}
	}
	m := eval1(t, func(xs []*Node) *Node { return Mean(xs[0], []int{0, 2}, false) }, x)
	s := eval1(t, func(xs []*Node) *Node { return Sum(xs[0], []int{0, 2}, false) }, x)
	for j := range 3 {
		if !near(m.At(j), s.At(j)/8) {
			t.Errorf("Mean %v, Sum/8 %v", m, s)
		}
	}
}

func TestSoftmaxValues(t *testing.T) {
	x := rnd(2, -3, 3, 3, 4)
	for _, axis := range []int{0, 1} {
		for _, log := range []bool{false, true} {
			y := eval1(t, func(xs []*Node) *Node {
				if log {
					return LogSoftmax(xs[0], axis)
				}
				return Softmax(xs[0], axis)
			}, x)
			for i := range 3 {
				for j := range 4 {
					s := 0.0
					for k := range x.Dim(axis) {
						if axis == 0 {
							s += math.Exp(x.At(k, j))
						} else {
							s += math.Exp(x.At(i, k))
						}
					}
					want := math.Exp(x.At(i, j)) / s
					if log {
						want = math.Log(want)
					}
					if got := y.At(i, j); math.Abs(got-want) > 1e-12 {
						t.Errorf("softmax(axis %d, log %v)[%d,%d] = %g, want %g", axis, log, i, j, got, want)
					}
				}
			}
		}
	}
}

func TestMatMulTransposeValues(t *testing.T) {
	a := rnd(3, -1, 1, 2, 3, 4)
	b := rnd(4, -1, 1, 4, 5)
	y := eval1(t, func(xs []*Node) *Node { return MatMul(xs[0], xs[1]) }, a, b)
	for n := range 2 {
		for i := range 3 {
			for j := range 5 {
				want := 0.0
				for k := range 4 {
					want += a.At(n, i, k) * b.At(k, j)
				}
				if got := y.At(n, i, j); !near(got, want) {
					t.Fatalf("matmul[%d,%d,%d] = %g, want %g", n, i, j, got, want)
				}
			}
		}
	}
	tr := eval1(t, func(xs []*Node) *Node { return Transpose(xs[0], 2, 0, 1) }, a)
	for n := range 2 {
		for i := range 3 {
			for k := range 4 {
				if tr.At(k, n, i) != a.At(n, i, k) {
					t.Fatalf("transpose mismatch at %d %d %d", n, i, k)
				}
			}
		}
	}
}

func TestIndexingValues(t *testing.T) {
	x := tensor.Must(tensor.New([]int{3, 2}, []float64{1, 2, 3, 4, 5, 6}))
	cat := eval1(t, func(xs []*Node) *Node { return Concat([]*Node{xs[0], Neg(xs[0])}, 1) }, x)
	wantCat := []float64{1, 2, -1, -2, 3, 4, -3, -4, 5, 6, -5, -6}
	sl := eval1(t, func(xs []*Node) *Node { return Slice(xs[0], 0, -2, math.MaxInt) }, x)
	wantSl := []float64{3, 4, 5, 6}
	g := New()
	idx := g.Input("i", Int32, 2)
	labels := g.Input("l", Int64, 3)
	xv := g.Input("x", Float64, 3, 2)
	f := mustFunction(t, []*Node{xv, idx, labels}, []*Node{
		Gather(xv, idx, 0),
		OneHot(labels, 3, Float32),
		ArgMax(xv, 0), ArgMin(xv, 1),
		Cast(Mul(xv, ScalarLike(xv, 1e9)), Int32),
		Where(labels, g.Const(tensor.Must(tensor.New([]int{3}, []float64{1, 2, 3}))), ScalarLike(xv, -1)),
	}, nil)
	out := mustCall(t, f, x, tensor.Must(tensor.New([]int{2}, []int32{2, 0})), tensor.Must(tensor.New([]int{3}, []int64{1, 0, 5})))
	check := func(name string, got, want any) {
		t.Helper()
		gs, ws := toF64(got), toF64(want)
		if len(gs) != len(ws) {
			t.Errorf("%s = %v, want %v", name, gs, ws)
			return
		}
		for i := range gs {
			if gs[i] != ws[i] {
				t.Errorf("%s = %v, want %v", name, gs, ws)
				return
			}
		}
	}
	check("Concat", cat.Data(), wantCat)
	check("Slice", sl.Data(), wantSl)
	check("Gather", out[0].(*tensor.Tensor[float64]).Data(), []float64{5, 6, 1, 2})
	check("OneHot", out[1].(*tensor.Tensor[float32]).Data(), []float32{0, 1, 0, 1, 0, 0, 0, 0, 0})
	check("ArgMax", out[2].(*tensor.Tensor[int32]).Data(), []int32{2, 2})
	check("ArgMin", out[3].(*tensor.Tensor[int32]).Data(), []int32{0, 0, 0})
	// 1e9·x saturates above x = 2.147…: Keras-style saturating casts.
	check("Cast", out[4].(*tensor.Tensor[int32]).Data(), []int32{1e9, 2e9, math.MaxInt32, math.MaxInt32, math.MaxInt32, math.MaxInt32})
	check("Where", out[5].(*tensor.Tensor[float64]).Data(), []float64{1, -1, 3})
}

func toF64(v any) []float64 {
	var r []float64
	switch s := v.(type) {
	case []float64:
		r = s
	case []float32:
		for _, x := range s {
			r = append(r, float64(x))
		}
	case []int32:
		for _, x := range s {
			r = append(r, float64(x))
		}
	}
	return r
}

func TestArgMaxNaN(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, 2, 3)
	f := mustFunction(t, []*Node{x}, []*Node{ArgMax(x, 1)}, nil)
	nan := float32(math.NaN())
	got := mustCall(t, f, tensor.Must(tensor.New([]int{2, 3}, []float32{1, 3, 3, 0, nan, 9})))[0].(*tensor.Tensor[int32]).Data()
	if got[0] != 1 || got[1] != 1 {
		t.Errorf("ArgMax = %v, want [1 1]: first maximum wins, NaN counts as largest", got)
	}
}
