package layers

import (
	"errors"
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/tensor"
)

// Shape is a static shape with the batch dimension first; a dimension of
// -1 is unknown (None in Keras), as the batch dimension usually is.
type Shape = []int

// Layer is a Keras layer. Implementations embed Base, which provides the
// name, the weights and the bookkeeping, and add three methods:
//
//   - ComputeOutputShape checks the shapes of the inputs (the batch
//     dimension first, -1 where unknown) and returns the output shapes; its
//     errors name the layer and the shapes;
//   - Build creates the weights for inputs of those shapes with
//     Base.AddWeight; it runs once, through BuildLayer;
//   - Call adds the nodes computing the outputs from the input nodes to
//     their graph, reading the weights through Context.Var and the
//     training flag from the Context.
//
// Most layers take one input and give one output; merge layers take
// several.
type Layer interface {
	// LayerBase returns the shared state of the layer, the embedded Base.
	LayerBase() *Base
	// ComputeOutputShape returns the shapes of the outputs for inputs of
	// the given shapes, or an error if the layer cannot take them.
	ComputeOutputShape(inputs []Shape) ([]Shape, error)
	// Build creates the layer's weights for inputs of the given shapes.
	Build(inputs []Shape) error
	// Call returns the output nodes for the input nodes.
	Call(c *Context, inputs []*graph.Node) ([]*graph.Node, error)
}

// ErrShape reports inputs of shapes a layer cannot take.
var ErrShape = errors.New("incompatible input shape")

// Base is embedded by every layer: it holds the name, the class, the
// weights, the trainable flag, the declared input shape and the first
// error made while configuring the layer.
type Base struct {
	self       Layer
	name       string
	class      string
	trainable  bool
	built      bool
	inputShape Shape // declared with WithInputShape or WithInputDim, batch first
	weights    []*Variable
	rng        *tensor.RNG
	err        error
	nWeights   uint64
	inbound    int           // calls recorded on KerasTensors
	budget     *WeightBudget // bounds the weights AddWeight creates, or nil
}

// Init sets up the base of the layer self, of the Keras class class, from
// the options opts; allowed lists the option names the layer takes
// besides the common ones (name, input_shape, input_dim, trainable). It
// returns the options for the layer to read its own.
func (b *Base) Init(self Layer, class string, opts []Option, allowed ...string) *Kwargs {
	b.self = self
	b.class = class
	b.trainable = true
	b.rng = NewStream()
	k := parseKwargs(opts)
	if err := k.check(class, allowed); err != nil {
		b.Fail(err)
	}
	b.name = k.Name
	if b.name == "" {
		b.name = UniqueName(SnakeCase(class))
	}
	if k.has("trainable") {
		b.trainable = k.Trainable
	}
	if k.InputShape != nil {
		b.inputShape = append(Shape{-1}, k.InputShape...)
	}
	return k
}

// LayerBase returns b.
func (b *Base) LayerBase() *Base { return b }

// Name returns the layer's name, unique in the process unless given.
func (b *Base) Name() string { return b.name }

// ClassName returns the Keras class name, e.g. "Dense".
func (b *Base) ClassName() string { return b.class }

// Built reports whether the layer has created its weights.
func (b *Base) Built() bool { return b.built }

// Trainable reports whether the layer's weights are trained.
func (b *Base) Trainable() bool { return b.trainable }

// SetTrainable freezes (false) or unfreezes (true) the layer's weights. A
// model compiled before the change must be compiled again to see it.
func (b *Base) SetTrainable(t bool) { b.trainable = t }

// InputShape returns the input shape declared with WithInputShape or
// WithInputDim, batch dimension first, or nil.
func (b *Base) InputShape() Shape { return slices.Clone(b.inputShape) }

// Err returns the first error made configuring the layer.
func (b *Base) Err() error { return b.err }

// Fail records err as the layer's error if it is the first.
func (b *Base) Fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// Errorf returns an error naming the layer, in Keras's form: "Dense
// "dense_1": …".
func (b *Base) Errorf(format string, args ...any) error {
	return fmt.Errorf("layers: %s %q: %s", b.class, b.name, fmt.Sprintf(format, args...))
}

// ShapeErrorf returns an error wrapping ErrShape that names the layer.
func (b *Base) ShapeErrorf(format string, args ...any) error {
	return fmt.Errorf("layers: %s %q: %w: %s", b.class, b.name, ErrShape, fmt.Sprintf(format, args...))
}

// Weights returns the layer's variables, the trainable ones first, as
// Keras's layer.weights.
func (b *Base) Weights() []*Variable {
	return append(b.TrainableWeights(), b.NonTrainableWeights()...)
}

