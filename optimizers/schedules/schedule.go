// Package schedules holds Keras's learning-rate schedules
// (keras.optimizers.schedules): functions of the optimizer's step count
// that an optimizer evaluates inside the compiled train function, so the
// learning rate changes from step to step without leaving the graph.
//
// A schedule's Call maps the step — the optimizer's iteration count before
// the step, an int64 scalar node, 0 at the first step — to a float32
// scalar node, computed in float32 as Keras computes it in the dtype of
// the initial learning rate. Pass a schedule wherever an optimizer takes a
// learning rate (optimizers.WithLearningRate); Evaluate computes one value
// on its own, for tests, logs and callbacks.
//
// Serialize and Deserialize write and read a schedule as Keras 3
// serializes it inside an optimizer's learning_rate ({"module":
// "keras.optimizers.schedules", "class_name", "config",
// "registered_name"}); each schedule's file registers its class.
package schedules

import (
	"fmt"
	"reflect"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// LearningRateSchedule is Keras's LearningRateSchedule: a learning rate as
// a function of the optimizer step.
type LearningRateSchedule interface {
	// ClassName returns the Keras class name, e.g. "ExponentialDecay".
	ClassName() string
	// Check reports arguments Keras rejects (a non-positive decay_steps,
	// boundaries and values that do not pair up …).
	Check() error
	// Call returns the learning rate at step, an integer scalar node, as
	// a float32 scalar node of step's graph. The schedule must pass Check.
	Call(step *graph.Node) *graph.Node
}

// Evaluate returns the learning rate s gives at step, computed by the
// graph package exactly as an optimizer's train function computes it. It
// compiles a small function each time; an Evaluator keeps one.
func Evaluate(s LearningRateSchedule, step int64) (float64, error) {
	e, err := NewEvaluator(s)
	if err != nil {
		return 0, err
	}
	return e.At(step)
}

// Evaluator computes a schedule's values on the host with one compiled
// function; it is safe for concurrent use.
type Evaluator struct {
	s  LearningRateSchedule
	fn *graph.Func
}

// NewEvaluator checks s and compiles its evaluator.
func NewEvaluator(s LearningRateSchedule) (*Evaluator, error) {
	if s == nil || isNilPointer(s) {
		return nil, fmt.Errorf("schedules: nil schedule")
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	g := graph.New()
	x := g.Input("step", graph.Int64)
	fn, err := graph.Function([]*graph.Node{x}, []*graph.Node{graph.Cast(s.Call(x), graph.Float64)}, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("schedules: %s: %w", s.ClassName(), err)
	}
	return &Evaluator{s: s, fn: fn}, nil
}

// At returns the learning rate at step.
func (e *Evaluator) At(step int64) (float64, error) {
	out, err := e.fn.Call(tensor.Scalar(step))
	if err != nil {
		return 0, fmt.Errorf("schedules: %s: %w", e.s.ClassName(), err)
	}
	return out[0].(*tensor.Tensor[float64]).Data()[0], nil
}

// isNilPointer reports whether s holds a nil pointer, such as a
// (*CosineDecay)(nil).
func isNilPointer(s LearningRateSchedule) bool {
	v := reflect.ValueOf(s)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// steps returns the step as a float32 node, as Keras casts it to the
// dtype of the initial learning rate.
func steps(step *graph.Node) *graph.Node { return graph.Cast(step, graph.Float32) }

// c returns a constant of x's graph and dtype.
func c(x *graph.Node, v float64) *graph.Node { return graph.ScalarLike(x, v) }

// positive returns an error unless steps > 0.
func positive(class, arg string, steps int64) error {
	if steps <= 0 {
		return fmt.Errorf("schedules: %s: argument %s must be > 0, received %s=%d", class, arg, arg, steps)
	}
	return nil
}
