package layers

import (
	"math"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/tensor"
)

// SimpleRNN is Keras's fully connected recurrent layer
// (keras.layers.SimpleRNN): over the time steps of its input it computes
//
//	h_t = activation(x_t·kernel + bias + h_{t−1}·recurrent_kernel)
//
// from h_0 = 0, as a graph.Scan, so training differentiates through time.
// Defaults as in Keras: tanh, a bias, glorot_uniform kernel, orthogonal
// recurrent kernel, zeros bias.
//
// Dropout drops input features and RecurrentDropout units of the state in
// training, with one mask per sequence shared by every step, as Keras
// does. GoBackwards runs over the steps from the last (and with
// ReturnSequences returns the states in that order); it needs a known
// number of steps. Stateful layers (state kept from batch to batch) are
// not supported: NewSimpleRNN rejects stateful=True. Unroll is accepted
// and changes nothing: the results are the same either way. Masks are not
// propagated between layers in gokeras.
//
// Input shape (batch, steps, features). Output: (batch, Units), or with
// ReturnSequences (batch, steps, Units); with ReturnState the last state
// (batch, Units) follows as a second output.
type SimpleRNN struct {
	Base
	// Units is the size of the state and of the output.
	Units int
	// Activation is applied to each new state; ActivationName names it.
	Activation     activations.Func
	ActivationName string
	// UseBias adds the bias.
	UseBias bool
	// KernelInitializer, RecurrentInitializer and BiasInitializer draw the
	// initial weights.
	KernelInitializer, RecurrentInitializer, BiasInitializer initializers.Initializer
	// The regularizers add penalties to the loss; nil adds none.
	KernelRegularizer, RecurrentRegularizer, BiasRegularizer, ActivityRegularizer regularizers.Regularizer
	// The constraints project the weights after each optimizer update;
	// nil leaves them free.
	KernelConstraint, RecurrentConstraint, BiasConstraint constraints.Constraint
	// Dropout and RecurrentDropout are the fractions of the input features
	// and of the state's units dropped in training, in [0, 1).
	Dropout, RecurrentDropout float64
	// ReturnSequences returns the state after every step, ReturnState the
	// last state as a second output, GoBackwards runs from the last step.
	ReturnSequences, ReturnState, GoBackwards bool
	// Unroll is Keras's unroll; it does not change the results.
	Unroll bool

	kernel, recurrent, bias *Variable
}

// NewSimpleRNN returns a SimpleRNN layer with a state of units. It takes
// WithActivation, WithUseBias, the kernel, recurrent and bias
// initializers, regularizers and constraints (WithRecurrentInitializer,
// WithRecurrentRegularizer, WithRecurrentConstraint for the recurrent
// kernel), WithActivityRegularizer, WithDropoutRate, WithRecurrentDropout,
// WithReturnSequences, WithReturnState, WithGoBackwards, WithStateful and
// WithUnroll besides the common options.
func NewSimpleRNN(units int, opts ...Option) *SimpleRNN {
	l := &SimpleRNN{Units: units}
	k := l.Init(l, "SimpleRNN", opts, "activation", "use_bias", "kernel_initializer",
		"recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
		"bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
		"bias_constraint", "dropout", "recurrent_dropout", "return_sequences", "return_state",
		"go_backwards", "stateful", "unroll")
	if units < 1 {
		l.Fail(l.Errorf("expected a positive number of units, received %d", units))
	}
	l.UseBias = k.UseBias
	act := k.Activation
	if !k.Has("activation") {
		act = "tanh"
	}
	var err error
	if l.Activation, l.ActivationName, err = resolveActivation(act); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	for _, it := range []struct {
		dst *initializers.Initializer
		v   any
		def initializers.Initializer
	}{
		{&l.KernelInitializer, k.KernelInitializer, initializers.GlorotUniform()},
		{&l.RecurrentInitializer, k.Value("recurrent_initializer"), initializers.NewOrthogonal()},
		{&l.BiasInitializer, k.BiasInitializer, initializers.Zeros{}},
	} {
		if *it.dst, err = initializers.Resolve(it.v, it.def); err != nil {
			l.Fail(l.Errorf("%v", err))
		}
	}
	for _, r := range []struct {
		dst *regularizers.Regularizer
		v   any
	}{
		{&l.KernelRegularizer, k.KernelRegularizer}, {&l.RecurrentRegularizer, k.Value("recurrent_regularizer")},
		{&l.BiasRegularizer, k.BiasRegularizer}, {&l.ActivityRegularizer, k.ActivityRegularizer},
	} {
		if *r.dst, err = regularizers.Resolve(r.v); err != nil {
			l.Fail(l.Errorf("%v", err))
		}
	}
	l.KernelConstraint = l.resolveConstraint(k, "kernel_constraint")
	l.RecurrentConstraint = l.resolveConstraint(k, "recurrent_constraint")
	l.BiasConstraint = l.resolveConstraint(k, "bias_constraint")
	l.Dropout = k.float("dropout", 0)
	l.RecurrentDropout = k.float("recurrent_dropout", 0)
	for name, v := range map[string]float64{"dropout": l.Dropout, "recurrent_dropout": l.RecurrentDropout} {
		if !(v >= 0 && v < 1) {
			l.Fail(l.Errorf("expected %s in [0, 1), received %v", name, v))
		}
	}
	flag := func(name string) bool { b, _ := k.Value(name).(bool); return b }
	l.ReturnSequences, l.ReturnState, l.GoBackwards = flag("return_sequences"), flag("return_state"), flag("go_backwards")
	l.Unroll = flag("unroll")
	if flag("stateful") {
		l.Fail(l.Errorf("stateful=True is not supported: gokeras does not keep a recurrent layer's state from batch to batch"))
	}
	return l
}