// TrainableWeights returns the variables the optimizer updates: none if
// the layer is frozen.
func (b *Base) TrainableWeights() []*Variable {
	if !b.trainable {
		return nil
	}
	var out []*Variable
	for _, v := range b.weights {
		if v.trainable {
			out = append(out, v)
		}
	}
	return out
}

// NonTrainableWeights returns the variables the optimizer leaves alone:
// all of them if the layer is frozen.
func (b *Base) NonTrainableWeights() []*Variable {
	var out []*Variable
	for _, v := range b.weights {
		if !v.trainable || !b.trainable {
			out = append(out, v)
		}
	}
	return out
}

// AddWeight creates a float32 weight of the layer named name (its path is
// "layer/name"), initialized by init with a stream of the layer's
// generator, with an optional regularizer. Build calls it. A shape with a
// negative dimension or too many scalars to allocate, or a weight larger
// than what is left of the layer's WeightBudget, is an error naming the
// layer, the weight and its shape, returned before anything is allocated.
func (b *Base) AddWeight(name string, shape []int, init initializers.Initializer, reg regularizers.Regularizer, trainable bool) (*Variable, error) {
	if err := b.checkWeight(name, shape); err != nil {
		return nil, err
	}
	b.nWeights++
	val, err := init.Init(shape, b.rng.Child(b.nWeights))
	if err != nil {
		return nil, b.Errorf("weight %s: %v", name, err)
	}
	v, err := NewVariable(b.name+"/"+name, val, trainable)
	if err != nil {
		return nil, err
	}
	v.Regularizer = reg
	b.weights = append(b.weights, v)
	return v, nil
}

// RNG returns the layer's random generator, from which it draws seeds for
// random ops (Dropout).
func (b *Base) RNG() *tensor.RNG { return b.rng }

// CountParams returns the number of scalars in the layer's weights.
func (b *Base) CountParams() int {
	n := 0
	for _, v := range b.weights {
		n += v.Size()
	}
	return n
}

// BuildLayer builds l for inputs of the given shapes unless it is built,
// after checking them with ComputeOutputShape, and returns the output
// shapes. Models and Apply call it; a layer's error is returned first.
func BuildLayer(l Layer, inputs []Shape) ([]Shape, error) {
	b := l.LayerBase()
	if b.err != nil {
		return nil, b.err
	}
	out, err := l.ComputeOutputShape(inputs)
	if err != nil {
		return nil, err
	}
	if !b.built {
		if err := l.Build(inputs); err != nil {
			return nil, err
		}
		b.built = true
	}
	return out, nil
}

// Context is what a layer sees of the function being built: the graph,
// whether the function trains, and where to put extra losses and updates.
type Context struct {
	// Training is true in the train function, false in the test and
	// predict functions.
	Training bool

	graph   *graph.Graph
	losses  []*graph.Node
	updates []graph.Update
}

// NewContext returns a context for building a function in g.
func NewContext(g *graph.Graph, training bool) *Context {
	return &Context{Training: training, graph: g}
}

// Graph returns the graph the function is built in.
func (c *Context) Graph() *graph.Graph { return c.graph }

// Var returns the node of v in the context's graph, binding it there.
func (c *Context) Var(v *Variable) *graph.Node { return v.Node(c.graph) }

// AddLoss adds a scalar to the loss the train function minimizes (an
// activity regularizer's penalty).
func (c *Context) AddLoss(n *graph.Node) { c.losses = append(c.losses, n) }

// Losses returns the losses added by the layers called so far.
func (c *Context) Losses() []*graph.Node { return c.losses }

// AddUpdate asks the function to update a non-trainable variable (moving
// statistics) after each call.
func (c *Context) AddUpdate(u graph.Update) { c.updates = append(c.updates, u) }

// Updates returns the updates added by the layers called so far.
func (c *Context) Updates() []graph.Update { return c.updates }

// CallLayer calls l on the input nodes after building it for their static
// shapes; errors name the layer.
func CallLayer(c *Context, l Layer, inputs []*graph.Node) ([]*graph.Node, error) {
	shapes := make([]Shape, len(inputs))
	for i, x := range inputs {
		shapes[i] = x.Shape()
	}
	if _, err := BuildLayer(l, shapes); err != nil {
		return nil, err
	}
	out, err := l.Call(c, inputs)
	if err != nil {
		return nil, err
	}
	if err := c.graph.Err(); err != nil {
		b := l.LayerBase()
		return nil, fmt.Errorf("layers: %s %q: %w", b.class, b.name, err)
	}
	return out, nil
}

// one checks that a single-input layer got one input.
func (b *Base) one(inputs []Shape) (Shape, error) {
	if len(inputs) != 1 {
		return nil, b.Errorf("expected 1 input, received %d", len(inputs))
	}
	return inputs[0], nil
}

// shapeStr formats a shape as Keras prints it.
func shapeStr(s Shape) string { return tensor.ShapeString(s) }
