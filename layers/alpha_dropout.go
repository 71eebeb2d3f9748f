package layers

import (
	"math"
	"slices"

	"github.com/gokeras/gokeras/graph"
)

// The constants of the SELU activation (Klambauer et al.), as Keras writes
// them.
const (
	seluAlpha = 1.6732632423543772848170429916717
	seluScale = 1.0507009873554804934193349852946
)

// AlphaDropout is Keras's AlphaDropout layer (keras.layers.AlphaDropout), a
// dropout that keeps the mean and variance of its inputs, for networks of
// SELU units. While training, each element is kept with probability
// 1 − rate and otherwise set to SELU's negative saturation value
// alpha_p = −alpha·scale ≈ −1.7581, then an affine map restores the
// moments:
//
//	kept = [u ≥ rate], u ~ U[0, 1)
//	a    = ((1 − rate)·(1 + rate·alpha_p²))^(−1/2)
//	b    = −a·alpha_p·rate
//	f(x) = a·(x·kept + alpha_p·(1 − kept)) + b
//
// In inference the layer passes its input through. NoiseShape, if set,
// is the shape of the mask, which broadcasts against the input: −1 takes
// the input's size, 1 shares one draw along an axis ((−1, 1, −1) keeps or
// drops a feature at every timestep of a sequence alike). Rate must be in
// [0, 1): Keras also accepts 1, where a is infinite, and the layer rejects
// it. The draws come from the random streams of the graph the model
// compiles in, seeded from the model's seed (see SetRandomSeed). Output
// shape = input shape.
type AlphaDropout struct {
	Base
	// Rate is the probability of dropping an element.
	Rate float64
	// NoiseShape is the shape of the mask, batch dimension first; nil for
	// the input's shape.
	NoiseShape []int
}

// NewAlphaDropout returns an AlphaDropout layer dropping the fraction rate,
// in [0, 1), of its inputs in training. It takes WithNoiseShape besides the
// common options.
func NewAlphaDropout(rate float64, opts ...Option) *AlphaDropout {
	l := &AlphaDropout{Rate: rate}
	k := l.Init(l, "AlphaDropout", opts, "noise_shape")
	if !(rate >= 0 && rate < 1) {
		l.Fail(l.Errorf("expected a rate in [0, 1), received rate=%v", rate))
	}
	l.NoiseShape = noiseShapeArg(&l.Base, k)
	return l
}

// noiseShapeArg returns the noise_shape argument of a dropout layer, or nil,
// failing the layer on a size that is neither positive nor -1 (None).
func noiseShapeArg(l *Base, k *Kwargs) []int {
	if !k.Has("noise_shape") {
		return nil
	}
	s := k.ints("noise_shape")
	for _, d := range s {
		if d < 1 && d != -1 {
			l.Fail(l.Errorf("expected positive sizes or -1 (None) in noise_shape, received %v", s))
			break
		}
	}
	return s
}

// checkNoiseShape returns an error unless the noise shape broadcasts to the
// input shape s.
func checkNoiseShape(l *Base, noise []int, s Shape) error {
	if noise == nil {
		return nil
	}
	ok := len(noise) == len(s)
	for i := 0; ok && i < len(s); i++ {
		d := noise[i]
		ok = d == -1 || d == 1 || d == s[i] || s[i] == -1
	}
	if !ok {
		return l.ShapeErrorf("noise_shape %s does not broadcast to the input's shape %s", shapeStr(noise), shapeStr(s))
	}
	return nil
}

// noiseLike returns a node with the shape of x's dropout mask: x with the
// axes of noise size 1 sliced to one element. Random ops read only its
// shape.
func noiseLike(x *graph.Node, noise []int) *graph.Node {
	like := x
	for i, d := range noise {
		if d == 1 && x.Dim(i) != 1 {
			like = graph.Slice(like, i, 0, 1)
		}
	}
	return like
}

// noiseShapeValue is a noise shape as Keras writes it, null for None.
func noiseShapeValue(noise []int) any {
	if noise == nil {
		return nil
	}
	return shapeValue(noise)
}

// WithNoiseShape sets the shape of a dropout mask, batch dimension first
// (Keras's noise_shape=, with −1 for None): an axis of size 1 shares one
// draw.
func WithNoiseShape(shape ...int) Option { return Kwarg("noise_shape", slices.Clone(shape)) }

// ComputeOutputShape checks the noise shape against the input's and returns
// the input shape.
func (l *AlphaDropout) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if err := checkNoiseShape(&l.Base, l.NoiseShape, s); err != nil {
		return nil, err
	}
	return []Shape{slices.Clone(s)}, nil
}

// Build does nothing: the layer has no weights.
func (l *AlphaDropout) Build([]Shape) error { return nil }

// Call drops in training and passes the input through in inference.
func (l *AlphaDropout) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	if !c.Training || l.Rate == 0 {
		return in, nil
	}
	like := noiseLike(x, l.NoiseShape)
	r := l.Rate
	alphaP := -seluAlpha * seluScale
	a := 1 / math.Sqrt((1-r)*(1+r*alphaP*alphaP))
	b := -a * alphaP * r
	kept := graph.GreaterEqual(graph.RandomUniform(like, 0, 1), graph.ScalarLike(x, r))
	dropped := graph.Sub(graph.ScalarLike(x, 1), kept)
	y := graph.Add(graph.Mul(x, kept), graph.Mul(graph.ScalarLike(x, alphaP), dropped))
	return []*graph.Node{graph.Add(graph.Mul(graph.ScalarLike(x, a), y), graph.ScalarLike(x, b))}, nil
}
