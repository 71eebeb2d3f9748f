package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
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
	// Activation is applied to the output; ActivationName names it.
	Activation     activations.Func
	ActivationName string
	// UseBias adds the bias.
	UseBias bool
	// KernelInitializer and BiasInitializer draw the initial weights.
	KernelInitializer, BiasInitializer initializers.Initializer
	// KernelRegularizer, BiasRegularizer and ActivityRegularizer add
	// penalties to the loss; nil adds none.
	KernelRegularizer, BiasRegularizer, ActivityRegularizer regularizers.Regularizer
	// KernelConstraint and BiasConstraint project the weights after each
	// optimizer update; nil leaves them free.
	KernelConstraint, BiasConstraint constraints.Constraint

	kernel, bias *Variable
}

// NewDense returns a Dense layer with units outputs. It takes the options
// WithActivation, WithUseBias, WithKernelInitializer, WithBiasInitializer,
// WithKernelRegularizer, WithBiasRegularizer, WithActivityRegularizer,
// WithKernelConstraint and WithBiasConstraint besides the common ones.
func NewDense(units int, opts ...Option) *Dense {
	l := &Dense{Units: units}
	k := l.Init(l, "Dense", opts, "activation", "use_bias", "kernel_initializer",
		"bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
		"kernel_constraint", "bias_constraint")
	if units < 1 {
		l.Fail(l.Errorf("expected a positive number of units, received %d", units))
	}
	l.UseBias = k.UseBias
	var err error
	if l.Activation, l.ActivationName, err = resolveActivation(k.Activation); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.KernelInitializer, err = initializers.Resolve(k.KernelInitializer, initializers.GlorotUniform()); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.BiasInitializer, err = initializers.Resolve(k.BiasInitializer, initializers.Zeros{}); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	for _, r := range []struct {
		dst *regularizers.Regularizer
		v   any
	}{{&l.KernelRegularizer, k.KernelRegularizer}, {&l.BiasRegularizer, k.BiasRegularizer}, {&l.ActivityRegularizer, k.ActivityRegularizer}} {
		if *r.dst, err = regularizers.Resolve(r.v); err != nil {
			l.Fail(l.Errorf("%v", err))
		}
	}
	l.KernelConstraint = l.resolveConstraint(k, "kernel_constraint")
	l.BiasConstraint = l.resolveConstraint(k, "bias_constraint")
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
