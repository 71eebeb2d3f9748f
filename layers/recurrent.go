package layers

import (
	"fmt"
	"math"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// Recurrent holds what Keras's recurrent layers (SimpleRNN, LSTM, GRU)
// share: the size of the state, the activation, the three weights'
// initializers, regularizers and constraints, dropout on the inputs and on
// the state, and how the layer runs over the steps and what it returns.
//
// The layers run their recurrence as a graph.Scan, so training
// differentiates through time. Dropout drops input features and
// RecurrentDropout units of the state in training, with one mask per
// sequence shared by every step, as Keras does. GoBackwards runs over the
// steps from the last (and with ReturnSequences returns the states in that
// order); it needs a known number of steps. Stateful layers (state kept
// from batch to batch) are not supported: the constructors reject
// stateful=True. Unroll is accepted and changes nothing: the results are
// the same either way. Masks are not propagated between layers in
// gokeras.
//
// Input shape (batch, steps, features). Output: (batch, Units), or with
// ReturnSequences (batch, steps, Units); with ReturnState the final states
// (batch, Units) follow as further outputs.
type Recurrent struct {
	Base
	// Units is the size of the state and of the output.
	Units int
	// Activation is applied to the new state; ActivationName names it.
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
	// final states as further outputs, GoBackwards runs from the last step.
	ReturnSequences, ReturnState, GoBackwards bool
	// Unroll is Keras's unroll; it does not change the results.
	Unroll bool

	kernel, recurrent, bias *Variable
}

// recurrentArgs are the keyword arguments every recurrent layer takes.
var recurrentArgs = []string{"activation", "use_bias", "kernel_initializer",
	"recurrent_initializer", "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
	"bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
	"bias_constraint", "dropout", "recurrent_dropout", "return_sequences", "return_state",
	"go_backwards", "stateful", "unroll"}

// initRecurrent sets up the layer self of class from its options; extra
// lists the class's own arguments. It returns them for the class to read.
func (l *Recurrent) initRecurrent(self Layer, class string, units int, opts []Option, extra ...string) *Kwargs {
	l.Units = units
	k := l.Init(self, class, opts, append(recurrentArgs[:len(recurrentArgs):len(recurrentArgs)], extra...)...)
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
	for _, d := range []struct {
		name string
		v    float64
	}{{"dropout", l.Dropout}, {"recurrent_dropout", l.RecurrentDropout}} {
		if !(d.v >= 0 && d.v < 1) {
			l.Fail(l.Errorf("expected %s in [0, 1), received %v", d.name, d.v))
		}
	}
	flag := func(name string) bool { b, _ := k.Value(name).(bool); return b }
	l.ReturnSequences, l.ReturnState, l.GoBackwards = flag("return_sequences"), flag("return_state"), flag("go_backwards")
	l.Unroll = flag("unroll")
	if flag("stateful") {
		l.Fail(l.Errorf("stateful=True is not supported: gokeras does not keep a recurrent layer's state from batch to batch"))
	}
	return k
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

// WithReturnState makes a recurrent layer also return its final states
// (Keras's return_state=, default false).
func WithReturnState(b bool) Option { return Kwarg("return_state", b) }

// WithGoBackwards makes a recurrent layer run from the last step (Keras's
// go_backwards=, default false).
func WithGoBackwards(b bool) Option { return Kwarg("go_backwards", b) }

// WithStateful is Keras's stateful=; gokeras supports only false.
func WithStateful(b bool) Option { return Kwarg("stateful", b) }

// WithUnroll is Keras's unroll=; it does not change the results.
func WithUnroll(b bool) Option { return Kwarg("unroll", b) }

// outputShapes checks a (batch, steps, features) input and returns the
// output shapes, with states final states returned with ReturnState.
func (l *Recurrent) outputShapes(in []Shape, states int) ([]Shape, error) {
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
	out := []Shape{{s[0], l.Units}}
	if l.ReturnSequences {
		out[0] = Shape{s[0], s[1], l.Units}
	}
	if l.ReturnState {
		for range states {
			out = append(out, Shape{s[0], l.Units})
		}
	}
	return out, nil
}

// buildWeights creates the kernel, the recurrent kernel and the bias, in
// Keras's order, gates units wide each; bias draws the bias, of shape
// biasShape (nil: one row of gates·units).
func (l *Recurrent) buildWeights(in []Shape, gates int, biasShape []int, bias initializers.Initializer) error {
	var err error
	w := gates * l.Units
	if l.kernel, err = l.AddWeight("kernel", []int{in[0][2], w}, l.KernelInitializer, l.KernelRegularizer, true); err != nil {
		return err
	}
	l.kernel.Constraint = l.KernelConstraint
	if l.recurrent, err = l.AddWeight("recurrent_kernel", []int{l.Units, w}, l.RecurrentInitializer, l.RecurrentRegularizer, true); err != nil {
		return err
	}
	l.recurrent.Constraint = l.RecurrentConstraint
	if l.UseBias {
		if biasShape == nil {
			biasShape = []int{w}
		}
		if l.bias, err = l.AddWeight("bias", biasShape, bias, l.BiasRegularizer, true); err != nil {
			return err
		}
		l.bias.Constraint = l.BiasConstraint
	}
	return nil
}

// inputs returns the input in the order the steps run, with the input
// dropout of training applied, projected by the kernel: (batch, steps,
// gates·units).
func (l *Recurrent) inputs(c *Context, x *graph.Node) (*graph.Node, error) {
	if l.GoBackwards {
		steps := x.Dim(1)
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
	return graph.MatMul(x, c.Var(l.kernel)), nil
}

// zeroState returns zeros of shape (batch, units) for input projections
// xk, and the recurrent dropout mask of training (nil without).
func (l *Recurrent) zeroState(c *Context, xk *graph.Node) (h0, mask *graph.Node) {
	h0 = graph.Slice(graph.ZerosLike(graph.Squeeze(graph.Slice(xk, 1, 0, 1), 1)), 1, 0, l.Units)
	if c.Training && l.RecurrentDropout > 0 {
		mask = graph.DropoutMask(h0, l.RecurrentDropout)
	}
	return h0, mask
}

// outputs returns the layer's outputs from the stacked states after every
// step of the output state hs and of the other states.
func (l *Recurrent) outputs(c *Context, hs *graph.Node, others ...*graph.Node) []*graph.Node {
	last := func(s *graph.Node) *graph.Node { return graph.Squeeze(graph.Slice(s, 0, -1, math.MaxInt), 0) }
	out := last(hs)
	if l.ReturnSequences {
		out = graph.Transpose(hs, 1, 0, 2)
	}
	if l.ActivityRegularizer != nil && c.Training {
		c.AddLoss(l.ActivityRegularizer.Penalty(out))
	}
	if !l.ReturnState {
		return []*graph.Node{out}
	}
	res := []*graph.Node{out, last(hs)}
	for _, s := range others {
		res = append(res, last(s))
	}
	return res
}

// Kernel returns the input kernel once built, or nil.
func (l *Recurrent) Kernel() *Variable { return l.kernel }

// RecurrentKernel returns the recurrent kernel once built, or nil.
func (l *Recurrent) RecurrentKernel() *Variable { return l.recurrent }

// Bias returns the bias once built, or nil (also without bias).
func (l *Recurrent) Bias() *Variable { return l.bias }

// KerasCell is the name of the sublayer under which Keras 3 saves the
// weights of a recurrent layer in a .keras file ("cell").
func (l *Recurrent) KerasCell() string { return "cell" }

// recurrentConfig writes Keras 3's get_config of a recurrent layer: the
// RNN wrapper's fields, then units and activation, then the cell's extra
// fields (LSTM's recurrent_activation), use_bias, the weight arguments,
// then after the extra keys (LSTM's unit_forget_bias) the dropouts.
func (l *Recurrent) recurrentConfig(extra func(p *saving.Params) error, after func(p *saving.Params)) (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("return_sequences", l.ReturnSequences).Set("return_state", l.ReturnState).Set("go_backwards", l.GoBackwards)
	p.Set("stateful", false).Set("unroll", l.Unroll).Set("zero_output_for_mask", false)
	p.Set("units", l.Units)
	act, err := activationValue(&l.Base, l.ActivationName)
	if err != nil {
		return nil, err
	}
	p.Set("activation", act)
	if extra != nil {
		if err := extra(p); err != nil {
			return nil, err
		}
	}
	p.Set("use_bias", l.UseBias)
	if err := putWeightArgs(&l.Base, p, []initField{
		{"kernel_initializer", l.KernelInitializer}, {"recurrent_initializer", l.RecurrentInitializer}, {"bias_initializer", l.BiasInitializer},
	}, []objField{
		{"kernel_regularizer", func() (any, error) { return RegularizerObject(l.KernelRegularizer) }},
		{"recurrent_regularizer", func() (any, error) { return RegularizerObject(l.RecurrentRegularizer) }},
		{"bias_regularizer", func() (any, error) { return RegularizerObject(l.BiasRegularizer) }},
		{"activity_regularizer", func() (any, error) { return RegularizerObject(l.ActivityRegularizer) }},
		{"kernel_constraint", func() (any, error) { return ConstraintObject(l.KernelConstraint) }},
		{"recurrent_constraint", func() (any, error) { return ConstraintObject(l.RecurrentConstraint) }},
		{"bias_constraint", func() (any, error) { return ConstraintObject(l.BiasConstraint) }},
	}); err != nil {
		return nil, err
	}
	if after != nil {
		after(p)
	}
	p.Set("dropout", l.Dropout).Set("recurrent_dropout", l.RecurrentDropout)
	return p, nil
}

// recurrentOptions reads the fields every recurrent layer's config has,
// from Keras 3's config or Keras 2's, into options, with its units.
func recurrentOptions(p *saving.Params) (int, []Option, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return 0, nil, err
	}
	units, err := p.Int("units")
	if err != nil {
		return 0, nil, err
	}
	act := "tanh"
	if p.Has("activation") {
		if act, err = activationArg(p, "activation"); err != nil {
			return 0, nil, err
		}
	} else {
		p.Ignore("activation")
	}
	useBias, err := p.BoolOr("use_bias", true)
	if err != nil {
		return 0, nil, err
	}
	opts = append(opts, WithActivation(act), WithUseBias(useBias))
	wopts, err := weightArgs(p, []initArg{
		{"kernel_initializer", initializers.GlorotUniform(), WithKernelInitializer},
		{"recurrent_initializer", initializers.NewOrthogonal(), WithRecurrentInitializer},
		{"bias_initializer", initializers.Zeros{}, WithBiasInitializer},
	}, []objArg{
		{"kernel_regularizer", WithKernelRegularizer}, {"recurrent_regularizer", WithRecurrentRegularizer},
		{"bias_regularizer", WithBiasRegularizer}, {"activity_regularizer", WithActivityRegularizer},
	}, []objArg{
		{"kernel_constraint", WithKernelConstraint}, {"recurrent_constraint", WithRecurrentConstraint},
		{"bias_constraint", WithBiasConstraint},
	})
	if err != nil {
		return 0, nil, err
	}
	opts = append(opts, wopts...)
	for _, it := range []struct {
		key string
		opt func(float64) Option
	}{{"dropout", WithDropoutRate}, {"recurrent_dropout", WithRecurrentDropout}} {
		v, err := p.FloatOr(it.key, 0)
		if err != nil {
			return 0, nil, err
		}
		opts = append(opts, it.opt(v))
	}
	for _, it := range []struct {
		key string
		opt func(bool) Option
	}{
		{"return_sequences", WithReturnSequences}, {"return_state", WithReturnState}, {"go_backwards", WithGoBackwards},
		{"stateful", WithStateful}, {"unroll", WithUnroll},
	} {
		v, err := p.BoolOr(it.key, false)
		if err != nil {
			return 0, nil, err
		}
		opts = append(opts, it.opt(v))
	}
	// Masks are not propagated in gokeras, so what a masked step outputs
	// does not arise; Keras 3 also drops the cell's seed here.
	if _, err := p.BoolOr("zero_output_for_mask", false); err != nil {
		return 0, nil, err
	}
	// tf.keras 2 wrote time_major; only batch-major data is read.
	if tm, err := p.BoolOr("time_major", false); err != nil {
		return 0, nil, err
	} else if tm {
		return 0, nil, fmt.Errorf("%s: time_major=True is not supported: recurrent layers read (batch, steps, features)", p.Owner())
	}
	p.Ignore("seed")
	return units, opts, nil
}
