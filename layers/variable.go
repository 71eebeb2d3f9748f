package layers

import (
	"fmt"
	"slices"
	"sync"

	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/tensor"
)

// Variable is a weight of a layer or a slot of an optimizer: a named value
// of fixed dtype and shape that outlives calls, held by a shared variable
// of a graph once a model compiles functions that use it.
//
// A variable lives in one graph at a time. Until a model binds it, its
// value is kept here; when a model binds it into a graph (Node), the graph
// holds it, and every function of that graph reads and updates the same
// storage. Binding into another graph moves the current value there. Value
// and Assign work in either state and are safe for concurrent use.
type Variable struct {
	name      string // the layer's name and the weight's, e.g. "dense/kernel"
	dtype     graph.DType
	shape     []int
	trainable bool

	// Regularizer, if not nil, adds its penalty of the variable to the loss.
	Regularizer regularizers.Regularizer
	// Constraint, if not nil, projects the variable after each optimizer
	// update (see ConstrainUpdates).
	Constraint constraints.Constraint

	mu    sync.Mutex
	value any         // the value while unbound
	node  *graph.Node // the shared variable once bound
}

// NewVariable returns a variable holding value, a *tensor.Tensor of
// float32, float64, int32 or int64 (the variable keeps it without copying).
func NewVariable(name string, value any, trainable bool) (*Variable, error) {
	dt, shape, err := describe(value)
	if err != nil {
		return nil, fmt.Errorf("layers: variable %q: %w", name, err)
	}
	return &Variable{name: name, dtype: dt, shape: shape, trainable: trainable, value: value}, nil
}

// describe returns the dtype and shape of a tensor value.
func describe(v any) (graph.DType, []int, error) {
	switch t := v.(type) {
	case *tensor.Tensor[float32]:
		return graph.Float32, t.Shape(), nil
	case *tensor.Tensor[float64]:
		return graph.Float64, t.Shape(), nil
	case *tensor.Tensor[int32]:
		return graph.Int32, t.Shape(), nil
	case *tensor.Tensor[int64]:
		return graph.Int64, t.Shape(), nil
	}
	return 0, nil, fmt.Errorf("expected a *tensor.Tensor, received %T", v)
}

// Name returns the variable's path, "layer/weight".
func (v *Variable) Name() string { return v.name }

// DType returns the element type.
func (v *Variable) DType() graph.DType { return v.dtype }

// Shape returns a copy of the shape.
func (v *Variable) Shape() []int { return slices.Clone(v.shape) }

// Size returns the number of elements.
func (v *Variable) Size() int { return prod(v.shape) }

// prod returns the product of s (1 for none).
func prod(s []int) int {
	p := 1
	for _, d := range s {
		p *= d
	}
	return p
}

// Trainable reports whether optimizers update the variable.
func (v *Variable) Trainable() bool { return v.trainable }

// Value returns a copy of the current value, a *tensor.Tensor of the
// variable's dtype (for weights, *tensor.Tensor[float32]).
func (v *Variable) Value() any {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.valueLocked()
}

func (v *Variable) valueLocked() any {
	if v.node != nil {
		return v.node.Value()
	}
	switch t := v.value.(type) {
	case *tensor.Tensor[float32]:
		return t.Clone()
	case *tensor.Tensor[float64]:
		return t.Clone()
	case *tensor.Tensor[int32]:
		return t.Clone()
	case *tensor.Tensor[int64]:
		return t.Clone()
	}
	return nil
}

// Float32 returns a copy of the value of a float32 variable, or nil for
// another dtype.
func (v *Variable) Float32() *tensor.Tensor[float32] {
	t, _ := v.Value().(*tensor.Tensor[float32])
	return t
}

// Assign replaces the value with a copy of value, a *tensor.Tensor of the
// variable's dtype and shape.
func (v *Variable) Assign(value any) error {
	dt, shape, err := describe(value)
	if err != nil {
		return fmt.Errorf("layers: assign to %q: %w", v.name, err)
	}
	if dt != v.dtype || !slices.Equal(shape, v.shape) {
		return fmt.Errorf("layers: assign to %q: expected %s %s, received %s %s",
			v.name, v.dtype, tensor.ShapeString(v.shape), dt, tensor.ShapeString(shape))
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.node != nil {
		return v.node.SetValue(value)
	}
	v.value = cloneAny(value)
	return nil
}

func cloneAny(value any) any {
	switch t := value.(type) {
	case *tensor.Tensor[float32]:
		return t.Clone()
	case *tensor.Tensor[float64]:
		return t.Clone()
	case *tensor.Tensor[int32]:
		return t.Clone()
	case *tensor.Tensor[int64]:
		return t.Clone()
	}
	return value
}

// Node returns the shared variable that holds v in g, binding v into g
// first if it lives elsewhere: the current value moves into a new shared
// variable of g, and functions compiled in the previous graph no longer
// see v's changes.
func (v *Variable) Node(g *graph.Graph) *graph.Node {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.node != nil && v.node.Graph() == g {
		return v.node
	}
	val := v.valueLocked()
	v.node = g.Shared(v.name, val)
	v.value = nil
	return v.node
}

// Bound returns the shared variable that holds v and whether v is bound.
func (v *Variable) Bound() (*graph.Node, bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.node, v.node != nil
}
