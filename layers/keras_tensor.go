package layers

import (
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/graph"
)

// KerasTensor is a symbolic tensor of the functional API: the shape and
// dtype of a value and the layer call that produces it. Calling a layer on
// KerasTensors (Apply) records the call and returns new KerasTensors; a
// functional model replays the recorded calls from its inputs to its
// outputs. A KerasTensor whose call failed carries the error (Err), and
// every tensor computed from it carries it too.
type KerasTensor struct {
	shape Shape
	dtype graph.DType
	call  *Call
	index int
	err   error
}

// Call is one recorded call of a layer on KerasTensors.
type Call struct {
	Layer   Layer
	Inputs  []*KerasTensor
	Outputs []*KerasTensor
}

// Shape returns a copy of the shape, batch dimension first (-1 if unknown).
func (t *KerasTensor) Shape() Shape { return slices.Clone(t.shape) }

// DType returns the element type.
func (t *KerasTensor) DType() graph.DType { return t.dtype }

// Err returns the error of the call that produced t or of one before it.
func (t *KerasTensor) Err() error {
	if t == nil {
		return fmt.Errorf("layers: nil KerasTensor")
	}
	return t.err
}

// Source returns the call that produced t and t's index among its outputs.
func (t *KerasTensor) Source() (*Call, int) { return t.call, t.index }

// String describes t as Keras does: <KerasTensor shape=(None, 32),
// dtype=float32, source=dense>.
func (t *KerasTensor) String() string {
	if t == nil {
		return "<nil KerasTensor>"
	}
	if t.err != nil {
		return fmt.Sprintf("<KerasTensor invalid: %v>", t.err)
	}
	src := "?"
	if t.call != nil {
		src = t.call.Layer.LayerBase().Name()
	}
	return fmt.Sprintf("<KerasTensor shape=%s, dtype=%s, source=%s>", shapeStr(t.shape), t.dtype, src)
}

// Input returns the symbolic input of a functional model: a float32
// KerasTensor of the given shape without the batch dimension, as
// keras.Input(shape=…).
func Input(shape ...int) *KerasTensor {
	return InputWith("", graph.Float32, shape...)
}

// InputWith returns a symbolic input named name (automatic if "") of the
// given dtype and shape without the batch dimension.
func InputWith(name string, dtype graph.DType, shape ...int) *KerasTensor {
	var opts []Option
	if name != "" {
		opts = append(opts, WithName(name))
	}
	l := NewInputLayer(shape, dtype, opts...)
	return l.Output()
}

// Apply calls l on the KerasTensors inputs, building l for their shapes
// the first time, and returns the KerasTensors of its outputs. If an input
// is invalid, or l cannot take inputs of these shapes, every output is
// invalid and carries the error.
func Apply(l Layer, inputs ...*KerasTensor) []*KerasTensor {
	b := l.LayerBase()
	fail := func(err error) []*KerasTensor {
		return []*KerasTensor{{err: err}}
	}
	if len(inputs) == 0 {
		return fail(b.Errorf("called on no input"))
	}
	shapes := make([]Shape, len(inputs))
	dt := graph.Float32
	for i, x := range inputs {
		if err := x.Err(); err != nil {
			return fail(err)
		}
		shapes[i] = x.shape
		if i == 0 {
			dt = x.dtype
		}
	}
	out, err := BuildLayer(l, shapes)
	if err != nil {
		return fail(err)
	}
	c := &Call{Layer: l, Inputs: slices.Clone(inputs)}
	for i, s := range out {
		odt := dt
		if d, ok := l.(interface{ OutputDType() graph.DType }); ok {
			odt = d.OutputDType()
		}
		c.Outputs = append(c.Outputs, &KerasTensor{shape: s, dtype: odt, call: c, index: i})
	}
	b.inbound++
	return c.Outputs
}

// Apply calls the layer on the KerasTensors inputs and returns its first
// output (its only one, for all but a few layers): x = layers.NewDense(32).Apply(x)
// is Keras's x = Dense(32)(x). See the function Apply.
func (b *Base) Apply(inputs ...*KerasTensor) *KerasTensor {
	if b.self == nil {
		return &KerasTensor{err: fmt.Errorf("layers: Apply on a layer whose Base was not initialized")}
	}
	return Apply(b.self, inputs...)[0]
}
