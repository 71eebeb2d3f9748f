package graph

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// rewriteCase shows a graph before and after the rewrites of Function.
type rewriteCase struct {
	name   string
	build  func(g *Graph) *Node
	rule   string // the rule expected to fire
	before string
	after  string
}

func TestRewrites(t *testing.T) {
	x3 := func(g *Graph) *Node { return g.Input("x", Float32, 3) }
	cases := []rewriteCase{
		{
			name:  "log(sigmoid(x))",
			build: func(g *Graph) *Node { return Log(Sigmoid(x3(g))) },
			rule:  "stable_log_sigmoid",
			before: `Log [id A] float32 (3,)
└─ Sigmoid [id B] float32 (3,)
   └─ Input "x" [id C] float32 (3,)
`,
			after: `Neg [id A] float32 (3,)
└─ Softplus [id B] float32 (3,)
   └─ Neg [id C] float32 (3,)
      └─ Input "x" [id D] float32 (3,)
`,
		},
		{
			name:  "log(clip(sigmoid(x)))",
			build: func(g *Graph) *Node { return Log(Clip(Sigmoid(x3(g)), 0.25, 0.5)) },
			rule:  "stable_log_sigmoid",
			after: `Clip{-1.3862943611198906, -0.6931471805599453} [id A] float32 (3,)
└─ Neg [id B] float32 (3,)
   └─ Softplus [id C] float32 (3,)
      └─ Neg [id D] float32 (3,)
         └─ Input "x" [id E] float32 (3,)
`,
		},
		{
			name: "log(1-sigmoid(x))",
			build: func(g *Graph) *Node {
				x := x3(g)
				return Log(Sub(ScalarLike(x, 1), Sigmoid(x)))
			},
			rule: "stable_log1m_sigmoid",
			before: `Log [id A] float32 (3,)
└─ Sub [id B] float32 (3,)
   ├─ Const{1} [id C] float32 ()
   └─ Sigmoid [id D] float32 (3,)
      └─ Input "x" [id E] float32 (3,)
`,
			after: `Neg [id A] float32 (3,)
└─ Softplus [id B] float32 (3,)
   └─ Input "x" [id C] float32 (3,)
`,
		},
		{
			name:  "log1p(-sigmoid(x))",
			build: func(g *Graph) *Node { return Log1p(Neg(Sigmoid(x3(g)))) },
			rule:  "stable_log1m_sigmoid",
			after: `Neg [id A] float32 (3,)
└─ Softplus [id B] float32 (3,)
   └─ Input "x" [id C] float32 (3,)
`,
		},
		{
			name:  "log(softmax(x))",
			build: func(g *Graph) *Node { return Log(Softmax(g.Input("x", Float32, 2, 3), -1)) },
			rule:  "stable_log_softmax",
			before: `Log [id A] float32 (2, 3)
└─ Softmax{axis=1} [id B] float32 (2, 3)
   └─ Input "x" [id C] float32 (2, 3)
`,
			after: `LogSoftmax{axis=1} [id A] float32 (2, 3)
└─ Input "x" [id B] float32 (2, 3)
`,
		},
		{
			name: "softmax renormalised, clipped, logged",
			build: func(g *Graph) *Node {
				s := Softmax(g.Input("x", Float32, 2, 3), 1)
				return Log(Clip(Div(s, Sum(s, []int{1}, true)), 0.5, 1))
			},
			rule: "softmax_renormalise",
			after: `Clip{-0.6931471805599453, 0} [id A] float32 (2, 3)
└─ LogSoftmax{axis=1} [id B] float32 (2, 3)
   └─ Input "x" [id C] float32 (2, 3)
`,
		},
		{
			name:  "log1p(exp(x))",
			build: func(g *Graph) *Node { return Log1p(Exp(x3(g))) },
			rule:  "stable_softplus",
			after: `Softplus [id A] float32 (3,)
└─ Input "x" [id B] float32 (3,)
`,
		},
		{
			name: "x·1 + 0",
			build: func(g *Graph) *Node {
				x := x3(g)
				return Add(Mul(x, ScalarLike(x, 1)), ScalarLike(x, 0))
			},
			rule: "identity_arith",
			after: `Input "x" [id A] float32 (3,)
`,
		},
		{
			name:  "−(−x)",
			build: func(g *Graph) *Node { return Exp(Neg(Neg(x3(g)))) },
			rule:  "double_neg",
			after: `Exp [id A] float32 (3,)
└─ Input "x" [id B] float32 (3,)
`,
		},
		{
			name: "broadcast to own shape",
			build: func(g *Graph) *Node {
				x := x3(g)
				return Exp(BroadcastLike(x, Neg(x)))
			},
			rule: "broadcast_noop",
			after: `Exp [id A] float32 (3,)
└─ Input "x" [id B] float32 (3,)
`,
		},
		{
			name:  "reshape of reshape",
			build: func(g *Graph) *Node { return Reshape(Reshape(g.Input("x", Float32, -1, 6), -1, 2, 3), -1, 3, 2) },
			rule:  "reshape_chain",
			after: `Reshape{[-1 3 2]} [id A] float32 (None, 3, 2)
└─ Input "x" [id B] float32 (None, 6)
`,
		},
		{
			name: "constant folding",
			build: func(g *Graph) *Node {
				x := x3(g)
				two := g.Scalar(2, Float32)
				return Mul(x, Add(Exp(Sub(two, two)), two))
			},
			after: `Mul [id A] float32 (3,)
├─ Input "x" [id B] float32 (3,)
└─ Const{3} [id C] float32 ()
`,
		},
		{
			name: "merging identical sub-expressions",
			build: func(g *Graph) *Node {
				x := x3(g)
				return Add(Exp(x), Exp(x))
			},
			before: `Add [id A] float32 (3,)
├─ Exp [id B] float32 (3,)
│  └─ Input "x" [id C] float32 (3,)
└─ Exp [id D] float32 (3,)
   └─ Input "x" [id C] float32 (3,)
`,
			after: `Add [id A] float32 (3,)
├─ Exp [id B] float32 (3,)
│  └─ Input "x" [id C] float32 (3,)
└─ Exp [id B] float32 (3,) ···
`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := New()
			y := c.build(g)
			if err := g.Err(); err != nil {
				t.Fatal(err)
			}
			if c.before != "" {
				if got := DebugString(y); got != c.before {
					t.Errorf("before:\n%s\nwant:\n%s", got, c.before)
				}
			}
			rw := newRewriter(g, nil, allRules)
			r := rw.node(y)
			if got := DebugString(r); got != c.after {
				t.Errorf("after:\n%s\nwant:\n%s", got, c.after)
			}
			if c.rule != "" && !strings.Contains(strings.Join(rw.fired, " "), c.rule) {
				t.Errorf("rules fired %v, want %s among them", rw.fired, c.rule)
			}
		})
	}
}

