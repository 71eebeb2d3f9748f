package models

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
)

// Sequential is Keras's stack of layers, each fed the output of the one
// before: a thin wrapper over Model. If the first layer declares its input
// (WithInputDim, WithInputShape) or an InputLayer comes first, the model
// is built as layers are added and Summary shows the shapes at once;
// otherwise it is built when it first sees data.
type Sequential struct {
	*Model
	stack []layers.Layer
	input *layers.InputLayer
}

// NewSequential returns a Sequential model of the given layers, as
// keras.Sequential([...]). An error adding a layer (a shape it cannot
// take) is kept and reported by Err, Compile, Fit, Evaluate, Predict and
// Summary; use Add to see it at once.
func NewSequential(ls ...layers.Layer) *Sequential {
	return NewSequentialNamed("", ls...)
}

// NewSequentialNamed is NewSequential with a model name ("" for the
// automatic "sequential", "sequential_1", …).
func NewSequentialNamed(name string, ls ...layers.Layer) *Sequential {
	var opts []layers.Option
	if name != "" {
		opts = append(opts, layers.WithName(name))
	}
	s := &Sequential{Model: newModel("Sequential", "sequential", opts)}
	s.sequential = true
	s.builder = s.buildFor
	s.pending = func() []layers.Layer { return append([]layers.Layer(nil), s.stack...) }
	for _, l := range ls {
		if err := s.Add(l); err != nil && s.err == nil {
			s.err = err
		}
	}
	return s
}

// Add appends a layer, building it at once if the model's input shape is
// known. On error (a layer's own error, or a shape it cannot take) the
// layer is not added.
func (s *Sequential) Add(l layers.Layer) error {
	if l == nil {
		return fmt.Errorf("models: %q: Add: nil layer", s.Name())
	}
	if err := l.LayerBase().Err(); err != nil {
		return err
	}
	if il, ok := l.(*layers.InputLayer); ok {
		if s.input != nil || len(s.stack) > 0 {
			return fmt.Errorf("models: %q: an InputLayer can only come first", s.Name())
		}
		s.input = il
		return nil
	}
	if s.input == nil && len(s.stack) == 0 {
		if shape := l.LayerBase().InputShape(); shape != nil {
			s.input = layers.NewInputLayer(shape[1:], graph.Float32)
		}
	}
	s.stack = append(s.stack, l)
	if s.input == nil {
		return nil
	}
	if err := s.rebuild(); err != nil {
		s.stack = s.stack[:len(s.stack)-1]
		if len(s.stack) > 0 {
			_ = s.rebuild()
		}
		return err
	}
	return nil
}

// Pop removes the last layer.
func (s *Sequential) Pop() error {
	if len(s.stack) == 0 {
		return fmt.Errorf("models: %q: Pop: there are no layers to remove", s.Name())
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.rt = nil
	if s.input == nil || len(s.stack) == 0 {
		s.inputs, s.outputs, s.calls, s.list = nil, nil, nil, nil
		return nil
	}
	return s.rebuild()
}

// rebuild applies the stack to the input and records the graph.
func (s *Sequential) rebuild() error {
	x := s.input.Output()
	for _, l := range s.stack {
		x = l.LayerBase().Apply(x)
		if err := x.Err(); err != nil {
			return err
		}
	}
	return s.setGraph([]*layers.KerasTensor{s.input.Output()}, []*layers.KerasTensor{x})
}

// buildFor builds the model for data whose first input has the given
// shape (batch first), when no input shape was declared.
func (s *Sequential) buildFor(shapes []layers.Shape) error {
	if len(s.stack) == 0 {
		return fmt.Errorf("models: %q has no layers", s.Name())
	}
	if len(shapes) != 1 {
		return fmt.Errorf("models: %q: a Sequential model takes one input, received %d", s.Name(), len(shapes))
	}
	s.input = layers.NewInputLayer(shapes[0][1:], graph.Float32)
	if err := s.rebuild(); err != nil {
		s.input = nil
		return err
	}
	return nil
}
