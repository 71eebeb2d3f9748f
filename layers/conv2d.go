package layers

import (
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// Conv2D is Keras's 2-D convolution layer (keras.layers.Conv2D) on
// channels-last data: output = activation(conv(x, kernel) + bias), with a
// kernel of shape (kh, kw, input channels, Filters). Defaults as in Keras:
// strides 1, "valid" padding, dilation 1, linear activation, a bias,
// glorot_uniform kernel and zeros bias. data_format "channels_first" and
// groups other than 1 are not supported: the constructor rejects them.
//
// Input shape (batch, height, width, channels); output shape (batch,
// out_height, out_width, Filters), with out = ceil(in/stride) for "same"
// padding and floor((in − dilation·(k−1) − 1)/stride) + 1 for "valid".
type Conv2D struct {
	Base
	// Filters is the number of output channels.
	Filters int
	// KernelSize, Strides and DilationRate are (height, width).
	KernelSize, Strides, DilationRate [2]int
	// Padding is graph.Valid or graph.Same.
	Padding graph.Padding
	Affine

	kernel, bias *Variable
}

// NewConv2D returns a Conv2D layer with filters output channels and a
// kernelSize window (one value: square). It takes WithStrides,
// WithPadding, WithDilationRate, WithGroups, WithDataFormat and the
// options Dense takes besides the common ones.
func NewConv2D(filters int, kernelSize []int, opts ...Option) *Conv2D {
	l := &Conv2D{}
	l.initConv(l, "Conv2D", filters, kernelSize, opts, false)
	return l
}

// initConv sets up the convolution of the layer self, of class class, in
// place. With causalOK the layer also takes padding "causal" (Conv1D's),
// which sets Padding to graph.Valid and returns true: the layer puts the
// zeros before the steps itself.
func (l *Conv2D) initConv(self Layer, class string, filters int, kernelSize []int, opts []Option, causalOK bool) (causal bool) {
	l.Filters = filters
	k := l.Init(self, class, opts, append([]string{"strides", "padding", "dilation_rate", "groups", "data_format"}, affineArgs...)...)
	if filters < 1 {
		l.Fail(l.Errorf("expected a positive number of filters, received %d", filters))
	}
	var err error
	if l.KernelSize, err = pair("kernel_size", kernelSize, 1); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.Strides, err = pair("strides", k.ints("strides"), 1); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if l.DilationRate, err = pair("dilation_rate", k.ints("dilation_rate"), 1); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if (l.Strides[0] > 1 || l.Strides[1] > 1) && (l.DilationRate[0] > 1 || l.DilationRate[1] > 1) {
		l.Fail(l.Errorf("strides > 1 with dilation_rate > 1 is not allowed, received strides=%v dilation_rate=%v", l.Strides, l.DilationRate))
	}
	if l.Padding, causal, err = paddingArg(k, causalOK); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if g := k.float("groups", 1); g != 1 {
		l.Fail(l.Errorf("groups=%v is not supported (only 1)", g))
	}
	l.checkChannelsLast(k)
	l.initAffine(&l.Base, k)
	return causal
}

// WithStrides sets a convolution's or pooling's steps (Keras's strides=):
// one value for both dimensions or (height, width).
func WithStrides(s ...int) Option { return Kwarg("strides", slices.Clone(s)) }

// WithPadding sets "valid" (the default) or "same" padding (Keras's
// padding=); Conv1D also takes "causal".
func WithPadding(p string) Option { return Kwarg("padding", p) }

// WithDilationRate sets a convolution's dilation (Keras's
// dilation_rate=): one value or (height, width).
func WithDilationRate(d ...int) Option { return Kwarg("dilation_rate", slices.Clone(d)) }

// WithGroups is Keras's groups=; gokeras supports only 1.
func WithGroups(g int) Option { return Kwarg("groups", float64(g)) }

// pair reads a 2-D size argument: none gives def twice, one value is used
// for both dimensions, two are (height, width); each must be ≥ 1 and fit
// the kernels' windows (≤ 127).
func pair(name string, v []int, def int) ([2]int, error) {
	switch len(v) {
	case 0:
		return [2]int{def, def}, nil
	case 1:
		v = []int{v[0], v[0]}
	case 2:
	default:
		return [2]int{}, fmt.Errorf("expected one or two values for %s, received %v", name, v)
	}
	for _, d := range v {
		if d < 1 || d > 127 {
			return [2]int{}, fmt.Errorf("expected %s between 1 and 127, received %v", name, v)
		}
	}
	return [2]int{v[0], v[1]}, nil
}

// paddingArg reads the padding argument; with causalOK "causal" is
// valid padding after zeros the layer adds, and causal reports it.
func paddingArg(k *Kwargs, causalOK bool) (pad graph.Padding, causal bool, err error) {
	p, _ := k.Value("padding").(string)
	switch {
	case p == "" || p == "valid":
		return graph.Valid, false, nil
	case p == "same":
		return graph.Same, false, nil
	case p == "causal" && causalOK:
		return graph.Valid, true, nil
	case causalOK:
		return graph.Valid, false, fmt.Errorf("expected padding \"valid\", \"same\" or \"causal\", received %q", p)
	}
	return graph.Valid, false, fmt.Errorf("expected padding \"valid\" or \"same\", received %q", p)
}

// checkChannelsLast fails the layer for a data_format other than
// channels_last.
func (b *Base) checkChannelsLast(k *Kwargs) {
	if k.Has("data_format") && k.DataFormat != "channels_last" {
		b.Fail(b.Errorf("only data_format \"channels_last\" is supported, received %q", k.DataFormat))
	}
}

// windowOut returns the output size of a window over n positions (−1 when
// unknown).
func windowOut(n, k, stride, dilation int, p graph.Padding) int {
	if n < 0 {
		return -1
	}
	if p == graph.Same {
		return (n + stride - 1) / stride
	}
	span := dilation*(k-1) + 1
	if n < span {
		return 0
	}
	return (n-span)/stride + 1
}

// ComputeOutputShape returns (batch, out_height, out_width, Filters).
func (l *Conv2D) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) != 4 || s[3] < 1 {
		return nil, l.ShapeErrorf("expected an input of shape (batch, height, width, channels) with known channels, received shape %s", shapeStr(s))
	}
	if l.kernel != nil && s[3] != l.kernel.Shape()[2] {
		return nil, l.ShapeErrorf("expected %d channels, received shape %s", l.kernel.Shape()[2], shapeStr(s))
	}
	oh := windowOut(s[1], l.KernelSize[0], l.Strides[0], l.DilationRate[0], l.Padding)
	ow := windowOut(s[2], l.KernelSize[1], l.Strides[1], l.DilationRate[1], l.Padding)
	if oh == 0 || ow == 0 {
		return nil, l.ShapeErrorf("the %v kernel (dilation %v) does not fit an input of shape %s", l.KernelSize, l.DilationRate, shapeStr(s))
	}
	return []Shape{{s[0], oh, ow, l.Filters}}, nil
}

