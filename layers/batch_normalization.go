package layers

import (
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/saving"
)

// BatchNormalization is Keras's batch normalization layer
// (keras.layers.BatchNormalization): it normalizes each feature along Axis
// (the last by default) to mean 0 and variance 1, then scales by gamma and
// shifts by beta, computed as Keras does:
//
//	inv = gamma / √(variance + epsilon)
//	y   = x·inv + (beta − mean·inv)
//
// In training (and only if the layer is trainable, as in Keras 3) mean and
// variance are those of the batch, over every axis but Axis, and the
// moving averages are updated in the train function:
// moving ← moving·momentum + batch·(1 − momentum). In inference the moving
// mean and variance are used. Defaults as in Keras: momentum 0.99,
// epsilon 0.001, center and scale, beta zeros, gamma ones, moving mean
// zeros, moving variance ones. Output shape = input shape.
type BatchNormalization struct {
	Base
	// Axis is the feature axis (negative counts from the end).
	Axis int
	// Momentum and Epsilon are Keras's.
	Momentum, Epsilon float64
	// Center adds beta, Scale multiplies by gamma.
	Center, Scale bool
	// The initializers of beta, gamma and the moving statistics.
	BetaInitializer, GammaInitializer, MovingMeanInitializer, MovingVarianceInitializer initializers.Initializer
	// BetaRegularizer and GammaRegularizer add penalties to the loss.
	BetaRegularizer, GammaRegularizer regularizers.Regularizer
	// BetaConstraint and GammaConstraint project the weights after each
	// optimizer update.
	BetaConstraint, GammaConstraint constraints.Constraint

	gamma, beta, movingMean, movingVariance *Variable
}

// NewBatchNormalization returns a BatchNormalization layer. It takes
// WithAxis, WithMomentum, WithEpsilon, WithCenter, WithScale and the
// beta/gamma/moving initializers, regularizers and constraints (Kwarg with
// Keras's names: "beta_initializer", "gamma_regularizer", …) besides the
// common options.
func NewBatchNormalization(opts ...Option) *BatchNormalization {
	l := &BatchNormalization{Axis: -1}
	k := l.Init(l, "BatchNormalization", opts, "axis", "momentum", "epsilon", "center", "scale",
		"beta_initializer", "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
		"beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint", "synchronized")
	if k.Has("axis") {
		l.Axis = k.Axis
	}
	l.Momentum, l.Epsilon = k.float("momentum", 0.99), k.float("epsilon", 1e-3)
	if !(l.Epsilon > 0) || !(l.Momentum >= 0 && l.Momentum <= 1) {
		l.Fail(l.Errorf("expected momentum in [0, 1] and epsilon > 0, received momentum=%v epsilon=%v", l.Momentum, l.Epsilon))
	}
	flag := func(name string, def bool) bool {
		if b, ok := k.Value(name).(bool); ok {
			return b
		}
		return def
	}
	l.Center, l.Scale = flag("center", true), flag("scale", true)
	if flag("synchronized", false) {
		l.Fail(l.Errorf("synchronized=True (batch statistics across devices) is not supported"))
	}
	var err error
	for _, it := range []struct {
		dst  *initializers.Initializer
		name string
		def  initializers.Initializer
	}{
		{&l.BetaInitializer, "beta_initializer", initializers.Zeros{}},
		{&l.GammaInitializer, "gamma_initializer", initializers.Ones{}},
		{&l.MovingMeanInitializer, "moving_mean_initializer", initializers.Zeros{}},
		{&l.MovingVarianceInitializer, "moving_variance_initializer", initializers.Ones{}},
	} {
		if *it.dst, err = initializers.Resolve(k.Value(it.name), it.def); err != nil {
			l.Fail(l.Errorf("%v", err))
		}
	}
	if l.BetaRegularizer, err = regularizers.Resolve(k.Value("beta_regularizer")); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.GammaRegularizer, err = regularizers.Resolve(k.Value("gamma_regularizer")); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	l.BetaConstraint = l.resolveConstraint(k, "beta_constraint")
	l.GammaConstraint = l.resolveConstraint(k, "gamma_constraint")
	return l
}

