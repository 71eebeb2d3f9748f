package graph

import (
	"errors"
	"strings"
	"testing"
)

func TestFail(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, 3)
	bad := Fail("OrthogonalRegularizer", []*Node{x}, ErrShape, "expected a rank-2 input, received rank %d", x.Rank())
	if bad == nil || bad.Valid() {
		t.Fatal("Fail did not return an invalid node")
	}
	_ = Add(bad, x) // silent
	_ = Fail("Second", []*Node{x}, ErrArg, "ignored")
	var oe *OpError
	if err := g.Err(); !errors.As(err, &oe) || !errors.Is(err, ErrShape) {
		t.Fatalf("Err() = %v", err)
	}
	if oe.Op != "OrthogonalRegularizer" || oe.File != "fail_test.go" || oe.Line != 12 ||
		!strings.Contains(oe.Error(), "received rank 1") || !strings.Contains(oe.Error(), "float32 (3,)") {
		t.Errorf("error %q at %s:%d", oe, oe.File, oe.Line)
	}
	if Fail("X", []*Node{nil}, ErrArg, "no graph") != nil {
		t.Error("Fail without a graph returned a node")
	}
	g2 := New()
	y := g2.Input("y", Float32, 2)
	if n := Fail("Y", []*Node{bad2(y)}, ErrArg, "after an invalid input"); n.Valid() || g2.Err() == nil || !strings.Contains(g2.Err().Error(), "Reshape") {
		t.Errorf("Fail after an invalid input: %v", g2.Err())
	}
}

// bad2 returns an invalid node of y's graph.
func bad2(y *Node) *Node { return Reshape(y, 3) }
