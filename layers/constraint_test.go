package layers

import (
	"testing"

	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestConstrainUpdates(t *testing.T) {
	g := graph.New()
	a, _ := NewVariable("a", tensor.FromSlice([]float32{-1, 2}), true)
	b, _ := NewVariable("b", tensor.FromSlice([]float32{-3, 4}), true)
	c, _ := NewVariable("c", tensor.FromSlice([]float32{-5, 6}), true)
	a.Constraint, b.Constraint = constraints.NonNeg{}, constraints.NewUnitNorm()
	an, cn := a.Node(g), c.Node(g)
	ups := []graph.Update{
		{Var: an, Value: graph.Mul(an, graph.ScalarLike(an, 2))}, // → max(2a, 0)
		{Var: cn, Value: graph.Neg(cn)},                          // unconstrained
	}
	out := ConstrainUpdates(g, []*Variable{a, b, c}, ups)
	if len(out) != 3 || out[1].Var != cn || out[1].Value != ups[1].Value {
		t.Fatalf("updates %v", out)
	}
	fn, err := graph.Function(nil, nil, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fn.Call(); err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		v    *Variable
		want []float32
	}{{a, []float32{0, 4}}, {b, []float32{-0.6, 0.8}}, {c, []float32{5, -6}}} {
		if got := w.v.Float32(); !tensor.AllClose(got, tensor.FromSlice(w.want), 1e-6, 1e-6) {
			t.Errorf("%s = %v, want %v", w.v.Name(), got.Data(), w.want)
		}
	}
	if got := ConstrainUpdates(g, []*Variable{c}, ups); len(got) != 2 || got[0] != ups[0] {
		t.Error("updates changed without constraints")
	}
}
