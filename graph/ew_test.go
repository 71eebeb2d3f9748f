package graph

import (
	"testing"
)

func TestGradUnary(t *testing.T) {
	cases := []gradCase{
		{name: "Neg", build: one(Neg), inputs: ts(rnd(1, -2, 2, 3, 4))},
		{name: "Abs", build: one(Abs), inputs: ts(away(2, 0.1, 3, 4))},
		{name: "Sqrt", build: one(Sqrt), inputs: ts(rnd(3, 0.5, 2, 3, 4))},
		{name: "Square", build: one(Square), inputs: ts(rnd(4, -2, 2, 3, 4))},
		{name: "Exp", build: one(Exp), inputs: ts(rnd(5, -2, 2, 3, 4))},
		{name: "Log", build: one(Log), inputs: ts(rnd(6, 0.5, 3, 3, 4))},
		{name: "Log1p", build: one(Log1p), inputs: ts(rnd(7, -0.5, 2, 3, 4))},
		{name: "Expm1", build: one(Expm1), inputs: ts(rnd(8, -2, 2, 3, 4))},
		{name: "Erf", build: one(Erf), inputs: ts(rnd(9, -2, 2, 3, 4))},
		{name: "Relu", build: one(Relu), inputs: ts(away(10, 0.1, 3, 4))},
		{name: "Sigmoid", build: one(Sigmoid), inputs: ts(rnd(11, -4, 4, 3, 4))},
		{name: "Tanh", build: one(Tanh), inputs: ts(rnd(12, -2, 2, 3, 4))},
		{name: "Softplus", build: one(Softplus), inputs: ts(rnd(13, -4, 4, 3, 4))},
		{name: "Clip", build: one(func(x *Node) *Node { return Clip(x, -0.5, 0.5) }), inputs: ts(away(14, 0.05, 5, 4))},
		{name: "Reciprocal", build: one(Reciprocal), inputs: ts(rnd(15, 0.5, 2, 3, 4))},
		{name: "BroadcastLike", build: two(BroadcastLike), inputs: ts(rnd(16, -1, 1, 1, 4), rnd(17, -1, 1, 3, 4))},
		{name: "ReluGrad", build: two(func(y, dy *Node) *Node { return ew(kReluGrad, y, dy) }), inputs: ts(away(18, 0.1, 3, 4), rnd(19, -1, 1, 3, 4))},
		{name: "SigmoidGrad", build: two(func(y, dy *Node) *Node { return ew(kSigmoidGrad, y, dy) }), inputs: ts(rnd(20, 0.1, 0.9, 3, 4), rnd(21, -1, 1, 3, 4))},
		{name: "TanhGrad", build: two(func(y, dy *Node) *Node { return ew(kTanhGrad, y, dy) }), inputs: ts(rnd(22, -0.9, 0.9, 3, 4), rnd(23, -1, 1, 3, 4))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
	}
}

func TestGradBinaryBroadcast(t *testing.T) {
	type bin struct {
		name string
		f    func(a, b *Node) *Node
		lo   float64 // inputs drawn from [lo, lo+2)
	}
	ops := []bin{
		{"Add", Add, -1}, {"Sub", Sub, -1}, {"Mul", Mul, -1}, {"Div", Div, 0.5},
		{"Pow", Pow, 0.5}, {"Minimum", Minimum, -1}, {"Maximum", Maximum, -1},
	}
	shapes := [][2][]int{
		{{3, 4}, {3, 4}},
		{{3, 4}, {4}},
		{{3, 1}, {1, 4}},
		{{2, 3, 4}, {3, 1}},
		{{}, {3, 4}},
		{{4}, {2, 3, 4}},
	}
	for _, o := range ops {
		for i, s := range shapes {
			c := gradCase{
				name:   o.name + shapeStr(s[0]) + shapeStr(s[1]),
				build:  two(o.f),
				inputs: ts(rnd(uint64(100+i), o.lo, o.lo+2, s[0]...), rnd(uint64(200+i), o.lo, o.lo+2, s[1]...)),
			}
			t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
		}
	}
}

func TestGradWhere(t *testing.T) {
	c := gradCase{
		name: "Where",
		build: func(x []*Node) *Node {
			return Where(Greater(x[0], ScalarLike(x[0], 0)), x[1], x[2])
		},
		inputs: ts(away(1, 0.1, 3, 4), rnd(2, -1, 1, 3, 4), rnd(3, -1, 1, 4)),
	}
	checkGrad(t, c)
}
