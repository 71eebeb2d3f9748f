package graph

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// rnnStep is a simple recurrent cell with a per-step output:
// h' = tanh(x·W + h·U), out = h'·2 + x·W.
func rnnStep(w, u *Node) func(xs, cs []*Node) ([]*Node, []*Node) {
	return func(xs, cs []*Node) ([]*Node, []*Node) {
		xw := MatMul(xs[0], w)
		h := Tanh(Add(xw, MatMul(cs[0], u)))
		return []*Node{h}, []*Node{Add(Mul(h, ScalarLike(h, 2)), xw)}
	}
}

func TestScanMatchesUnrolled(t *testing.T) {
	g := New()
	x := g.Input("x", Float64, 5, -1, 3) // time-major (T, batch, features)
	h0 := g.Input("h0", Float64, -1, 4)
	w := g.Shared("w", rnd(1, -1, 1, 3, 4))
	u := g.Shared("u", rnd(2, -1, 1, 4, 4))
	cs, outs := Scan(rnnStep(w, u), []*Node{x}, []*Node{h0})
	// The same recurrence unrolled.
	h := h0
	var hs, ys []*Node
	for i := range 5 {
		next, o := rnnStep(w, u)([]*Node{Squeeze(Slice(x, 0, i, i+1), 0)}, []*Node{h})
		h = next[0]
		hs = append(hs, h)
		ys = append(ys, o[0])
	}
	if err := g.Err(); err != nil {
		t.Fatal(err)
	}
	f := mustFunction(t, []*Node{x, h0}, []*Node{cs[0], outs[0], Stack(hs, 0), Stack(ys, 0)}, nil)
	for _, batch := range []int{2, 3, 2} {
		res := mustCall(t, f, rnd(3, -1, 1, 5, batch, 3), rnd(4, -1, 1, batch, 4))
		for k := range 2 {
			a, b := res[k].(*tensor.Tensor[float64]), res[k+2].(*tensor.Tensor[float64])
			if !equalInts(a.Shape(), b.Shape()) {
				t.Fatalf("scan %v, unrolled %v", a.Shape(), b.Shape())
			}
			for i, v := range a.Data() {
				if !near(v, b.Data()[i]) {
					t.Fatalf("output %d [%d]: scan %v, unrolled %v", k, i, v, b.Data()[i])
				}
			}
		}
	}
}

func TestGradScan(t *testing.T) {
	c := gradCase{
		name: "Scan",
		build: func(in []*Node) *Node {
			x, h0, w, u := in[0], in[1], in[2], in[3]
			cs, outs := Scan(rnnStep(w, u), []*Node{x}, []*Node{h0})
			last := Squeeze(Slice(cs[0], 0, -1, math.MaxInt), 0)
			return Add(Sum(Square(last), nil, false), Sum(Mul(outs[0], outs[0]), nil, false))
		},
		inputs: ts(rnd(1, -1, 1, 4, 2, 3), rnd(2, -1, 1, 2, 4), rnd(3, -1, 1, 3, 4), rnd(4, -1, 1, 4, 4)),
		static: true,
	}
	checkGrad(t, c)
	// Two carries and two sequences, one of them integer (not
	// differentiated), as an LSTM-like cell with a mask.
	lstm := gradCase{
		name: "Scan, two carries",
		build: func(in []*Node) *Node {
			x, w, u := in[0], in[1], in[2]
			mask := x.Graph().Const(tensor.Must(tensor.New([]int{3}, []int32{1, 0, 1})))
			z := Mul(Slice(MatMul(Squeeze(Slice(x, 0, 0, 1), 0), w), 1, 0, 2), ScalarLike(x, 0))
			step := func(xs, cs []*Node) ([]*Node, []*Node) {
				gates := Split(Add(MatMul(xs[0], w), MatMul(cs[0], u)), 2, -1)
				c := Add(Mul(Sigmoid(gates[0]), cs[1]), Tanh(gates[1]))
				keep := Cast(xs[1], c.DType())
				h := Add(Mul(keep, Mul(Sigmoid(gates[0]), Tanh(c))), Mul(Sub(ScalarLike(keep, 1), keep), cs[0]))
				return []*Node{h, c}, nil
			}
			cs, _ := Scan(step, []*Node{x, mask}, []*Node{z, z})
			return Add(Sum(cs[0], nil, false), Sum(Square(cs[1]), nil, false))
		},
		inputs: ts(rnd(5, -1, 1, 3, 2, 3), rnd(6, -1, 1, 3, 4), rnd(7, -1, 1, 2, 4)),
		static: true,
	}
	checkGrad(t, lstm)
}

func TestScanErrors(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, 4, 3)
	h := g.Input("h", Float32, 3)
	cases := []func() []*Node{
		func() []*Node { c, _ := Scan(nil, nil, []*Node{h}); return c },
		func() []*Node { // wrong number of carries
			c, _ := Scan(func(xs, cs []*Node) ([]*Node, []*Node) { return nil, []*Node{xs[0]} }, []*Node{x}, []*Node{h})
			return c
		},
		func() []*Node { // carry changes shape
			c, _ := Scan(func(xs, cs []*Node) ([]*Node, []*Node) {
				return []*Node{Sum(cs[0], nil, true)}, nil
			}, []*Node{x}, []*Node{h})
			return c
		},
	}
	for i, c := range cases {
		g.errMu.Lock()
		g.err = nil
		g.errMu.Unlock()
		out := c()
		if g.Err() == nil {
			t.Errorf("case %d: no error", i)
		}
		for _, n := range out {
			if n.Valid() {
				t.Errorf("case %d: valid result", i)
			}
		}
	}
}

// TestScanConstant folds a scan whose inputs are all constants.
func TestScanConstant(t *testing.T) {
	g := New()
	seq := g.Const(tensor.Must(tensor.New([]int{3, 1}, []float32{1, 2, 3})))
	init := g.Const(tensor.Must(tensor.New([]int{1}, []float32{10})))
	cs, _ := Scan(func(xs, c []*Node) ([]*Node, []*Node) {
		return []*Node{Mul(c[0], xs[0])}, nil
	}, []*Node{seq}, []*Node{init})
	f := mustFunction(t, nil, []*Node{cs[0]}, nil)
	if got := data32(mustCall(t, f)[0]); got[0] != 10 || got[1] != 20 || got[2] != 60 {
		t.Errorf("running product %v, want [10 20 60]", got)
	}
	if !strings.Contains(f.DebugString(), "Const") {
		t.Errorf("the scan was not folded:\n%s", f.DebugString())
	}
}
