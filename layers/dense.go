package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/graph"
)

// Dense is Keras's densely connected layer: output = activation(x·kernel +
// bias), with a kernel of shape (input features, Units) applied to the last
// axis of the input and a bias of shape (Units). Defaults as in Keras:
// linear activation, a bias, glorot_uniform kernel and zeros bias, no
// regularizers and no constraints.
//
// Input shape (batch, …, features); output shape (batch, …, Units).
type Dense struct {
	Base
	// Units is the number of output features.
	Units int
	Affine

	kernel, bias *Variable
}

// NewDense returns a Dense layer with units outputs. It takes the options
// WithActivation, WithUseBias, WithKernelInitializer, WithBiasInitializer,
// WithKernelRegularizer, WithBiasRegularizer, WithActivityRegularizer,
// WithKernelConstraint and WithBiasConstraint besides the common ones.
func NewDense(units int, opts ...Option) *Dense {
	l := &Dense{Units: units}
	k := l.Init(l, "Dense", opts, affineArgs...)
	if units < 1 {
		l.Fail(l.Errorf("expected a positive number of units, received %d", units))
	}
	l.initAffine(&l.Base, k)
	return l
}

// ComputeOutputShape replaces the last dimension by Units.
func (l *Dense) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) < 2 {
		return nil, l.ShapeErrorf("expected an input of rank ≥ 2, received shape %s", shapeStr(s))
	}
	if d := s[len(s)-1]; d < 1 {
		return nil, l.ShapeErrorf("expected a known last dimension, received shape %s", shapeStr(s))
	}
	if l.kernel != nil {
		if d, want := s[len(s)-1], l.kernel.Shape()[0]; d != want {
			return nil, l.ShapeErrorf("expected axis -1 of the input to be %d, received shape %s", want, shapeStr(s))
		}
	}
	out := append(Shape(nil), s[:len(s)-1]...)
	return []Shape{append(out, l.Units)}, nil
}

// Build creates the kernel and the bias.
func (l *Dense) Build(in []Shape) error {
	s := in[0]
	var err error
	if l.kernel, err = l.AddWeight("kernel", []int{s[len(s)-1], l.Units}, l.KernelInitializer, l.KernelRegularizer, true); err != nil {
		return err
	}
	l.kernel.Constraint = l.KernelConstraint
	if l.UseBias {
		if l.bias, err = l.AddWeight("bias", []int{l.Units}, l.BiasInitializer, l.BiasRegularizer, true); err != nil {
			return err
		}
		l.bias.Constraint = l.BiasConstraint
	}
	return nil
}

// Call returns activation(x·kernel + bias).
func (l *Dense) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	y := graph.MatMul(in[0], c.Var(l.kernel))
	if l.bias != nil {
		y = graph.Add(y, c.Var(l.bias))
	}
	y = l.Activation(y)
	if l.ActivityRegularizer != nil && c.Training {
		c.AddLoss(l.ActivityRegularizer.Penalty(y))
	}
	return []*graph.Node{y}, nil
}

// Kernel returns the kernel once built, or nil.
func (l *Dense) Kernel() *Variable { return l.kernel }

// Bias returns the bias once built, or nil (also without bias).
func (l *Dense) Bias() *Variable { return l.bias }

// resolveActivation turns a Keras-style activation argument into a
// function and its name.
func resolveActivation(a any) (activations.Func, string, error) {
	switch a := a.(type) {
	case nil:
		return activations.Linear, "linear", nil
	case string:
		f, err := activations.Get(a)
		if a == "" {
			a = "linear"
		}
		return f, a, err
	case activations.Func:
		return a, "custom", nil
	case func(*graph.Node) *graph.Node:
		return a, "custom", nil
	}
	return nil, "", fmt.Errorf("expected an activation name or function, received %T", a)
}
