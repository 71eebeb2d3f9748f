package layers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// DepthwiseConv2D is Keras's depthwise 2-D convolution
// (keras.layers.DepthwiseConv2D): each input channel is convolved with
// DepthMultiplier filters of its own, with a kernel of shape (kh, kw,
// channels, DepthMultiplier), and output channel c·DepthMultiplier + m is
// channel c's m-th filter. Its options are Conv2D's (the kernel's are
// named depthwise_… in configs); it runs as one convolution per input
// channel.
//
// Input shape (batch, height, width, channels); output shape (batch,
// out_height, out_width, channels·DepthMultiplier).
type DepthwiseConv2D struct {
	Conv2D
	// DepthMultiplier is the number of filters per input channel.
	DepthMultiplier int
}

// NewDepthwiseConv2D returns a DepthwiseConv2D layer with a kernelSize
// window (one value: square) and depthMultiplier filters per channel. It
// takes the options NewConv2D takes.
func NewDepthwiseConv2D(kernelSize []int, depthMultiplier int, opts ...Option) *DepthwiseConv2D {
	l := &DepthwiseConv2D{DepthMultiplier: depthMultiplier}
	l.initConv(l, "DepthwiseConv2D", 1, kernelSize, opts, false)
	if depthMultiplier < 1 {
		l.Fail(l.Errorf("expected a positive depth_multiplier, received %d", depthMultiplier))
	}
	return l
}

// ComputeOutputShape returns (batch, out_height, out_width,
// channels·DepthMultiplier).
func (l *DepthwiseConv2D) ComputeOutputShape(in []Shape) ([]Shape, error) {
	out, err := l.Conv2D.ComputeOutputShape(in)
	if err != nil {
		return nil, err
	}
	out[0][3] = in[0][3] * l.DepthMultiplier
	return out, nil
}

// Build creates the kernel, (kh, kw, channels, DepthMultiplier), and the
// bias.
func (l *DepthwiseConv2D) Build(in []Shape) error {
	l.Filters = in[0][3] * l.DepthMultiplier // the bias's size
	return l.buildConv([]int{l.KernelSize[0], l.KernelSize[1], in[0][3], l.DepthMultiplier})
}

// Call convolves each channel with its own filters.
func (l *DepthwiseConv2D) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x, k := in[0], c.Var(l.kernel)
	channels := x.Dim(3)
	parts := make([]*graph.Node, channels)
	for ch := range channels {
		parts[ch] = graph.Conv2D(graph.Slice(x, 3, ch, ch+1), graph.Slice(k, 2, ch, ch+1), l.Strides, l.DilationRate, l.Padding)
	}
	y := parts[0]
	if channels > 1 {
		y = graph.Concat(parts, 3)
	}
	return l.finish(c, y), nil
}

func init() { Register("DepthwiseConv2D", depthwiseConv2DFromConfig) }

// Config returns Keras 3's get_config of DepthwiseConv2D: Conv2D's fields
// with depth_multiplier and the kernel's arguments named depthwise_….
func (l *DepthwiseConv2D) Config() (*saving.Params, error) {
	p, err := l.convConfig(l.KernelSize[:], l.Strides[:], l.DilationRate[:], l.Padding.String())
	if err != nil {
		return nil, err
	}
	p.Delete("filters")
	for _, name := range []string{"initializer", "regularizer", "constraint"} {
		p.Rename("kernel_"+name, "depthwise_"+name)
	}
	return p.Set("depth_multiplier", l.DepthMultiplier), nil
}

// depthwiseConv2DFromConfig builds a DepthwiseConv2D from Keras 3's config
// or Keras 2's. It reads a copy with the kernel's arguments under
// Conv2D's names, so that the caller's config is left as it was.
func depthwiseConv2DFromConfig(p *saving.Params) (Layer, error) {
	q := p.Clone()
	for _, name := range []string{"initializer", "regularizer", "constraint"} {
		q.Rename("depthwise_"+name, "kernel_"+name)
	}
	q.Set("filters", 1)
	dm, err := q.IntOr("depth_multiplier", 1)
	if err != nil {
		return nil, err
	}
	_, ks, opts, err := convOptions(q)
	if err != nil {
		return nil, err
	}
	if err := q.CheckUsed(); err != nil {
		return nil, err
	}
	p.Ignore(p.Keys()...)
	return NewDepthwiseConv2D(ks, dm, opts...), nil
}
