package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// Conv1D is Keras's 1-D convolution layer (keras.layers.Conv1D) over the
// steps of (batch, steps, channels) data, with a kernel of shape
// (kernel_size, input channels, Filters), run as a convolution of height
// 1. Its options are Conv2D's, with one value each for strides and
// dilation_rate, and padding "valid", "same" or "causal" (zeros before the
// first step only, so that step t sees steps ≤ t).
//
// Input shape (batch, steps, channels); output shape (batch, out_steps,
// Filters).
type Conv1D struct {
	Conv2D
	// Causal pads only before the first step.
	Causal bool
}

// NewConv1D returns a Conv1D layer with filters output channels and a
// window of kernelSize steps. It takes the options NewConv2D takes.
func NewConv1D(filters, kernelSize int, opts ...Option) *Conv1D {
	l := &Conv1D{}
	// Causal padding is valid padding after explicit zeros (Call).
	l.Causal = l.initConv(l, "Conv1D", filters, []int{1, kernelSize}, opts, true)
	// One value each: the height of the window is 1.
	l.Strides[0], l.DilationRate[0] = 1, 1
	return l
}

// ComputeOutputShape returns (batch, out_steps, Filters).
func (l *Conv1D) ComputeOutputShape(in []Shape) ([]Shape, error) {
	s, err := l.one(in)
	if err != nil {
		return nil, err
	}
	if len(s) != 3 || s[2] < 1 {
		return nil, l.ShapeErrorf("expected an input of shape (batch, steps, channels) with known channels, received shape %s", shapeStr(s))
	}
	if l.kernel != nil && s[2] != l.kernel.Shape()[1] {
		return nil, l.ShapeErrorf("expected %d channels, received shape %s", l.kernel.Shape()[1], shapeStr(s))
	}
	steps := s[1]
	if l.Causal && steps >= 0 {
		steps += l.causalPad()
	}
	out := windowOut(steps, l.KernelSize[1], l.Strides[1], l.DilationRate[1], l.Padding)
	if out == 0 {
		return nil, l.ShapeErrorf("the kernel of %d steps (dilation %d) does not fit an input of shape %s", l.KernelSize[1], l.DilationRate[1], shapeStr(s))
	}
	return []Shape{{s[0], out, l.Filters}}, nil
}

// causalPad is the number of zeros causal padding puts before the steps.
func (l *Conv1D) causalPad() int { return l.DilationRate[1] * (l.KernelSize[1] - 1) }

// Build creates the kernel, (kernel_size, channels, Filters), and the bias.
func (l *Conv1D) Build(in []Shape) error {
	return l.buildConv([]int{l.KernelSize[1], in[0][2], l.Filters})
}

// Call convolves over the steps.
func (l *Conv1D) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	x := in[0]
	if l.Causal {
		x = graph.Pad(x, [][2]int{{0, 0}, {l.causalPad(), 0}, {0, 0}})
	}
	k := graph.ExpandDims(c.Var(l.kernel), 0) // (1, kernel_size, channels, filters)
	y := graph.Conv2D(graph.ExpandDims(x, 1), k, l.Strides, l.DilationRate, l.Padding)
	return l.finish(c, graph.Squeeze(y, 1)), nil
}

func init() { Register("Conv1D", conv1DFromConfig) }

// Config returns Keras 3's get_config of Conv1D: Conv2D's fields with one
// value each for kernel_size, strides and dilation_rate.
func (l *Conv1D) Config() (*saving.Params, error) {
	pad := l.Padding.String()
	if l.Causal {
		pad = "causal"
	}
	return l.convConfig(l.KernelSize[1:], l.Strides[1:], l.DilationRate[1:], pad)
}

// conv1DFromConfig builds a Conv1D from Keras 3's config or Keras 2's.
func conv1DFromConfig(p *saving.Params) (Layer, error) {
	filters, ks, opts, err := convOptions(p)
	if err != nil {
		return nil, err
	}
	if len(ks) != 1 {
		return nil, fmt.Errorf("%s: kernel_size: expected one value, received %v", p.Owner(), ks)
	}
	return NewConv1D(filters, ks[0], opts...), nil
}
