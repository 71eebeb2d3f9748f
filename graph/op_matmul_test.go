package graph

import "testing"

func TestGradMatMul(t *testing.T) {
	type mm struct {
		name string
		a, b []int
		op   matmulOp
	}
	cases := []mm{
		{"2d", []int{3, 4}, []int{4, 5}, matmulOp{}},
		{"Aᵀ", []int{4, 3}, []int{4, 5}, matmulOp{ta: true}},
		{"Bᵀ", []int{3, 4}, []int{5, 4}, matmulOp{tb: true}},
		{"AᵀBᵀ", []int{4, 3}, []int{5, 4}, matmulOp{ta: true, tb: true}},
		{"batched", []int{2, 3, 4}, []int{2, 4, 5}, matmulOp{}},
		{"batch×matrix", []int{2, 3, 4}, []int{4, 5}, matmulOp{}},
		{"batch×matrixᵀ", []int{2, 3, 4}, []int{5, 4}, matmulOp{tb: true}},
		{"matrix×batch", []int{3, 4}, []int{2, 4, 5}, matmulOp{}},
		{"broadcast batch", []int{2, 1, 3, 4}, []int{3, 4, 5}, matmulOp{}},
		{"batchedᵀ", []int{2, 4, 3}, []int{2, 5, 4}, matmulOp{ta: true, tb: true}},
	}
	for i, m := range cases {
		c := gradCase{
			name:   m.name,
			build:  two(func(a, b *Node) *Node { return apply(m.op, a, b) }),
			inputs: ts(rnd(uint64(i), -1, 1, m.a...), rnd(uint64(i+50), -1, 1, m.b...)),
		}
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
	}
	vec := []gradCase{
		{name: "vector×matrix", build: two(MatMul), inputs: ts(rnd(1, -1, 1, 4), rnd(2, -1, 1, 4, 5))},
		{name: "matrix×vector", build: two(MatMul), inputs: ts(rnd(3, -1, 1, 3, 4), rnd(4, -1, 1, 4))},
		{name: "vector·vector", build: two(MatMul), inputs: ts(rnd(5, -1, 1, 4), rnd(6, -1, 1, 4))},
	}
	for _, c := range vec {
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
	}
}
