package graph

import (
	"errors"
	"strings"
	"testing"
)

func TestStickyError(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, -1, 3)
	w := g.Input("w", Float32, 4, 2)
	bad := MatMul(x, w) // line of the first error
	_ = Add(bad, x)     // further use is silent
	_ = Sum(x, []int{5}, false)
	err := g.Err()
	var oe *OpError
	if !errors.As(err, &oe) {
		t.Fatalf("Err() = %v, want an *OpError", err)
	}
	if oe.Op != "MatMul" || oe.File != "errors_test.go" || oe.Line != 13 {
		t.Errorf("error located at %s %s:%d, want MatMul errors_test.go:13", oe.Op, oe.File, oe.Line)
	}
	if !errors.Is(err, ErrShape) {
		t.Errorf("errors.Is(err, ErrShape) = false for %v", err)
	}
	for _, s := range []string{"float32 (None, 3)", "float32 (4, 2)", "received 3 and 4"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
	if bad.Valid() {
		t.Error("the failed node is valid")
	}
	if _, ferr := Function([]*Node{x, w}, []*Node{x}, nil, nil); ferr != err {
		t.Errorf("Function returned %v, want the graph's first error", ferr)
	}
}

func TestBuildErrors(t *testing.T) {
	cases := []struct {
		name string
		f    func(g *Graph) *Node
		want error
	}{
		{"broadcast", func(g *Graph) *Node { return Add(g.Input("a", Float32, 2, 3), g.Input("b", Float32, 4)) }, ErrShape},
		{"dtype mix", func(g *Graph) *Node { return Add(g.Input("a", Float32, 2), g.Input("b", Float64, 2)) }, ErrDType},
		{"int log", func(g *Graph) *Node { return Log(g.Input("a", Int32, 2)) }, ErrDType},
		{"axis", func(g *Graph) *Node { return Softmax(g.Input("a", Float32, 2), 3) }, ErrArg},
		{"reshape", func(g *Graph) *Node { return Reshape(g.Input("a", Float32, 2, 3), 4, 2) }, ErrShape},
		{"two -1", func(g *Graph) *Node { return Reshape(g.Input("a", Float32, 2, 3), -1, -1) }, ErrShape},
		{"squeeze", func(g *Graph) *Node { return Squeeze(g.Input("a", Float32, 2, 3), 0) }, ErrShape},
		{"concat", func(g *Graph) *Node {
			return Concat([]*Node{g.Input("a", Float32, 2, 3), g.Input("b", Float32, 3, 3)}, 1)
		}, ErrShape},
		{"gather float index", func(g *Graph) *Node { return Gather(g.Input("a", Float32, 2), g.Input("i", Float32, 2), 0) }, ErrDType},
		{"other graph", func(g *Graph) *Node { return Add(g.Input("a", Float32, 2), New().Input("b", Float32, 2)) }, ErrGraph},
		{"nil", func(g *Graph) *Node { return Add(g.Input("a", Float32, 2), nil) }, ErrGraph},
		{"clip", func(g *Graph) *Node { return Clip(g.Input("a", Float32, 2), 1, 0) }, ErrArg},
		{"grad of vector", func(g *Graph) *Node { x := g.Input("a", Float32, 2); return Grad(x, x)[0] }, ErrArg},
		{"dropout rate", func(g *Graph) *Node { return Dropout(g.Input("a", Float32, 2), 1) }, ErrArg},
		{"input dim", func(g *Graph) *Node { return g.Input("a", Float32, -2) }, ErrShape},
		{"split", func(g *Graph) *Node { return Split(g.Input("a", Float32, 5), 2, 0)[0] }, ErrShape},
	}
	for _, c := range cases {
		g := New()
		n := c.f(g)
		if err := g.Err(); !errors.Is(err, c.want) {
			t.Errorf("%s: Err() = %v, want %v", c.name, err, c.want)
		}
		if n.Valid() {
			t.Errorf("%s: returned a valid node", c.name)
		}
	}
	if MatMul(nil, nil) != nil {
		t.Error("ops on nil nodes only should return nil")
	}
}
