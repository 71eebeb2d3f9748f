package graph

import (
	"fmt"
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// evalRef evaluates nodes one op at a time into fresh buffers, with no
// rewriting, fusion, buffer sharing or in-place writes: the reference the
// compiled functions are compared with.
func evalRef(t *testing.T, outs []*Node, inputs map[*Node]*buf) []*buf {
	t.Helper()
	vals := map[*Node]*buf{}
	for _, n := range topoSort(outs) {
		switch {
		case inputs[n] != nil:
			vals[n] = inputs[n]
		case n.val != nil:
			vals[n] = n.val
		default:
			in := make([]*buf, len(n.in))
			shapes := make([][]int, len(n.in))
			for i, x := range n.in {
				in[i] = vals[x]
				shapes[i] = in[i].shape
			}
			s, err := n.op.shape(n, nil, shapes)
			if err != nil {
				t.Fatalf("%v: %v", n, err)
			}
			out := newBuf(n.dt, s)
			if _, ok := n.op.(viewOp); ok {
				off := 0
				if ov, ok := n.op.(offsetView); ok {
					off = ov.offset(shapes)
				}
				var src buf
				src.dt = n.dt
				src.sliceRange(in[0], off, numel(s))
				out.copyFrom(&src)
			} else {
				x := &ectx{g: n.g}
				if so, ok := n.op.(stateOp); ok {
					x.st = so.newState()
				}
				if so, ok := n.op.(scratchOp); ok {
					x.sizeScratch(n.dt, so.scratch(s, shapes))
				}
				if err := n.op.eval(out, in, x); err != nil {
					t.Fatalf("%v: %v", n, err)
				}
			}
			vals[n] = out
		}
	}
	res := make([]*buf, len(outs))
	for i, o := range outs {
		res[i] = vals[o]
	}
	return res
}

// TestFusedMatchesReference builds random element-wise graphs over inputs
// of broadcasting shapes — some larger than a chunk, so that broadcast
// gathers cross chunk boundaries — and compares the compiled function,
// with its fusion and in-place writes, against evalRef.
func TestFusedMatchesReference(t *testing.T) {
	shapeSets := [][][]int{
		{{3, 700}, {700}, {3, 1}, {}},
		{{5, 300, 2}, {300, 1}, {5, 1, 2}, {2}},
		{{2048}, {1}, {2048}, {}},
		{{4, 3}, {4, 1}, {1, 3}, {3}},
		{{1100, 3}, {1100, 1}, {3}, {1, 1}},
	}
	unary := []func(*Node) *Node{Neg, Abs, Square, Tanh, Sigmoid, Relu, Softplus,
		func(x *Node) *Node { return Exp(Clip(x, -3, 3)) },
		func(x *Node) *Node { return Sqrt(Add(Abs(x), ScalarLike(x, 1))) },
	}
	binary := []func(a, b *Node) *Node{Add, Sub, Mul, Maximum, Minimum,
		func(a, b *Node) *Node { return Div(a, Add(Abs(b), ScalarLike(b, 1))) },
		func(a, b *Node) *Node { return Where(Greater(a, b), a, Neg(b)) },
	}
	r := tensor.NewRNG(11)
	for trial := range 60 {
		set := shapeSets[trial%len(shapeSets)]
		g := New()
		var nodes []*Node
		inputs := map[*Node]*buf{}
		var args []any
		var ins []*Node
		for i, s := range set {
			x := g.Input(fmt.Sprintf("x%d", i), Float64, s...)
			v := tensor.Must(tensor.RandUniform[float64](r, -2, 2, s...))
			inputs[x] = bufFrom(v)
			args = append(args, v)
			ins = append(ins, x)
			nodes = append(nodes, x)
		}
		for range 8 {
			a := nodes[r.IntN(len(nodes))]
			if r.IntN(3) == 0 {
				nodes = append(nodes, unary[r.IntN(len(unary))](a))
			} else {
				b := nodes[r.IntN(len(nodes))]
				nodes = append(nodes, binary[r.IntN(len(binary))](a, b))
			}
		}
		outs := []*Node{nodes[len(nodes)-1], nodes[len(nodes)-3]}
		if err := g.Err(); err != nil {
			t.Fatal(err)
		}
		want := evalRef(t, outs, inputs)
		f := mustFunction(t, ins, outs, nil)
		for call := range 2 { // the second call runs on warm buffers
			got := mustCall(t, f, args...)
			for k := range outs {
				gv := got[k].(*tensor.Tensor[float64])
				if !equalInts(gv.Shape(), want[k].shape) {
					t.Fatalf("trial %d: shape %v, want %v", trial, gv.Shape(), want[k].shape)
				}
				for j, v := range gv.Data() {
					if w := want[k].f64[j]; math.Abs(v-w) > 1e-12*(1+math.Abs(w)) {
						t.Fatalf("trial %d call %d output %d [%d]: %v, want %v\n%s", trial, call, k, j, v, w, f.DebugString())
					}
				}
			}
		}
	}
}