// TestRewritesPreserveValues evaluates graphs with and without the
// rewrites (compiling the raw graph directly) on random inputs.
func TestRewritesPreserveValues(t *testing.T) {
	builds := []func(x, y *Node) *Node{
		func(x, y *Node) *Node { return Log(Sigmoid(x)) },
		func(x, y *Node) *Node { return Log(Sub(ScalarLike(x, 1), Sigmoid(x))) },
		func(x, y *Node) *Node { return Log(Clip(Sigmoid(x), 1e-3, 1-1e-3)) },
		func(x, y *Node) *Node { return Log(Sub(ScalarLike(x, 1), Clip(Sigmoid(x), 1e-3, 1-1e-3))) },
		func(x, y *Node) *Node { return Log(Softmax(x, -1)) },
		func(x, y *Node) *Node { s := Softmax(x, 0); return Div(s, Sum(s, []int{0}, true)) },
		func(x, y *Node) *Node { return Log1p(Exp(y)) },
		func(x, y *Node) *Node { return Add(Mul(Neg(Neg(x)), ScalarLike(x, 1)), Sub(y, ScalarLike(y, 0))) },
		func(x, y *Node) *Node { return BinaryCrossentropy(Sigmoid(y), Sigmoid(x), false) },
		func(x, y *Node) *Node { return CategoricalCrossentropy(Softmax(y, -1), Softmax(x, -1), false, -1) },
		func(x, y *Node) *Node { return Mul(Exp(x), Exp(x)) },
	}
	xv := rnd(1, -5, 5, 4, 3)
	yv := rnd(2, -5, 5, 4, 3)
	for i, b := range builds {
		g := New()
		x, y := g.Input("x", Float64, 4, 3), g.Input("y", Float64, 4, 3)
		out := b(x, y)
		raw, err := compile(g, []*Node{x, y}, []*Node{out}, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := mustCall(t, &Func{p: raw}, xv, yv)[0].(*tensor.Tensor[float64]).Data()
		got := mustCall(t, mustFunction(t, []*Node{x, y}, []*Node{out}, nil), xv, yv)[0].(*tensor.Tensor[float64]).Data()
		for j := range want {
			if math.Abs(got[j]-want[j]) > 1e-9*(1+math.Abs(want[j])) {
				t.Errorf("case %d: rewritten %v, raw %v", i, got, want)
				break
			}
		}
	}
}

// TestStableForms feeds logits of ±100 in float32 to the cross-entropies
// written the way Keras writes them, on probabilities: the rewrites must
// give finite losses and gradients.
func TestStableForms(t *testing.T) {
	logits := []float32{-100, 100, -100, 100}
	labels := []float32{1, 0, 0, 1}
	type lossCase struct {
		name  string
		shape []int
		loss  func(y, x *Node) *Node
		want  float64 // the exact mean loss
	}
	cases := []lossCase{
		{"binary, probabilities", []int{4, 1}, func(y, x *Node) *Node {
			return BinaryCrossentropy(y, Sigmoid(x), false)
		}, -math.Log(Epsilon) / 2},
		{"binary, unclipped", []int{4, 1}, func(y, x *Node) *Node {
			p := Sigmoid(x)
			one := ScalarLike(x, 1)
			return Neg(Add(Mul(y, Log(p)), Mul(Sub(one, y), Log(Sub(one, p)))))
		}, 50},
		{"binary, logits", []int{4, 1}, func(y, x *Node) *Node { return BinaryCrossentropy(y, x, true) }, 50},
		{"categorical, probabilities", []int{2, 2}, func(y, x *Node) *Node {
			return CategoricalCrossentropy(y, Softmax(x, -1), false, -1)
		}, -math.Log(Epsilon) / 2},
		{"categorical, unclipped", []int{2, 2}, func(y, x *Node) *Node {
			return Neg(Sum(Mul(y, Log(Softmax(x, -1))), []int{-1}, false))
		}, 100},
	}
	for _, c := range cases {
		g := New()
		x := g.Input("x", Float32, c.shape...)
		y := g.Input("y", Float32, c.shape...)
		loss := Mean(c.loss(y, x), nil, false)
		gx := Grad(loss, x)[0]
		f := mustFunction(t, []*Node{x, y}, []*Node{loss, gx}, nil)
		out := mustCall(t, f, tensor.Must(tensor.New(c.shape, logits)), tensor.Must(tensor.New(c.shape, labels)))
		l := out[0].(*tensor.Tensor[float32]).Data()[0]
		if math.Abs(float64(l)-c.want) > 1e-4*c.want {
			t.Errorf("%s: loss %v, want %v", c.name, l, c.want)
		}
		for _, v := range out[1].(*tensor.Tensor[float32]).Data() {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Errorf("%s: gradient %v, want finite", c.name, out[1])
				break
			}
		}
	}
}

// A broadcast of a folded constant (ZerosLike of a Const) inside Where is
// folded too, and gives the masked values.
func TestFoldBroadcastLikeOfConst(t *testing.T) {
	g := New()
	c := g.Const(tensor.FromSlice([]float32{-2, 0.25, 3}))
	w := Where(Greater(Abs(c), ScalarLike(c, .5)), c, ZerosLike(c))
	f, err := Function(nil, []*Node{w}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.Call()
	if err != nil {
		t.Fatal(err)
	}
	got := out[0].(*tensor.Tensor[float32]).Data()
	if want := []float32{-2, 0, 3}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
