package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// Pooling1D is Keras's MaxPooling1D or AveragePooling1D over the steps of
// (batch, steps, channels) data: Pooling2D's windows of height 1.
type Pooling1D struct {
	Pooling2D
}

// NewMaxPooling1D returns a MaxPooling1D layer with windows of poolSize
// steps (Keras's default 2). It takes WithStrides (one value), WithPadding
// and WithDataFormat besides the common options.
func NewMaxPooling1D(poolSize int, opts ...Option) *Pooling1D {
	return newPooling1D("MaxPooling1D", false, poolSize, opts)
}

// NewAveragePooling1D returns an AveragePooling1D layer, as
// NewMaxPooling1D.
func NewAveragePooling1D(poolSize int, opts ...Option) *Pooling1D {
	return newPooling1D("AveragePooling1D", true, poolSize, opts)
}

func newPooling1D(class string, avg bool, poolSize int, opts []Option) *Pooling1D {
	l := &Pooling1D{}
	l.initPooling(l, class, avg, []int{1, poolSize}, opts)
	l.Strides[0] = 1
	return l
}

// ComputeOutputShape returns (batch, out_steps, channels).
func (l *Pooling1D) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) != 3 {
		return nil, l.ShapeErrorf("expected an input of shape (batch, steps, channels), received shape %s", shapeStr(s))
	}
	out := windowOut(s[1], l.PoolSize[1], l.Strides[1], 1, l.Padding)
	if out == 0 {
		return nil, l.ShapeErrorf("the pool of %d steps does not fit an input of shape %s", l.PoolSize[1], shapeStr(s))
	}
	return []Shape{{s[0], out, s[2]}}, nil
}

// Call pools the windows of steps.
func (l *Pooling1D) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	out, err := l.Pooling2D.Call(c, []*graph.Node{graph.ExpandDims(in[0], 1)})
	if err != nil {
		return nil, err
	}
	return []*graph.Node{graph.Squeeze(out[0], 1)}, nil
}

func init() {
	Register("MaxPooling1D", func(p *saving.Params) (Layer, error) { return pooling1DFromConfig(p, NewMaxPooling1D) })
	Register("AveragePooling1D", func(p *saving.Params) (Layer, error) { return pooling1DFromConfig(p, NewAveragePooling1D) })
}

// Config returns Keras 3's get_config of the 1-D pooling layers:
// pool_size, padding, strides, data_format, one value each.
func (l *Pooling1D) Config() (*saving.Params, error) {
	return l.poolConfig(l.PoolSize[1:], l.Strides[1:]), nil
}

// pooling1DFromConfig builds a 1-D pooling layer from Keras 3's config or
// Keras 2's.
func pooling1DFromConfig(p *saving.Params, build func(int, ...Option) *Pooling1D) (Layer, error) {
	pool, opts, err := poolOptions(p)
	if err != nil {
		return nil, err
	}
	if len(pool) != 1 {
		return nil, fmt.Errorf("%s: pool_size: expected one value, received %v", p.Owner(), pool)
	}
	return build(pool[0], opts...), nil
}
