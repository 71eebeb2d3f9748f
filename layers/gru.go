package layers

import (
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/saving"
)

// GRU is Keras's gated recurrent unit layer (keras.layers.GRU): over the
// steps of its input, with update gate z, reset gate r and candidate h̃
// (kernel and recurrent kernel columns z, r, h),
//
//	z = recurrent_activation(x·W_z + b_z + h·U_z + b′_z)
//	r = recurrent_activation(x·W_r + b_r + h·U_r + b′_r)
//	h̃ = activation(x·W_h + b_h + r·(h·U_h + b′_h))      (ResetAfter)
//	h̃ = activation(x·W_h + b_h + (r·h)·U_h)              (otherwise)
//	h_t = z·h + (1 − z)·h̃
//
// from h_0 = 0. With ResetAfter (the default, as in Keras 3 and for cuDNN)
// the bias has shape (2, 3·Units), input and recurrent biases b and b′;
// otherwise (3·Units). Defaults as in Keras: tanh and sigmoid,
// glorot_uniform kernel, orthogonal recurrent kernel, zeros bias. See
// Recurrent and Gated for the options recurrent layers share, the shapes
// and what is not supported; with ReturnState the last state is the second
// output.
type GRU struct {
	Gated
	// ResetAfter applies the reset gate after the recurrent product.
	ResetAfter bool
}

// NewGRU returns a GRU layer with a state of units. It takes the options
// SimpleRNN takes, and WithRecurrentActivation, WithResetAfter and
// WithImplementation.
func NewGRU(units int, opts ...Option) *GRU {
	l := &GRU{ResetAfter: true}
	k := l.initGated(l, "GRU", units, opts, "reset_after")
	if b, ok := k.Value("reset_after").(bool); ok {
		l.ResetAfter = b
	}
	return l
}

// WithResetAfter sets whether a GRU applies its reset gate after the
// recurrent product (Keras's reset_after=, default true).
func WithResetAfter(b bool) Option { return Kwarg("reset_after", b) }

// ComputeOutputShape checks a (batch, steps, features) input and returns
// the output shapes.
func (l *GRU) ComputeOutputShape(in []Shape) ([]Shape, error) { return l.outputShapes(in, 1) }

// Build creates the kernel, the recurrent kernel and the bias, three
// gates wide, in Keras's order.
func (l *GRU) Build(in []Shape) error {
	var shape []int
	if l.ResetAfter {
		shape = []int{2, 3 * l.Units} // the input and recurrent biases, stacked
	}
	return l.buildWeights(in, 3, shape, l.BiasInitializer)
}

// Call runs the recurrence over the steps, forming the sums in Keras's
// order.
func (l *GRU) Call(c *Context, in []*graph.Node) ([]*graph.Node, error) {
	xm, err := l.inputs(c, in[0])
	if err != nil {
		return nil, err
	}
	var rb *graph.Node // the recurrent bias, with ResetAfter
	if l.bias != nil {
		b := c.Var(l.bias)
		if l.ResetAfter {
			parts := graph.Split(b, 2, 0)
			b, rb = graph.Squeeze(parts[0], 0), graph.Squeeze(parts[1], 0)
		}
		xm = graph.Add(xm, b)
	}
	u := c.Var(l.recurrent)
	var uzr, uh *graph.Node
	if !l.ResetAfter {
		uzr, uh = graph.Slice(u, 1, 0, 2*l.Units), graph.Slice(u, 1, 2*l.Units, 3*l.Units)
	}
	h0, rmask := l.zeroState(c, xm)
	hs, _ := graph.Scan(func(xs, carry []*graph.Node) ([]*graph.Node, []*graph.Node) {
		h := carry[0]
		hd := h // the state the products read, after recurrent dropout
		if rmask != nil {
			hd = graph.Mul(h, rmask)
		}
		x := graph.Split(xs[0], 3, -1)
		var z, r, hh *graph.Node
		if l.ResetAfter {
			inner := graph.MatMul(hd, u)
			if rb != nil {
				inner = graph.Add(inner, rb)
			}
			rec := graph.Split(inner, 3, -1)
			z = l.RecurrentActivation(graph.Add(x[0], rec[0]))
			r = l.RecurrentActivation(graph.Add(x[1], rec[1]))
			hh = l.Activation(graph.Add(x[2], graph.Mul(r, rec[2])))
		} else {
			rec := graph.Split(graph.MatMul(hd, uzr), 2, -1)
			z = l.RecurrentActivation(graph.Add(x[0], rec[0]))
			r = l.RecurrentActivation(graph.Add(x[1], rec[1]))
			hh = l.Activation(graph.Add(x[2], graph.MatMul(graph.Mul(r, hd), uh)))
		}
		next := graph.Add(graph.Mul(z, h), graph.Mul(graph.Sub(graph.ScalarLike(z, 1), z), hh))
		return []*graph.Node{next}, nil
	}, []*graph.Node{graph.Transpose(xm, 1, 0, 2)}, []*graph.Node{h0})
	return l.outputs(c, hs[0]), nil
}

func init() { Register("GRU", gruFromConfig) }

// Config returns Keras 3's get_config of GRU: SimpleRNN's fields with
// recurrent_activation after activation, reset_after before the dropouts,
// and seed (null: the masks come from the graph's streams).
func (l *GRU) Config() (*saving.Params, error) {
	p, err := l.gatedConfig(nil)
	if err != nil {
		return nil, err
	}
	return p.Set("reset_after", l.ResetAfter).Set("seed", nil), nil
}

// gruFromConfig builds a GRU from Keras 3's config or Keras 2's.
func gruFromConfig(p *saving.Params) (Layer, error) {
	units, opts, err := gatedOptions(p)
	if err != nil {
		return nil, err
	}
	ra, err := p.BoolOr("reset_after", true)
	if err != nil {
		return nil, err
	}
	return NewGRU(units, append(opts, WithResetAfter(ra))...), nil
}
