// Package regularizers holds Keras's weight regularizers: penalties on a
// layer's weights that Compile adds to the loss. L1 adds l1·Σ|w|, L2 adds
// l2·Σw² (Keras's form, without a factor one half), L1L2 both, and
// OrthogonalRegularizer penalizes the cosines between the rows (or
// columns) of a matrix.
package regularizers

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gokeras/gokeras/graph"
)

// Regularizer is a penalty on a weight.
type Regularizer interface {
	// Penalty returns the scalar penalty of the weight w as a graph node.
	Penalty(w *graph.Node) *graph.Node
	// ClassName returns the Keras class name, e.g. "L2".
	ClassName() string
}

// L1L2Regularizer penalizes a weight by L1·Σ|w| + L2·Σw². Build it with
// L1, L2 or L1L2.
type L1L2Regularizer struct {
	L1, L2 float64
	class  string
}

// L1 returns the regularizer l1·Σ|w| (Keras's default factor is 0.01).
func L1(l1 float64) *L1L2Regularizer { return &L1L2Regularizer{L1: l1, class: "L1"} }

// L2 returns the regularizer l2·Σw² (Keras's default factor is 0.01).
func L2(l2 float64) *L1L2Regularizer { return &L1L2Regularizer{L2: l2, class: "L2"} }

// L1L2 returns the regularizer l1·Σ|w| + l2·Σw² (Keras's defaults are 0
// and 0).
func L1L2(l1, l2 float64) *L1L2Regularizer {
	return &L1L2Regularizer{L1: l1, L2: l2, class: "L1L2"}
}

// Penalty returns the penalty of w.
func (r *L1L2Regularizer) Penalty(w *graph.Node) *graph.Node {
	p := graph.ScalarLike(w, 0)
	if r.L1 != 0 {
		p = graph.Add(p, graph.Mul(graph.ScalarLike(w, r.L1), graph.Sum(graph.Abs(w), nil, false)))
	}
	if r.L2 != 0 {
		p = graph.Add(p, graph.Mul(graph.ScalarLike(w, r.L2), graph.Sum(graph.Square(w), nil, false)))
	}
	return p
}

// ClassName returns "L1", "L2" or "L1L2".
func (r *L1L2Regularizer) ClassName() string {
	if r.class == "" {
		return "L1L2"
	}
	return r.class
}

// registry maps Keras's identifiers to constructors with Keras's defaults;
// each class file registers its own names.
var registry = map[string]func() Regularizer{}

// register adds a regularizer under one or more identifiers.
func register(f func() Regularizer, names ...string) {
	for _, n := range names {
		registry[n] = f
	}
}

func init() {
	register(func() Regularizer { return L1(0.01) }, "l1", "L1")
	register(func() Regularizer { return L2(0.01) }, "l2", "L2")
	// "l1_l2" gives 0.01 for both factors, as Keras documents the
	// identifier; the class name (and its snake case "l1l2") gives the
	// class's defaults, no penalty, as keras.regularizers.get does.
	register(func() Regularizer { return L1L2(0.01, 0.01) }, "l1_l2")
	register(func() Regularizer { return L1L2(0, 0) }, "L1L2", "l1l2")
}

// Get returns the regularizer named by Keras's identifier with Keras's
// defaults: "l1" and "l2" (factor 0.01), "l1_l2" (0.01 and 0.01),
// "orthogonal_regularizer" (factor 0.01, rows), or a class name ("L1",
// "L2", "L1L2", "OrthogonalRegularizer"). Names are matched exactly, then
// in lower case.
func Get(name string) (Regularizer, error) {
	f, ok := registry[name]
	if !ok {
		f, ok = registry[strings.ToLower(name)]
	}
	if ok {
		return f(), nil
	}
	var names []string
	for n := range registry {
		if n == strings.ToLower(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return nil, fmt.Errorf("regularizers: unknown regularizer %q: expected one of %s", name, strings.Join(names, ", "))
}

// Resolve turns a Keras-style argument into a regularizer: a Regularizer is
// returned as is, a string goes through Get, and nil gives nil (no
// penalty).
func Resolve(v any) (Regularizer, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case Regularizer:
		return v, nil
	case string:
		return Get(v)
	}
	return nil, fmt.Errorf("regularizers: expected an identifier or a Regularizer, received %T", v)
}