// WithMomentum sets a normalization's momentum (Keras's momentum=).
func WithMomentum(m float64) Option { return Kwarg("momentum", m) }

// WithEpsilon sets a normalization's epsilon (Keras's epsilon=).
func WithEpsilon(e float64) Option { return Kwarg("epsilon", e) }

// WithCenter sets whether a normalization adds beta (Keras's center=).
func WithCenter(b bool) Option { return Kwarg("center", b) }

// WithScale sets whether a normalization multiplies by gamma (Keras's
// scale=).
func WithScale(b bool) Option { return Kwarg("scale", b) }

// axisOf returns the non-negative feature axis for rank r, or −1.
func (l *BatchNormalization) axisOf(r int) int {
	a := l.Axis
	if a < 0 {
		a += r
	}
	if a < 1 || a >= r {
		return -1
	}
	return a
}

// ComputeOutputShape checks the feature axis and returns the input shape.
func (l *BatchNormalization) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	a := l.axisOf(len(s))
	if a < 0 || s[a] < 1 {
		return nil, l.ShapeErrorf("axis %d is not a feature axis of known size of an input of shape %s", l.Axis, shapeStr(s))
	}
	if l.movingMean != nil && s[a] != l.movingMean.Shape()[0] {
		return nil, l.ShapeErrorf("expected %d features along axis %d, received shape %s", l.movingMean.Shape()[0], l.Axis, shapeStr(s))
	}
	return []Shape{s}, nil
}

// Build creates gamma, beta, the moving mean and the moving variance, in
// Keras's order.
func (l *BatchNormalization) Build(in []Shape) error {
	shape := []int{in[0][l.axisOf(len(in[0]))]}
	var err error
	if l.Scale {
		if l.gamma, err = l.AddWeight("gamma", shape, l.GammaInitializer, l.GammaRegularizer, true); err != nil {
			return err
		}
		l.gamma.Constraint = l.GammaConstraint
	}
	if l.Center {
		if l.beta, err = l.AddWeight("beta", shape, l.BetaInitializer, l.BetaRegularizer, true); err != nil {
			return err
		}
		l.beta.Constraint = l.BetaConstraint
	}
	if l.movingMean, err = l.AddWeight("moving_mean", shape, l.MovingMeanInitializer, nil, false); err != nil {
		return err
	}
	l.movingVariance, err = l.AddWeight("moving_variance", shape, l.MovingVarianceInitializer, nil, false)
	return err
}

// Call normalizes with the batch's statistics in training and the moving
// ones in inference.
func (l *BatchNormalization) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	r := x.Rank()
	a := l.axisOf(r)
	// Statistics and parameters broadcast against x: size 1 but on the axis.
	bshape := make([]int, r)
	for i := range bshape {
		bshape[i] = 1
	}
	bshape[a] = x.Dim(a)
	along := func(v *graph.Node) *graph.Node { return graph.Reshape(v, bshape...) }
	mmean, mvar := c.Var(l.movingMean), c.Var(l.movingVariance)
	mean, variance := along(mmean), along(mvar)
	if c.Training && l.Trainable() {
		axes := make([]int, 0, r-1)
		for i := range r {
			if i != a {
				axes = append(axes, i)
			}
		}
		mean = graph.Mean(x, axes, true)
		variance = graph.Mean(graph.Square(graph.Sub(x, mean)), axes, true)
		m := l.Momentum
		for _, u := range []struct{ v, batch *graph.Node }{{mmean, mean}, {mvar, variance}} {
			b := graph.Reshape(u.batch, bshape[a])
			c.AddUpdate(graph.Update{Var: u.v, Value: graph.Add(graph.Mul(u.v, graph.ScalarLike(u.v, m)), graph.Mul(b, graph.ScalarLike(b, 1-m)))})
		}
	}
	inv := graph.Div(graph.ScalarLike(variance, 1), graph.Sqrt(graph.Add(variance, graph.ScalarLike(variance, l.Epsilon))))
	if l.gamma != nil {
		inv = graph.Mul(inv, along(c.Var(l.gamma)))
	}
	shift := graph.Neg(graph.Mul(mean, inv))
	if l.beta != nil {
		shift = graph.Add(shift, along(c.Var(l.beta)))
	}
	return []*graph.Node{graph.Add(graph.Mul(x, inv), shift)}, nil
}

