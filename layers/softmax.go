package layers

import (
	"slices"

	"github.com/gokeras/gokeras/graph"
)

// Softmax is Keras's softmax activation layer (keras.layers.Softmax):
//
//	f(x) = exp(x − max(x)) / Σ exp(x − max(x))
//
// along Axis (default −1, the last), or jointly over several Axes, as
// exp(x − logsumexp(x, Axes)).
//
// The layer takes an optional second input, a mask that broadcasts against
// the first, of any dtype: 1 keeps a position and 0 masks it, as Keras's
// call(inputs, mask). As Keras does, (1 − mask)·(−1e9) is added to
// the input before the softmax, so masked positions get a probability of
// about zero (uniform probabilities if every position is masked). Output
// shape = the first input's shape.
type Softmax struct {
	Base
	// Axis is the axis normalized over when Axes is empty.
	Axis int
	// Axes, if not empty, are the axes normalized over jointly.
	Axes []int
}

// maskedLogit is what Keras adds to a masked position's input (for
// float32 and float64).
const maskedLogit = -1e9

// NewSoftmax returns a Softmax layer. It takes WithAxis or WithAxes
// besides the common options.
func NewSoftmax(opts ...Option) *Softmax {
	l := &Softmax{Axis: -1}
	k := l.Init(l, "Softmax", opts, "axis", "axes")
	if k.Has("axis") {
		l.Axis = k.Axis
	}
	l.Axes = k.ints("axes")
	if k.Has("axis") && k.Has("axes") {
		l.Fail(l.Errorf("takes axis or axes, not both"))
	}
	if k.Has("axes") && len(l.Axes) == 0 {
		l.Fail(l.Errorf("expected at least one axis, received axes=[]"))
	}
	return l
}

// WithAxes sets several axes that a Softmax layer normalizes over jointly
// (Keras's axis= given a list).
func WithAxes(axes ...int) Option { return Kwarg("axes", slices.Clone(axes)) }

// axes returns the axes of a softmax over an input of rank r, made
// non-negative, or an error naming the one out of range.
func (l *Softmax) axes(s Shape) ([]int, error) {
	axes := l.Axes
	if len(axes) == 0 {
		axes = []int{l.Axis}
	}
	out := make([]int, len(axes))
	for i, a := range axes {
		if a < 0 {
			a += len(s)
		}
		if a < 0 || a >= len(s) || slices.Contains(out[:i], a) {
			return nil, l.ShapeErrorf("axes %v are out of range or repeated for an input of shape %s", axes, shapeStr(s))
		}
		out[i] = a
	}
	return out, nil
}

// ComputeOutputShape checks the axes and the mask's shape and returns the
// input shape.
func (l *Softmax) ComputeOutputShape(in []Shape) ([]Shape, error) {
	if len(in) != 1 && len(in) != 2 {
		return nil, l.Errorf("expected an input and an optional mask, received %d inputs", len(in))
	}
	s := in[0]
	if _, err := l.axes(s); err != nil {
		return nil, err
	}
	if len(in) == 2 && !broadcastsTo(in[1], s) {
		return nil, l.ShapeErrorf("the mask of shape %s does not broadcast to the input's shape %s", shapeStr(in[1]), shapeStr(s))
	}
	return []Shape{slices.Clone(s)}, nil
}

// broadcastsTo reports whether a value of shape m broadcasts to shape s
// (aligned on the right; a dimension of 1 stretches, -1 is unknown).
func broadcastsTo(m, s Shape) bool {
	if len(m) > len(s) {
		return false
	}
	off := len(s) - len(m)
	for i, d := range m {
		if e := s[off+i]; d != e && d != 1 && d != -1 && e != -1 {
			return false
		}
	}
	return true
}

// Build does nothing: the layer has no weights.
func (l *Softmax) Build([]Shape) error { return nil }

// Call adds −1e9 at the masked positions and normalizes.
func (l *Softmax) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	if len(in) == 2 {
		masked := graph.Sub(graph.ScalarLike(x, 1), graph.Cast(in[1], x.DType()))
		x = graph.Add(x, graph.Mul(masked, graph.ScalarLike(x, maskedLogit)))
	}
	axes, err := l.axes(x.Shape())
	if err != nil {
		return nil, err
	}
	if len(axes) == 1 {
		return []*graph.Node{graph.Softmax(x, axes[0])}, nil
	}
	return []*graph.Node{graph.Exp(graph.Sub(x, graph.LogSumExp(x, axes, true)))}, nil
}
