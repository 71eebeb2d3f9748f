package layers

import (
	"slices"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// Pooling2D is Keras's MaxPooling2D or AveragePooling2D on channels-last
// data: the maximum or the mean of each PoolSize window, moved by Strides
// (by default the pool size), with "valid" or "same" padding; with "same"
// an average counts only the positions inside the input. data_format
// "channels_first" is not supported.
//
// Input shape (batch, height, width, channels); output shape (batch,
// out_height, out_width, channels), sized as Conv2D's.
type Pooling2D struct {
	Base
	// PoolSize and Strides are (height, width).
	PoolSize, Strides [2]int
	// Padding is graph.Valid or graph.Same.
	Padding graph.Padding
	// Average selects the mean; otherwise the maximum.
	Average bool
}

// NewMaxPooling2D returns a MaxPooling2D layer with windows of poolSize
// (none: 2×2; one value: square). It takes WithStrides, WithPadding and
// WithDataFormat besides the common options.
func NewMaxPooling2D(poolSize []int, opts ...Option) *Pooling2D {
	return newPooling2D("MaxPooling2D", false, poolSize, opts)
}

// NewAveragePooling2D returns an AveragePooling2D layer, as
// NewMaxPooling2D.
func NewAveragePooling2D(poolSize []int, opts ...Option) *Pooling2D {
	return newPooling2D("AveragePooling2D", true, poolSize, opts)
}

func newPooling2D(class string, avg bool, poolSize []int, opts []Option) *Pooling2D {
	l := &Pooling2D{}
	l.initPooling(l, class, avg, poolSize, opts)
	return l
}

// initPooling sets up the pooling of the layer self, of class class, in
// place.
func (l *Pooling2D) initPooling(self Layer, class string, avg bool, poolSize []int, opts []Option) {
	l.Average = avg
	k := l.Init(self, class, opts, "strides", "padding", "data_format")
	var err error
	if l.PoolSize, err = pair("pool_size", poolSize, 2); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	l.Strides = l.PoolSize
	if s := k.ints("strides"); s != nil {
		if l.Strides, err = pair("strides", s, 1); err != nil {
			l.Fail(l.Errorf("%v", err))
		}
	}
	if l.Padding, _, err = paddingArg(k, false); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	l.checkChannelsLast(k)
}

// ComputeOutputShape returns (batch, out_height, out_width, channels).
func (l *Pooling2D) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) != 4 {
		return nil, l.ShapeErrorf("expected an input of shape (batch, height, width, channels), received shape %s", shapeStr(s))
	}
	oh := windowOut(s[1], l.PoolSize[0], l.Strides[0], 1, l.Padding)
	ow := windowOut(s[2], l.PoolSize[1], l.Strides[1], 1, l.Padding)
	if oh == 0 || ow == 0 {
		return nil, l.ShapeErrorf("the %v pool does not fit an input of shape %s", l.PoolSize, shapeStr(s))
	}
	return []Shape{{s[0], oh, ow, s[3]}}, nil
}

// Build does nothing: the layer has no weights.
func (l *Pooling2D) Build([]Shape) error { return nil }

// Call pools the windows.
func (l *Pooling2D) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	if l.Average {
		return []*graph.Node{graph.AvgPool2D(in[0], l.PoolSize, l.Strides, l.Padding)}, nil
	}
	return []*graph.Node{graph.MaxPool2D(in[0], l.PoolSize, l.Strides, l.Padding)}, nil
}

func init() {
	Register("MaxPooling2D", func(p *saving.Params) (Layer, error) { return pooling2DFromConfig(p, NewMaxPooling2D) })
	Register("AveragePooling2D", func(p *saving.Params) (Layer, error) { return pooling2DFromConfig(p, NewAveragePooling2D) })
}

// Config returns Keras 3's get_config of the pooling layers: pool_size,
// padding, strides, data_format.
func (l *Pooling2D) Config() (*saving.Params, error) {
	return l.poolConfig(l.PoolSize[:], l.Strides[:]), nil
}

// poolConfig writes a pooling layer's config with the given sizes.
func (l *Pooling2D) poolConfig(pool, strides []int) *saving.Params {
	p := l.BaseConfig()
	return p.Set("pool_size", pool).Set("padding", l.Padding.String()).Set("strides", strides).Set("data_format", "channels_last")
}

// pooling2DFromConfig builds a pooling layer from Keras 3's config or
// Keras 2's.
func pooling2DFromConfig(p *saving.Params, build func([]int, ...Option) *Pooling2D) (Layer, error) {
	pool, opts, err := poolOptions(p)
	if err != nil {
		return nil, err
	}
	return build(slices.Clip(pool), opts...), nil
}

// poolOptions reads a pooling layer's config: its pool size and the other
// arguments as options.
func poolOptions(p *saving.Params) ([]int, []Option, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, nil, err
	}
	pool, err := p.Ints("pool_size", 0)
	if err != nil {
		return nil, nil, err
	}
	if p.Has("strides") {
		s, err := p.Ints("strides", 0)
		if err != nil {
			return nil, nil, err
		}
		opts = append(opts, WithStrides(s...))
	} else {
		p.Ignore("strides")
	}
	pad, err := p.StringOr("padding", "valid")
	if err != nil {
		return nil, nil, err
	}
	df, err := p.StringOr("data_format", "channels_last")
	if err != nil {
		return nil, nil, err
	}
	return pool, append(opts, WithPadding(pad), WithDataFormat(df)), nil
}