// WithRecurrentInitializer sets the recurrent kernel's initializer
// (Keras's recurrent_initializer=, default "orthogonal").
func WithRecurrentInitializer(init any) Option { return Kwarg("recurrent_initializer", init) }

// WithRecurrentRegularizer sets a penalty on the recurrent kernel (Keras's
// recurrent_regularizer=, default none).
func WithRecurrentRegularizer(r any) Option { return Kwarg("recurrent_regularizer", r) }

// WithRecurrentConstraint sets a constraint applied to the recurrent
// kernel after each optimizer update (Keras's recurrent_constraint=).
func WithRecurrentConstraint(c any) Option { return Kwarg("recurrent_constraint", c) }

// WithDropoutRate sets the fraction of a recurrent layer's input features
// dropped in training (Keras's dropout=, default 0).
func WithDropoutRate(rate float64) Option { return Kwarg("dropout", rate) }

// WithRecurrentDropout sets the fraction of a recurrent layer's state
// units dropped in training (Keras's recurrent_dropout=, default 0).
func WithRecurrentDropout(rate float64) Option { return Kwarg("recurrent_dropout", rate) }

// WithReturnSequences makes a recurrent layer return its state after every
// step (Keras's return_sequences=, default false).
func WithReturnSequences(b bool) Option { return Kwarg("return_sequences", b) }

// WithReturnState makes a recurrent layer also return its last state
// (Keras's return_state=, default false).
func WithReturnState(b bool) Option { return Kwarg("return_state", b) }

// WithGoBackwards makes a recurrent layer run from the last step (Keras's
// go_backwards=, default false).
func WithGoBackwards(b bool) Option { return Kwarg("go_backwards", b) }

// WithStateful is Keras's stateful=; gokeras supports only false.
func WithStateful(b bool) Option { return Kwarg("stateful", b) }

// WithUnroll is Keras's unroll=; it does not change the results.
func WithUnroll(b bool) Option { return Kwarg("unroll", b) }

// ComputeOutputShape checks a (batch, steps, features) input and returns
// the output shapes.
func (l *SimpleRNN) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) != 3 || s[2] < 1 {
		return nil, l.ShapeErrorf("expected an input of shape (batch, steps, features) with known features, received shape %s", shapeStr(s))
	}
	if l.kernel != nil && s[2] != l.kernel.Shape()[0] {
		return nil, l.ShapeErrorf("expected %d features, received shape %s", l.kernel.Shape()[0], shapeStr(s))
	}
	if l.GoBackwards && s[1] < 1 {
		return nil, l.ShapeErrorf("go_backwards needs a known number of steps, received shape %s", shapeStr(s))
	}
	out := Shape{s[0], l.Units}
	if l.ReturnSequences {
		out = Shape{s[0], s[1], l.Units}
	}
	if l.ReturnState {
		return []Shape{out, {s[0], l.Units}}, nil
	}
	return []Shape{out}, nil
}

