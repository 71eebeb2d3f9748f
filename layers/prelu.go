package layers

import (
	"slices"

	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
)

// PReLU is Keras's parametric rectified linear unit layer
// (keras.layers.PReLU), a leaky rectifier whose slopes are trained:
//
//	f(x) = x          if x ≥ 0
//	f(x) = alpha · x  otherwise
//
// computed as Keras does, relu(x) − alpha·relu(−x). alpha is a weight of
// the input's shape without the batch dimension, except that it has size 1
// along the SharedAxes, so that one slope serves a whole axis (for the
// feature maps of a convolution, (batch, height, width, channels), shared
// axes 1 and 2 give one slope per channel). Defaults as in Keras: alpha
// initialized to zeros, no regularizer, no constraint, no shared axes.
// Output shape = input shape.
type PReLU struct {
	Base
	// AlphaInitializer draws the initial slopes.
	AlphaInitializer initializers.Initializer
	// AlphaRegularizer adds a penalty on the slopes to the loss; nil adds
	// none.
	AlphaRegularizer regularizers.Regularizer
	// AlphaConstraint projects the slopes after each optimizer update; nil
	// for none.
	AlphaConstraint constraints.Constraint
	// SharedAxes are the input axes (1 for the first after the batch
	// dimension) along which one slope is shared.
	SharedAxes []int

	alpha *Variable
}

// NewPReLU returns a PReLU layer. It takes WithAlphaInitializer,
// WithAlphaRegularizer, WithAlphaConstraint and WithSharedAxes besides the
// common options.
func NewPReLU(opts ...Option) *PReLU {
	l := &PReLU{}
	k := l.Init(l, "PReLU", opts, "alpha_initializer", "alpha_regularizer", "alpha_constraint", "shared_axes")
	var err error
	if l.AlphaInitializer, err = initializers.Resolve(k.Value("alpha_initializer"), initializers.Zeros{}); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.AlphaRegularizer, err = regularizers.Resolve(k.Value("alpha_regularizer")); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	l.AlphaConstraint = l.resolveConstraint(k, "alpha_constraint")
	l.SharedAxes = k.ints("shared_axes")
	for i, a := range l.SharedAxes {
		if a < 1 || slices.Contains(l.SharedAxes[:i], a) {
			l.Fail(l.Errorf("expected distinct shared axes ≥ 1 (axis 0 is the batch), received shared_axes=%v", l.SharedAxes))
			break
		}
	}
	return l
}

// WithAlphaInitializer sets the initializer of PReLU's slopes (Keras's
// alpha_initializer=, default "zeros"): a name or an
// initializers.Initializer.
func WithAlphaInitializer(init any) Option { return Kwarg("alpha_initializer", init) }

// WithAlphaRegularizer sets a penalty on PReLU's slopes (Keras's
// alpha_regularizer=, default none): a name or a regularizers.Regularizer.
func WithAlphaRegularizer(r any) Option { return Kwarg("alpha_regularizer", r) }

// WithAlphaConstraint sets a constraint applied to PReLU's slopes after
// each optimizer update (Keras's alpha_constraint=, default none): a name
// such as "non_neg" or a constraints.Constraint.
func WithAlphaConstraint(c any) Option { return Kwarg("alpha_constraint", c) }

// WithSharedAxes sets the input axes along which PReLU shares one slope
// (Keras's shared_axes=, default none), numbered from 1 after the batch
// dimension.
func WithSharedAxes(axes ...int) Option { return Kwarg("shared_axes", slices.Clone(axes)) }

// alphaShape returns the shape of alpha for inputs of shape s, or an error
// if s cannot take the layer's shared axes or has an unknown dimension
// that is not shared.
func (l *PReLU) alphaShape(s Shape) (Shape, error) {
	if len(s) < 2 {
		return nil, l.ShapeErrorf("expected an input of rank ≥ 2, received shape %s", shapeStr(s))
	}
	out := slices.Clone(s[1:])
	for _, a := range l.SharedAxes {
		if a >= len(s) {
			return nil, l.ShapeErrorf("shared axis %d is out of range for an input of shape %s", a, shapeStr(s))
		}
		out[a-1] = 1
	}
	for i, d := range out {
		if d < 1 {
			return nil, l.ShapeErrorf("expected a known size along axis %d, which is not shared, received shape %s", i+1, shapeStr(s))
		}
	}
	return out, nil
}

// ComputeOutputShape checks the input against the slopes' shape and
// returns it.
func (l *PReLU) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	want, err := l.alphaShape(s)
	if err != nil {
		return nil, err
	}
	if l.alpha != nil && !slices.Equal(want, l.alpha.Shape()) {
		return nil, l.ShapeErrorf("expected an input of shape %s, received shape %s",
			shapeStr(append(Shape{-1}, l.alpha.Shape()...)), shapeStr(s))
	}
	return []Shape{slices.Clone(s)}, nil
}

// Build creates the slopes, alpha.
func (l *PReLU) Build(in []Shape) error {
	shape, err := l.alphaShape(in[0])
	if err != nil {
		return err
	}
	if l.alpha, err = l.AddWeight("alpha", shape, l.AlphaInitializer, l.AlphaRegularizer, true); err != nil {
		return err
	}
	l.alpha.Constraint = l.AlphaConstraint
	return nil
}

// Call returns relu(x) − alpha·relu(−x).
func (l *PReLU) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	neg := graph.Mul(c.Var(l.alpha), graph.Relu(graph.Neg(x)))
	return []*graph.Node{graph.Sub(graph.Relu(x), neg)}, nil
}

// Alpha returns the slopes once built, or nil.
func (l *PReLU) Alpha() *Variable { return l.alpha }
