package layers

import (
	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/graph"
)

// Activation applies an activation function to its input, element-wise
// (softmax along the last axis). Output shape = input shape.
type Activation struct {
	Base
	// Fn is the activation; FnName names it ("relu", …).
	Fn     activations.Func
	FnName string
}

// NewActivation returns an Activation layer applying the activation a, a
// name such as "relu" or an activations.Func.
func NewActivation(a any, opts ...Option) *Activation {
	l := &Activation{}
	l.Init(l, "Activation", opts)
	var err error
	if l.Fn, l.FnName, err = resolveActivation(a); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	return l
}

// ComputeOutputShape returns the input shape.
func (l *Activation) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	return []Shape{s}, nil
}

// Build does nothing: the layer has no weights.
func (l *Activation) Build([]Shape) error { return nil }

// Call applies the activation.
func (l *Activation) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return []*graph.Node{l.Fn(in[0])}, nil
}