// Build creates the kernel, the recurrent kernel and the bias, in Keras's
// order.
func (l *SimpleRNN) Build(in []Shape) error {
	var err error
	if l.kernel, err = l.AddWeight("kernel", []int{in[0][2], l.Units}, l.KernelInitializer, l.KernelRegularizer, true); err != nil {
		return err
	}
	l.kernel.Constraint = l.KernelConstraint
	if l.recurrent, err = l.AddWeight("recurrent_kernel", []int{l.Units, l.Units}, l.RecurrentInitializer, l.RecurrentRegularizer, true); err != nil {
		return err
	}
	l.recurrent.Constraint = l.RecurrentConstraint
	if l.UseBias {
		if l.bias, err = l.AddWeight("bias", []int{l.Units}, l.BiasInitializer, l.BiasRegularizer, true); err != nil {
			return err
		}
		l.bias.Constraint = l.BiasConstraint
	}
	return nil
}

// Call runs the recurrence over the steps.
func (l *SimpleRNN) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	steps := x.Dim(1)
	if l.GoBackwards {
		rev := make([]int32, steps)
		for i := range rev {
			rev[i] = int32(steps - 1 - i)
		}
		idx, err := tensor.New([]int{steps}, rev)
		if err != nil {
			return nil, l.Errorf("%v", err)
		}
		x = graph.Gather(x, c.graph.Const(idx), 1)
	}
	if c.Training && l.Dropout > 0 {
		// One mask per sequence, shared by its steps.
		x = graph.Mul(x, graph.DropoutMask(graph.Slice(x, 1, 0, 1), l.Dropout))
	}
	xk := graph.MatMul(x, c.Var(l.kernel))
	if l.bias != nil {
		xk = graph.Add(xk, c.Var(l.bias))
	}
	u := c.Var(l.recurrent)
	h0 := graph.ZerosLike(graph.Squeeze(graph.Slice(xk, 1, 0, 1), 1)) // (batch, units)
	var rmask *graph.Node
	if c.Training && l.RecurrentDropout > 0 {
		rmask = graph.DropoutMask(h0, l.RecurrentDropout)
	}
	hs, _ := graph.Scan(func(xs, carry []*graph.Node) ([]*graph.Node, []*graph.Node) {
		h := carry[0]
		if rmask != nil {
			h = graph.Mul(h, rmask)
		}
		return []*graph.Node{l.Activation(graph.Add(xs[0], graph.MatMul(h, u)))}, nil
	}, []*graph.Node{graph.Transpose(xk, 1, 0, 2)}, []*graph.Node{h0})
	last := graph.Squeeze(graph.Slice(hs[0], 0, -1, math.MaxInt), 0)
	out := last
	if l.ReturnSequences {
		out = graph.Transpose(hs[0], 1, 0, 2)
	}
	if l.ActivityRegularizer != nil && c.Training {
		c.AddLoss(l.ActivityRegularizer.Penalty(out))
	}
	if l.ReturnState {
		return []*graph.Node{out, last}, nil
	}
	return []*graph.Node{out}, nil
}

// Kernel, RecurrentKernel and Bias return the weights once built, or nil.
func (l *SimpleRNN) Kernel() *Variable { return l.kernel }

// RecurrentKernel returns the recurrent kernel once built, or nil.
func (l *SimpleRNN) RecurrentKernel() *Variable { return l.recurrent }

// Bias returns the bias once built, or nil (also without bias).
func (l *SimpleRNN) Bias() *Variable { return l.bias }

// KerasCell is the name of the sublayer under which Keras 3 saves the
// weights of a recurrent layer in a .keras file ("cell").
func (l *SimpleRNN) KerasCell() string { return "cell" }
