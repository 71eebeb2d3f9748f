package metrics

import (
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// Standalone runs a Metric outside a model, as Keras's
// metric.update_state / result / reset_state: the first UpdateState builds
// the metric in a graph of its own, for labels and predictions of the
// shapes given then (any batch size), and compiles one function that folds
// a batch in and returns the result. One implementation serves both uses:
// the graph form is the metric's own Update.
type Standalone struct {
	m                Metric
	ydt              graph.DType
	yShape, pShape   []int
	fn               *graph.Func
	last             []float64
	labelsAreIndices bool
}

// NewStandalone returns m ready for UpdateState, with float32 labels.
func NewStandalone(m Metric) *Standalone { return &Standalone{m: m, ydt: graph.Float32} }

// NewStandaloneInt returns m ready for UpdateStateInt, with int32 labels
// (class indices, for the sparse metrics).
func NewStandaloneInt(m Metric) *Standalone {
	return &Standalone{m: m, ydt: graph.Int32, labelsAreIndices: true}
}

// Metric returns the metric run.
func (s *Standalone) Metric() Metric { return s.m }

// UpdateState folds a batch of float32 labels and predictions into the
// state; sampleWeight (shape (batch,)) may be nil, meaning weights of 1.
// Every call must keep the shapes of the first but for the batch size.
func (s *Standalone) UpdateState(yTrue, yPred, sampleWeight *tensor.Tensor[float32]) error {
	if s.labelsAreIndices {
		return fmt.Errorf("metrics: %s takes int32 labels: use UpdateStateInt", s.m.Name())
	}
	if yTrue == nil {
		return fmt.Errorf("metrics: %s: no labels", s.m.Name())
	}
	return s.update(yTrue, yTrue.Shape(), yPred, sampleWeight)
}

// UpdateStateInt is UpdateState for int32 class-index labels.
func (s *Standalone) UpdateStateInt(yTrue *tensor.Tensor[int32], yPred, sampleWeight *tensor.Tensor[float32]) error {
	if !s.labelsAreIndices {
		return fmt.Errorf("metrics: %s takes float32 labels: use UpdateState", s.m.Name())
	}
	if yTrue == nil {
		return fmt.Errorf("metrics: %s: no labels", s.m.Name())
	}
	return s.update(yTrue, yTrue.Shape(), yPred, sampleWeight)
}

func (s *Standalone) update(yTrue any, yShape []int, yPred, sw *tensor.Tensor[float32]) error {
	if yPred == nil {
		return fmt.Errorf("metrics: %s: no predictions", s.m.Name())
	}
	pShape := yPred.Shape()
	if len(yShape) == 0 || len(pShape) == 0 || yShape[0] != pShape[0] {
		return fmt.Errorf("metrics: %s: labels of shape %v and predictions of shape %v do not share a batch axis", s.m.Name(), yShape, pShape)
	}
	batch := pShape[0]
	if sw == nil {
		var err error
		if sw, err = tensor.Ones[float32](batch); err != nil {
			return err
		}
	} else if sw.Size() != batch {
		return fmt.Errorf("metrics: %s: %d sample weights for a batch of %d", s.m.Name(), sw.Size(), batch)
	} else if len(sw.Shape()) != 1 {
		r, err := tensor.New([]int{batch}, sw.Data())
		if err != nil {
			return err
		}
		sw = r
	}
	if s.fn == nil {
		if err := s.compile(yShape, pShape); err != nil {
			return err
		}
	} else if !slices.Equal(yShape[1:], s.yShape[1:]) || !slices.Equal(pShape[1:], s.pShape[1:]) {
		return fmt.Errorf("metrics: %s: shapes %v, %v after %v, %v", s.m.Name(), yShape, pShape, s.yShape, s.pShape)
	}
	out, err := s.fn.Call(yTrue, yPred, sw)
	if err != nil {
		return fmt.Errorf("metrics: %s: %w", s.m.Name(), err)
	}
	s.last = toFloats(out[0])
	return nil
}

func (s *Standalone) compile(yShape, pShape []int) error {
	g := graph.New()
	s.m.Build(g)
	ys := append([]int{-1}, yShape[1:]...)
	ps := append([]int{-1}, pShape[1:]...)
	y := g.Input("y_true", s.ydt, ys...)
	p := g.Input("y_pred", graph.Float32, ps...)
	sw := g.Input("sample_weight", graph.Float32, -1)
	ups, res := s.m.Update(y, p, sw)
	fn, err := graph.Function([]*graph.Node{y, p, sw}, []*graph.Node{res}, ups, nil)
	if err != nil {
		return fmt.Errorf("metrics: %s: %w", s.m.Name(), err)
	}
	s.fn, s.yShape, s.pShape = fn, slices.Clone(yShape), slices.Clone(pShape)
	return nil
}

// Result returns the metric's value over the batches folded in since the
// last reset (the first value for metrics with several, see Values); 0
// before any update.
func (s *Standalone) Result() float64 {
	if len(s.last) == 0 {
		return 0
	}
	return s.last[0]
}

// Values returns every value of the result (one per threshold or per
// class for metrics that give several), nil before any update.
func (s *Standalone) Values() []float64 { return slices.Clone(s.last) }

// ResetState zeroes the state, as at the start of an epoch.
func (s *Standalone) ResetState() error {
	s.last = nil
	return s.m.Reset()
}

func toFloats(v any) []float64 {
	switch t := v.(type) {
	case *tensor.Tensor[float32]:
		out := make([]float64, 0, t.Size())
		for _, x := range t.Data() {
			out = append(out, float64(x))
		}
		return out
	case *tensor.Tensor[float64]:
		return slices.Clone(t.Data())
	}
	return nil
}

// state is a set of zero-initialised float32 variables of a metric.
type state struct {
	vars   []*graph.Node
	shapes [][]int
}

// add creates a zeroed float32 variable of the given shape in g.
func (s *state) add(g *graph.Graph, name string, shape ...int) *graph.Node {
	shape = slices.Clone(shape)
	for i, d := range shape {
		shape[i] = max(d, 0) // a metric's Update refuses invalid sizes
	}
	z, _ := tensor.Zeros[float32](shape...)
	v := g.Shared(name, z)
	s.vars = append(s.vars, v)
	s.shapes = append(s.shapes, shape)
	return v
}

// reset zeroes the variables; the previous ones are forgotten when the
// metric is built again.
func (s *state) reset() error {
	for i, v := range s.vars {
		z, err := tensor.Zeros[float32](s.shapes[i]...)
		if err != nil {
			return err
		}
		if err := v.SetValue(z); err != nil {
			return err
		}
	}
	return nil
}

// clear forgets the variables before a new Build.
func (s *state) clear() { s.vars, s.shapes = nil, nil }
