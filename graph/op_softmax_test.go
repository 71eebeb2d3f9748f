package graph

import "testing"

func TestGradSoftmax(t *testing.T) {
	for _, axis := range []int{-1, 0, 1} {
		for _, log := range []bool{false, true} {
			f := Softmax
			name := "Softmax"
			if log {
				f, name = LogSoftmax, "LogSoftmax"
			}
			c := gradCase{
				name:   name + string(rune('0'+axis+1)),
				build:  one(func(x *Node) *Node { return f(x, axis) }),
				inputs: ts(rnd(uint64(axis+5), -3, 3, 2, 3, 4)),
			}
			t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
		}
	}
}
