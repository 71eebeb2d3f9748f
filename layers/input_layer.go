package layers

import (
	"slices"

	"github.com/gokeras/gokeras/graph"
)

// InputLayer is the entry point of a model: it holds the shape and dtype of
// an input (batch dimension first) and passes its value on. Input creates
// one; Sequential adds one in front of its first layer.
type InputLayer struct {
	Base
	dtype  graph.DType
	shape  Shape
	output *KerasTensor
	// kerasDType is the dtype a config named when it was a narrow integer
	// type (uint8, int16, …) that gokeras holds as int32; config writes it
	// back.
	kerasDType string
}

// NewInputLayer returns the input layer of a value of the given shape
// without the batch dimension and of dtype dtype (Keras's
// InputLayer(shape=…, dtype=…)).
func NewInputLayer(shape []int, dtype graph.DType, opts ...Option) *InputLayer {
	l := &InputLayer{dtype: dtype, shape: append(Shape{-1}, shape...)}
	l.Init(l, "InputLayer", opts)
	for _, d := range shape {
		if d < 1 && d != -1 {
			l.Fail(l.Errorf("expected positive dimensions, received shape %s", shapeStr(l.shape)))
		}
	}
	l.built = true
	c := &Call{Layer: l}
	l.output = &KerasTensor{shape: slices.Clone(l.shape), dtype: dtype, call: c, err: l.err}
	c.Outputs = []*KerasTensor{l.output}
	return l
}

// Output returns the KerasTensor the layer feeds into a model.
func (l *InputLayer) Output() *KerasTensor { return l.output }

// BatchShape returns the shape of the input, batch dimension first.
func (l *InputLayer) BatchShape() Shape { return slices.Clone(l.shape) }

// DType returns the element type of the input.
func (l *InputLayer) DType() graph.DType { return l.dtype }

// OutputDType returns the element type of the input.
func (l *InputLayer) OutputDType() graph.DType { return l.dtype }

// ComputeOutputShape returns the input's shape.
func (l *InputLayer) ComputeOutputShape(in []Shape) ([]Shape, error) {
	return []Shape{slices.Clone(l.shape)}, nil
}

// Build does nothing: an input layer has no weights.
func (l *InputLayer) Build([]Shape) error { return nil }

// Call returns its input.
func (l *InputLayer) Call(_ *Context, in []*graph.Node) ([]*graph.Node, error) {
	return in, nil
}
