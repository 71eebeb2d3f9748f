package layers

import (
	"github.com/gokeras/gokeras/graph"
)

// SimpleRNN is Keras's fully connected recurrent layer
// (keras.layers.SimpleRNN): over the steps of its input it computes
//
//	h_t = activation(x_t·kernel + bias + h_{t−1}·recurrent_kernel)
//
// from h_0 = 0. Defaults as in Keras: tanh, a bias, glorot_uniform kernel,
// orthogonal recurrent kernel, zeros bias. See Recurrent for the options
// recurrent layers share, the shapes and what is not supported; with
// ReturnState the last state is the second output.
type SimpleRNN struct {
	Recurrent
}

// NewSimpleRNN returns a SimpleRNN layer with a state of units. It takes
// WithActivation, WithUseBias, the kernel, recurrent and bias
// initializers, regularizers and constraints (WithRecurrentInitializer,
// WithRecurrentRegularizer, WithRecurrentConstraint for the recurrent
// kernel), WithActivityRegularizer, WithDropoutRate, WithRecurrentDropout,
// WithReturnSequences, WithReturnState, WithGoBackwards, WithStateful and
// WithUnroll besides the common options.
func NewSimpleRNN(units int, opts ...Option) *SimpleRNN {
	l := &SimpleRNN{}
	l.initRecurrent(l, "SimpleRNN", units, opts)
	return l
}

// ComputeOutputShape checks a (batch, steps, features) input and returns
// the output shapes.
func (l *SimpleRNN) ComputeOutputShape(in []Shape) ([]Shape, error) { return l.outputShapes(in, 1) }

// Build creates the kernel, the recurrent kernel and the bias, in Keras's
// order.
func (l *SimpleRNN) Build(in []Shape) error { return l.buildWeights(in, 1, nil, l.BiasInitializer) }

// Call runs the recurrence over the steps. The sums are formed in Keras's
// order: (x·kernel + bias) + h·recurrent_kernel.
func (l *SimpleRNN) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	xk, err := l.inputs(c, in[0])
	if err != nil {
		return nil, err
	}
	if l.bias != nil {
		xk = graph.Add(xk, c.Var(l.bias))
	}
	u := c.Var(l.recurrent)
	h0, rmask := l.zeroState(c, xk)
	hs, _ := graph.Scan(func(xs, carry []*graph.Node) ([]*graph.Node, []*graph.Node) {
		h := carry[0]
		if rmask != nil {
			h = graph.Mul(h, rmask)
		}
		return []*graph.Node{l.Activation(graph.Add(xs[0], graph.MatMul(h, u)))}, nil
	}, []*graph.Node{graph.Transpose(xk, 1, 0, 2)}, []*graph.Node{h0})
	return l.outputs(c, hs[0]), nil
}
