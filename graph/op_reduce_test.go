package graph

import (
	"testing"
)

func TestGradReductions(t *testing.T) {
	type red struct {
		name string
		f    func(*Node, []int, bool) *Node
	}
	reds := []red{{"Sum", Sum}, {"Mean", Mean}, {"Max", Max}, {"Min", Min}, {"Prod", Prod},
		{"LogSumExp", LogSumExp}, {"Var", Var}, {"Std", Std}}
	axes := [][]int{nil, {0}, {1}, {-1}, {0, 2}, {1, 2}}
	for _, r := range reds {
		for _, ax := range axes {
			for _, keep := range []bool{false, true} {
				c := gradCase{
					name:   r.name + "/" + fmtAxes(ax, keep),
					build:  one(func(x *Node) *Node { return r.f(x, ax, keep) }),
					inputs: ts(rnd(uint64(len(ax)*7+len(r.name)), 0.5, 1.5, 2, 3, 4)),
				}
				t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
			}
		}
	}
}

func fmtAxes(ax []int, keep bool) string {
	s := "axes="
	for _, a := range ax {
		s += string(rune('0' + a + 3*boolToInt(a < 0)))
	}
	if keep {
		s += "/keep"
	}
	return s
}

func boolToInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