// Gamma, Beta, MovingMean and MovingVariance return the weights once
// built, or nil.
func (l *BatchNormalization) Gamma() *Variable { return l.gamma }

// Beta returns beta once built, or nil (also without center).
func (l *BatchNormalization) Beta() *Variable { return l.beta }

// MovingMean returns the moving mean once built, or nil.
func (l *BatchNormalization) MovingMean() *Variable { return l.movingMean }

// MovingVariance returns the moving variance once built, or nil.
func (l *BatchNormalization) MovingVariance() *Variable { return l.movingVariance }

func init() { Register("BatchNormalization", batchNormalizationFromConfig) }

// Config returns Keras 3's get_config of BatchNormalization.
func (l *BatchNormalization) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("axis", l.Axis).Set("momentum", l.Momentum).Set("epsilon", l.Epsilon).Set("center", l.Center).Set("scale", l.Scale)
	if err := putWeightArgs(&l.Base, p, []initField{
		{"beta_initializer", l.BetaInitializer}, {"gamma_initializer", l.GammaInitializer},
		{"moving_mean_initializer", l.MovingMeanInitializer}, {"moving_variance_initializer", l.MovingVarianceInitializer},
	}, []objField{
		{"beta_regularizer", func() (any, error) { return RegularizerObject(l.BetaRegularizer) }},
		{"gamma_regularizer", func() (any, error) { return RegularizerObject(l.GammaRegularizer) }},
		{"beta_constraint", func() (any, error) { return ConstraintObject(l.BetaConstraint) }},
		{"gamma_constraint", func() (any, error) { return ConstraintObject(l.GammaConstraint) }},
	}); err != nil {
		return nil, err
	}
	return p.Set("synchronized", false), nil
}

// batchNormalizationFromConfig builds a BatchNormalization from Keras 3's
// config or Keras 2's (where axis may be a one-element list).
func batchNormalizationFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	axis := -1
	if p.Has("axis") {
		if axes, err := p.Ints("axis", 1); err == nil {
			axis = axes[0]
		} else if axis, err = p.Int("axis"); err != nil {
			return nil, err
		}
	} else {
		p.Ignore("axis")
	}
	opts = append(opts, WithAxis(axis))
	for _, it := range []struct {
		key string
		def float64
		opt func(float64) Option
	}{{"momentum", 0.99, WithMomentum}, {"epsilon", 1e-3, WithEpsilon}} {
		v, err := p.FloatOr(it.key, it.def)
		if err != nil {
			return nil, err
		}
		opts = append(opts, it.opt(v))
	}
	for _, it := range []struct {
		key string
		opt func(bool) Option
	}{{"center", WithCenter}, {"scale", WithScale}} {
		// Python takes any truthy value; tf.keras configs hold 1 and 0
		// where a model was built with scale=1.
		v, err := p.BoolOr(it.key, true)
		if err != nil {
			f, ferr := p.Float(it.key)
			if ferr != nil || f != 0 && f != 1 {
				return nil, err
			}
			v = f == 1
		}
		opts = append(opts, it.opt(v))
	}
	kw := func(name string) func(any) Option { return func(v any) Option { return Kwarg(name, v) } }
	wopts, err := weightArgs(p, []initArg{
		{"beta_initializer", initializers.Zeros{}, kw("beta_initializer")},
		{"gamma_initializer", initializers.Ones{}, kw("gamma_initializer")},
		{"moving_mean_initializer", initializers.Zeros{}, kw("moving_mean_initializer")},
		{"moving_variance_initializer", initializers.Ones{}, kw("moving_variance_initializer")},
	}, []objArg{{"beta_regularizer", kw("beta_regularizer")}, {"gamma_regularizer", kw("gamma_regularizer")}},
		[]objArg{{"beta_constraint", kw("beta_constraint")}, {"gamma_constraint", kw("gamma_constraint")}})
	if err != nil {
		return nil, err
	}
	sync, err := p.BoolOr("synchronized", false)
	if err != nil {
		return nil, err
	}
	opts = append(opts, Kwarg("synchronized", sync))
	return NewBatchNormalization(append(opts, wopts...)...), nil
}
