package layers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/tensor"
)

// LSTM is Keras's long short-term memory layer (keras.layers.LSTM): over
// the steps of its input, with gates i (input), f (forget), o (output) and
// candidate g computed from
//
//	z = x_t·kernel + h_{t−1}·recurrent_kernel + bias   (columns i, f, g, o)
//	i, f, o = recurrent_activation(z_i, z_f, z_o),  g = activation(z_g)
//	c_t = f·c_{t−1} + i·g,  h_t = o·activation(c_t)
//
// from h_0 = c_0 = 0. Defaults as in Keras: tanh and sigmoid, a bias with
// the forget gate's part initialized to ones (UnitForgetBias),
// glorot_uniform kernel, orthogonal recurrent kernel. See Recurrent and
// Gated for the options recurrent layers share, the shapes and what is not
// supported; with ReturnState the last h and the last c are the second and
// third outputs.
type LSTM struct {
	Gated
	// UnitForgetBias initializes the forget gate's bias to ones.
	UnitForgetBias bool
}

// NewLSTM returns an LSTM layer with a state of units. It takes the
// options SimpleRNN takes, and WithRecurrentActivation,
// WithUnitForgetBias and WithImplementation.
func NewLSTM(units int, opts ...Option) *LSTM {
	l := &LSTM{UnitForgetBias: true}
	k := l.initGated(l, "LSTM", units, opts, "unit_forget_bias")
	if b, ok := k.Value("unit_forget_bias").(bool); ok {
		l.UnitForgetBias = b
	}
	return l
}

// WithUnitForgetBias sets whether an LSTM's forget gate bias starts at one
// (Keras's unit_forget_bias=, default true).
func WithUnitForgetBias(b bool) Option { return Kwarg("unit_forget_bias", b) }

// ComputeOutputShape checks a (batch, steps, features) input and returns
// the output shapes.
func (l *LSTM) ComputeOutputShape(in []Shape) ([]Shape, error) { return l.outputShapes(in, 2) }

// Build creates the kernel, the recurrent kernel and the bias, four gates
// wide, in Keras's order.
func (l *LSTM) Build(in []Shape) error {
	bias := l.BiasInitializer
	if l.UnitForgetBias {
		bias = forgetBias{l.BiasInitializer, l.Units}
	}
	return l.buildWeights(in, 4, nil, bias)
}

// forgetBias draws an LSTM's bias as Keras's unit_forget_bias does: the
// input gate's part from init, the forget gate's ones, the rest from init.
type forgetBias struct {
	init  initializers.Initializer
	units int
}

func (f forgetBias) Init(shape []int, rng *tensor.RNG) (*tensor.Tensor[float32], error) {
	a, err := f.init.Init([]int{f.units}, rng)
	if err != nil {
		return nil, err
	}
	b, err := f.init.Init([]int{2 * f.units}, rng)
	if err != nil {
		return nil, err
	}
	out := make([]float32, 0, 4*f.units)
	out = append(out, a.Data()...)
	for range f.units {
		out = append(out, 1)
	}
	return tensor.New(shape, append(out, b.Data()...))
}

func (f forgetBias) ClassName() string { return f.init.ClassName() }

// Call runs the recurrence over the steps. The sums are formed in Keras's
// order: (x·kernel + h·recurrent_kernel) + bias.
func (l *LSTM) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	xk, err := l.inputs(c, in[0])
	if err != nil {
		return nil, err
	}
	u := c.Var(l.recurrent)
	var b *graph.Node
	if l.bias != nil {
		b = c.Var(l.bias)
	}
	h0, rmask := l.zeroState(c, xk)
	states, _ := graph.Scan(func(xs, carry []*graph.Node) ([]*graph.Node, []*graph.Node) {
		h, cPrev := carry[0], carry[1]
		if rmask != nil {
			h = graph.Mul(h, rmask)
		}
		z := graph.Add(xs[0], graph.MatMul(h, u))
		if b != nil {
			z = graph.Add(z, b)
		}
		g := graph.Split(z, 4, -1)
		i, f, o := l.RecurrentActivation(g[0]), l.RecurrentActivation(g[1]), l.RecurrentActivation(g[3])
		cNext := graph.Add(graph.Mul(f, cPrev), graph.Mul(i, l.Activation(g[2])))
		return []*graph.Node{graph.Mul(o, l.Activation(cNext)), cNext}, nil
	}, []*graph.Node{graph.Transpose(xk, 1, 0, 2)}, []*graph.Node{h0, h0})
	return l.outputs(c, states[0], states[1]), nil
}
