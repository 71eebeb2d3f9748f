// Package optimizers holds Keras's optimizers as builders of update
// expressions: given the weights and the symbolic gradients of the loss,
// an optimizer returns the graph updates of one training step, which
// Compile puts into the one compiled train function. Its state (the
// iteration count, the learning rate, and per-weight slots such as
// momenta) lives in variables bound into the same graph, so a step runs
// entirely inside the compiled function.
//
// Defaults and update formulas are Keras 3's: SGD (learning rate 0.01,
// momentum, Nesterov), RMSprop (0.001, rho 0.9, ε inside the square root,
// momentum, centered), Adam (0.001, β₁ 0.9, β₂ 0.999, ε 1e-7 outside the
// square root, bias correction folded into the step size).
package optimizers

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// Optimizer is a Keras optimizer.
type Optimizer interface {
	// ClassName returns the Keras class name, e.g. "RMSprop".
	ClassName() string
	// Updates returns the updates of one training step of the weights vars
	// given the gradients grads of the loss (one per weight, nodes of g):
	// the new values of the weights and of the optimizer's state.
	Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error)
	// Variables returns the optimizer's state: iterations, learning rate,
	// then the slots in the order they were created.
	Variables() []*layers.Variable
	// Iterations returns the number of steps taken.
	Iterations() int64
	// LearningRate returns the current learning rate.
	LearningRate() float64
	// SetLearningRate changes the learning rate; compiled functions see
	// the change at their next call.
	SetLearningRate(lr float64) error
}

// Base holds what every optimizer shares: the learning rate and the
// iteration count as variables, and the per-weight slots. Optimizers embed
// it.
type Base struct {
	name       string
	lr         *layers.Variable
	iterations *layers.Variable
	slots      map[string]*layers.Variable
	order      []*layers.Variable
}

// init sets up the base with the initial learning rate.
func (b *Base) init(name string, lr float64) {
	b.name = name
	b.lr, _ = layers.NewVariable(name+"/learning_rate", tensor.Scalar(float32(lr)), false)
	b.iterations, _ = layers.NewVariable(name+"/iterations", tensor.Scalar[int64](0), false)
	b.slots = map[string]*layers.Variable{}
}

// Variables returns the iteration count, the learning rate and the slots.
func (b *Base) Variables() []*layers.Variable {
	return append([]*layers.Variable{b.iterations, b.lr}, b.order...)
}

// Iterations returns the number of steps taken.
func (b *Base) Iterations() int64 {
	t, _ := b.iterations.Value().(*tensor.Tensor[int64])
	return t.Data()[0]
}

// LearningRate returns the current learning rate.
func (b *Base) LearningRate() float64 { return float64(b.lr.Float32().Data()[0]) }

// SetLearningRate changes the learning rate.
func (b *Base) SetLearningRate(lr float64) error {
	if !(lr >= 0) {
		return fmt.Errorf("optimizers: %s: expected a learning rate ≥ 0, received %v", b.name, lr)
	}
	return b.lr.Assign(tensor.Scalar(float32(lr)))
}

// slot returns the slot named name of weight v in g, zeros of v's shape
// created on first use.
func (b *Base) slot(g *graph.Graph, v *layers.Variable, name string) *graph.Node {
	key := v.Name() + "/" + name
	s, ok := b.slots[key]
	if !ok {
		z, _ := tensor.Zeros[float32](v.Shape()...)
		s, _ = layers.NewVariable(b.name+"/"+key, z, false)
		b.slots[key] = s
		b.order = append(b.order, s)
	}
	return s.Node(g)
}

// step returns the learning rate node and the update that counts the step.
func (b *Base) step(g *graph.Graph) (lr *graph.Node, count graph.Update) {
	it := b.iterations.Node(g)
	return b.lr.Node(g), graph.Update{Var: it, Value: graph.Add(it, graph.ScalarLike(it, 1))}
}

// checkArgs checks that vars and grads pair up.
func checkArgs(name string, vars []*layers.Variable, grads []*graph.Node) error {
	if len(vars) != len(grads) {
		return fmt.Errorf("optimizers: %s: %d weights but %d gradients", name, len(vars), len(grads))
	}
	for i, v := range vars {
		if v.DType() != graph.Float32 {
			return fmt.Errorf("optimizers: %s: weight %q is %s, expected float32", name, v.Name(), v.DType())
		}
		if grads[i] == nil {
			return fmt.Errorf("optimizers: %s: no gradient for weight %q", name, v.Name())
		}
	}
	return nil
}

// c returns a float32 constant of x's graph.
func c(x *graph.Node, v float64) *graph.Node { return graph.ScalarLike(x, v) }

// byName maps Keras's identifiers to constructors with Keras's defaults.
var byName = map[string]func() Optimizer{
	"sgd":     func() Optimizer { return NewSGD() },
	"rmsprop": func() Optimizer { return NewRMSprop() },
	"adam":    func() Optimizer { return NewAdam() },
}

// Get returns a new optimizer with Keras's defaults for the identifier
// name: "sgd", "rmsprop" or "adam" (case-insensitive).
func Get(name string) (Optimizer, error) {
	if f, ok := byName[strings.ToLower(name)]; ok {
		return f(), nil
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("optimizers: unknown optimizer %q: expected one of %s", name, strings.Join(names, ", "))
}

// Resolve turns a Keras-style argument into an optimizer: an Optimizer is
// returned as is, a string goes through Get, and nil gives RMSprop,
// Compile's default.
func Resolve(v any) (Optimizer, error) {
	switch v := v.(type) {
	case nil:
		return NewRMSprop(), nil
	case Optimizer:
		return v, nil
	case string:
		return Get(v)
	}
	return nil, fmt.Errorf("optimizers: expected an optimizer identifier or an Optimizer, received %T", v)
}
