package graph

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestGradActivations(t *testing.T) {
	cases := []gradCase{
		{name: "LeakyRelu", build: one(func(x *Node) *Node { return LeakyRelu(x, 0.2) }), inputs: ts(away(1, 0.1, 3, 4))},
		{name: "Elu", build: one(func(x *Node) *Node { return Elu(x, 1.5) }), inputs: ts(away(2, 0.1, 3, 4))},
		{name: "Selu", build: one(Selu), inputs: ts(away(3, 0.1, 3, 4))},
		{name: "Relu6", build: one(Relu6), inputs: ts(rnd(4, 0.1, 5.9, 3, 4))},
		{name: "HardSigmoid", build: one(HardSigmoid), inputs: ts(rnd(5, -2.9, 2.9, 3, 4))},
		{name: "HardSilu", build: one(HardSilu), inputs: ts(rnd(6, -2.9, 2.9, 3, 4))},
		{name: "Softsign", build: one(Softsign), inputs: ts(away(7, 0.1, 3, 4))},
		{name: "Silu", build: one(Silu), inputs: ts(rnd(8, -3, 3, 3, 4))},
		{name: "Mish", build: one(Mish), inputs: ts(rnd(9, -3, 3, 3, 4))},
		{name: "Gelu", build: one(func(x *Node) *Node { return Gelu(x, false) }), inputs: ts(rnd(10, -3, 3, 3, 4))},
		{name: "GeluApprox", build: one(func(x *Node) *Node { return Gelu(x, true) }), inputs: ts(rnd(11, -3, 3, 3, 4))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
	}
}

// TestActivationValues compares activations with Keras's documented
// outputs.
func TestActivationValues(t *testing.T) {
	in := []float64{-3, -1, 0, 1, 3}
	cases := []struct {
		name string
		f    func(*Node) *Node
		want []float64
	}{
		// tf.keras.activations.gelu examples.
		{"gelu", func(x *Node) *Node { return Gelu(x, false) }, []float64{-0.00404951, -0.15865529, 0, 0.8413447, 2.9959507}},
		{"gelu approx", func(x *Node) *Node { return Gelu(x, true) }, []float64{-0.00363752, -0.15880796, 0, 0.841192, 2.9963627}},
		{"relu", Relu, []float64{0, 0, 0, 1, 3}},
		{"leaky_relu", func(x *Node) *Node { return LeakyRelu(x, 0.2) }, []float64{-0.6, -0.2, 0, 1, 3}},
		{"hard_sigmoid", HardSigmoid, []float64{0, 1.0 / 3, 0.5, 2.0 / 3, 1}},
		{"softsign", Softsign, []float64{-0.75, -0.5, 0, 0.5, 0.75}},
		{"elu", func(x *Node) *Node { return Elu(x, 1) }, []float64{math.Expm1(-3), math.Expm1(-1), 0, 1, 3}},
		{"selu", Selu, []float64{seluScale * seluAlpha * math.Expm1(-3), seluScale * seluAlpha * math.Expm1(-1), 0, seluScale, 3 * seluScale}},
		{"softplus", Softplus, []float64{math.Log1p(math.Exp(-3)), math.Log1p(math.Exp(-1)), math.Ln2, math.Log1p(math.E), math.Log1p(math.Exp(3))}},
		{"sigmoid", Sigmoid, []float64{1 / (1 + math.Exp(3)), 1 / (1 + math.E), 0.5, 1 / (1 + math.Exp(-1)), 1 / (1 + math.Exp(-3))}},
	}
	for _, c := range cases {
		g := New()
		x := g.Input("x", Float64, 5)
		f := mustFunction(t, []*Node{x}, []*Node{c.f(x)}, nil)
		got := mustCall(t, f, tensor.Must(tensor.New([]int{5}, in)))[0].(*tensor.Tensor[float64]).Data()
		for i := range got {
			if math.Abs(got[i]-c.want[i]) > 1e-6 {
				t.Errorf("%s(%v) = %v, want %v", c.name, in, got, c.want)
				break
			}
		}
	}
}

func TestGradLosses(t *testing.T) {
	labels := tensor.Must(tensor.New([]int{3}, []int32{2, 0, 3}))
	cases := []gradCase{
		{name: "BCE logits", build: two(func(y, x *Node) *Node { return BinaryCrossentropy(y, x, true) }), inputs: ts(rnd(1, 0, 1, 3, 2), rnd(2, -3, 3, 3, 2))},
		{name: "BCE sigmoid", build: two(func(y, x *Node) *Node { return BinaryCrossentropy(y, Sigmoid(x), false) }), inputs: ts(rnd(3, 0, 1, 3, 2), rnd(4, -3, 3, 3, 2))},
		{name: "BCE probs", build: two(func(y, p *Node) *Node { return BinaryCrossentropy(y, p, false) }), inputs: ts(rnd(5, 0, 1, 3, 2), rnd(6, 0.1, 0.9, 3, 2))},
		{name: "CCE logits", build: two(func(y, x *Node) *Node { return CategoricalCrossentropy(y, x, true, -1) }), inputs: ts(rnd(7, 0, 1, 3, 4), rnd(8, -3, 3, 3, 4))},
		{name: "CCE softmax", build: two(func(y, x *Node) *Node { return CategoricalCrossentropy(y, Softmax(x, -1), false, -1) }), inputs: ts(rnd(9, 0, 1, 3, 4), rnd(10, -3, 3, 3, 4))},
		{name: "CCE probs", build: two(func(y, p *Node) *Node { return CategoricalCrossentropy(y, p, false, -1) }), inputs: ts(rnd(11, 0, 1, 3, 4), rnd(12, 0.1, 0.9, 3, 4))},
		{name: "SCCE logits", build: one(func(x *Node) *Node {
			return SparseCategoricalCrossentropy(x.Graph().Const(labels), x, true)
		}), inputs: ts(rnd(13, -3, 3, 3, 4)), static: true},
		{name: "SCCE softmax", build: one(func(x *Node) *Node {
			return SparseCategoricalCrossentropy(x.Graph().Const(labels), Softmax(x, -1), false)
		}), inputs: ts(rnd(14, -3, 3, 3, 4)), static: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
	}
}

// TestSecondDerivative differentiates gradients again: the Hessian-vector
// products of a function through sigmoid, tanh, relu, softplus, matmul and
// reductions are checked against finite differences of the first gradient.
func TestSecondDerivative(t *testing.T) {
	f := func(x, w *Node) *Node {
		h := Tanh(MatMul(x, w))
		return Sum(Add(Mul(Sigmoid(h), Square(h)), Softplus(Relu(MatMul(x, w)))), nil, false)
	}
	c := gradCase{
		name: "d²",
		build: two(func(x, w *Node) *Node {
			g := Grad(f(x, w), x, w)
			return Add(Sum(Mul(g[0], g[0]), nil, false), Sum(Square(g[1]), nil, false))
		}),
		inputs: ts(rnd(1, -1, 1, 3, 4), rnd(2, -1, 1, 4, 2)),
	}
	checkGrad(t, c)

	// Known answer: d²/dx² of x³ is 6x.
	g := New()
	x := g.Input("x", Float64, 3)
	d1 := Grad(Sum(Mul(x, Square(x)), nil, false), x)[0]
	d2 := Grad(Sum(d1, nil, false), x)[0]
	fn := mustFunction(t, []*Node{x}, []*Node{d2}, nil)
	got := mustCall(t, fn, tensor.Must(tensor.New([]int{3}, []float64{1, -2, 0.5})))[0].(*tensor.Tensor[float64]).Data()
	want := []float64{6, -12, 3}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-12 {
			t.Fatalf("d²(x³)/dx² = %v, want %v", got, want)
		}
	}
}
