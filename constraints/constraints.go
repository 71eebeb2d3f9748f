// Package constraints holds Keras's weight constraints: projections applied
// to a weight after each optimizer update, inside the compiled train
// function, as Keras applies a variable's constraint after the optimizer
// has updated it. MaxNorm caps the norm of each slice of a weight, NonNeg
// zeroes negative entries, UnitNorm scales slices to norm 1 and MinMaxNorm
// moves their norms into an interval.
//
// A layer takes a constraint per weight (Dense's kernel_constraint and
// bias_constraint); the layer's variable carries it and the train function
// replaces the optimizer's new value v of the weight by Apply(v).
package constraints

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gokeras/gokeras/graph"
)

// Constraint is a projection of a weight, Keras's Constraint.
type Constraint interface {
	// Apply returns the constrained value of w as a graph node of w's
	// shape and dtype.
	Apply(w *graph.Node) *graph.Node
	// ClassName returns the Keras class name, e.g. "MaxNorm".
	ClassName() string
}

// registry maps Keras's identifiers (snake case and class names) to
// constructors with Keras's defaults; each class file registers its own.
var registry = map[string]func() Constraint{}

// snakeNames lists the snake-case identifiers, for error messages.
var snakeNames []string

// register adds a constraint under its snake-case identifier and its Keras
// class name.
func register(snake, class string, f func() Constraint) {
	registry[snake] = f
	registry[class] = f
	snakeNames = append(snakeNames, snake)
}

// Get returns a new constraint with Keras's defaults for an identifier:
// the snake-case name ("max_norm", "non_neg", "unit_norm", "min_max_norm")
// or the class name ("MaxNorm", …), as keras.constraints.get takes them.
func Get(name string) (Constraint, error) {
	if f, ok := registry[name]; ok {
		return f(), nil
	}
	if f, ok := registry[strings.ToLower(name)]; ok {
		return f(), nil
	}
	return nil, fmt.Errorf("constraints: unknown constraint %q: expected one of %s", name, strings.Join(Names(), ", "))
}

// Names returns the snake-case identifiers Get accepts, sorted.
func Names() []string {
	n := append([]string(nil), snakeNames...)
	sort.Strings(n)
	return n
}

// Resolve turns a Keras-style argument into a constraint: a Constraint is
// returned as is, a string goes through Get, and nil gives nil (no
// constraint).
func Resolve(v any) (Constraint, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case Constraint:
		return v, nil
	case string:
		return Get(v)
	}
	return nil, fmt.Errorf("constraints: expected an identifier or a Constraint, received %T", v)
}

// axesOr0 returns axes, or Keras's default axis 0 when none are given.
func axesOr0(axes []int) []int {
	if len(axes) == 0 {
		return []int{0}
	}
	return axes
}

// norms returns the L2 norms of w over axes, kept as size-1 dimensions:
// √(Σ w²).
func norms(w *graph.Node, axes []int) *graph.Node {
	return graph.Sqrt(graph.Sum(graph.Square(w), axesOr0(axes), true))
}

// rescale returns w · desired / (ε + norms), ε = 1e-7 (Keras's epsilon).
func rescale(w, desired, n *graph.Node) *graph.Node {
	return graph.Mul(w, graph.Div(desired, graph.Add(graph.ScalarLike(n, graph.Epsilon), n)))
}