// Build creates the kernel and the bias.
func (l *Conv2D) Build(in []Shape) error {
	return l.buildConv([]int{l.KernelSize[0], l.KernelSize[1], in[0][3], l.Filters})
}

// buildConv creates a kernel of the given shape and the bias.
func (l *Conv2D) buildConv(shape []int) error {
	var err error
	if l.kernel, err = l.AddWeight("kernel", shape, l.KernelInitializer, l.KernelRegularizer, true); err != nil {
		return err
	}
	l.kernel.Constraint = l.KernelConstraint
	if l.UseBias {
		if l.bias, err = l.AddWeight("bias", []int{l.Filters}, l.BiasInitializer, l.BiasRegularizer, true); err != nil {
			return err
		}
		l.bias.Constraint = l.BiasConstraint
	}
	return nil
}

// Call returns activation(conv(x, kernel) + bias).
func (l *Conv2D) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	return l.finish(c, graph.Conv2D(in[0], c.Var(l.kernel), l.Strides, l.DilationRate, l.Padding)), nil
}

// finish adds the bias to a convolution's result y, applies the
// activation and records the activity penalty.
func (l *Conv2D) finish(c *Context, y *graph.Node) []*graph.Node {
	if l.bias != nil {
		y = graph.Add(y, c.Var(l.bias))
	}
	y = l.Activation(y)
	if l.ActivityRegularizer != nil && c.Training {
		c.AddLoss(l.ActivityRegularizer.Penalty(y))
	}
	return []*graph.Node{y}
}

// Kernel returns the kernel once built, or nil.
func (l *Conv2D) Kernel() *Variable { return l.kernel }

// Bias returns the bias once built, or nil (also without bias).
func (l *Conv2D) Bias() *Variable { return l.bias }

func init() { Register("Conv2D", conv2DFromConfig) }

// Config returns Keras 3's get_config of Conv2D: filters, kernel_size,
// strides, padding, data_format, dilation_rate, groups, activation,
// use_bias, then the weight arguments.
func (l *Conv2D) Config() (*saving.Params, error) {
	return l.convConfig(l.KernelSize[:], l.Strides[:], l.DilationRate[:], l.Padding.String())
}

// convConfig writes a convolution's config with the given sizes and
// padding.
func (l *Conv2D) convConfig(kernel, strides, dilation []int, padding string) (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("filters", l.Filters).Set("kernel_size", kernel).Set("strides", strides)
	p.Set("padding", padding).Set("data_format", "channels_last").Set("dilation_rate", dilation).Set("groups", 1)
	if err := l.putAffine(&l.Base, p, true); err != nil {
		return nil, err
	}
	return p, nil
}

// conv2DFromConfig builds a Conv2D from Keras 3's config or Keras 2's.
func conv2DFromConfig(p *saving.Params) (Layer, error) {
	filters, ks, opts, err := convOptions(p)
	if err != nil {
		return nil, err
	}
	return NewConv2D(filters, ks, opts...), nil
}

// convOptions reads a convolution's config: its filters, kernel size and
// the other arguments as options.
func convOptions(p *saving.Params) (int, []int, []Option, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return 0, nil, nil, err
	}
	filters, err := p.Int("filters")
	if err != nil {
		return 0, nil, nil, err
	}
	ks, err := p.Ints("kernel_size", 0)
	if err != nil {
		return 0, nil, nil, err
	}
	for _, it := range []struct {
		key string
		opt func(...int) Option
	}{{"strides", WithStrides}, {"dilation_rate", WithDilationRate}} {
		if p.Has(it.key) {
			v, err := p.Ints(it.key, 0)
			if err != nil {
				return 0, nil, nil, err
			}
			opts = append(opts, it.opt(v...))
		} else {
			p.Ignore(it.key)
		}
	}
	pad, err := p.StringOr("padding", "valid")
	if err != nil {
		return 0, nil, nil, err
	}
	df, err := p.StringOr("data_format", "channels_last")
	if err != nil {
		return 0, nil, nil, err
	}
	groups, err := p.IntOr("groups", 1)
	if err != nil {
		return 0, nil, nil, err
	}
	opts = append(opts, WithPadding(pad), WithDataFormat(df), WithGroups(groups))
	aopts, err := affineOptions(p)
	if err != nil {
		return 0, nil, nil, err
	}
	return filters, ks, append(opts, aopts...), nil
}
