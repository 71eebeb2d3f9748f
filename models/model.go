// Package models holds Keras's models: the functional Model, a graph of
// layer calls from Inputs to outputs, and Sequential, a stack of layers,
// with Compile, Fit, Evaluate, Predict, the *OnBatch calls and Summary.
//
// A model runs on the graph package. Compile resolves the optimizer, the
// losses and the metrics; the first call that needs them builds and
// compiles, once, three graph functions: the train function (forward pass
// in training mode, loss, gradients, optimizer, metric and layer updates,
// all in one compiled function), the test function and the predict
// function. Fit then only slices the data into batches and feeds the train
// function; no graph is built inside the loop and nothing above the graph
// computes on numbers except the preparation of the data (shuffling,
// batching, class weights).
//
// Fit runs its callbacks without holding the model, so that a callback can
// save it, read or set its weights, predict or evaluate, as Keras users do
// in on_epoch_end. Save, SaveWeights and GetWeights read every weight (and
// the optimizer's state) at one instant, between two training steps, also
// from another goroutine while Fit trains.
//
// Models rebuilt from configs (FromConfig, LoadModel, LoadTFJS) may create
// at most DefaultMaxParams weight scalars, 4 GiB of float32, so that a
// hostile or corrupt file cannot exhaust memory; MaxParams changes the
// bound. Nested models are saved at the weight paths Keras 3 gives them
// (layers/functional/layers/dense/vars/0).
package models

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// Model is Keras's functional model: the layer calls recorded from its
// input KerasTensors to its output KerasTensors, with several inputs and
// outputs, shared layers and nested models allowed. A Model is itself a
// layer and can be called on KerasTensors of another model.
//
// Predict may be called from many goroutines at once. Fit, Evaluate,
// Compile and the weight setters must not run concurrently with each other
// on one model, except from Fit's callbacks: Fit runs them without holding
// the model, so a callback may Save, SaveWeights, GetWeights, SetWeights,
// Predict or Evaluate the model it watches. Save, SaveWeights and
// GetWeights read the weights at one instant, between two training steps,
// also from another goroutine while Fit runs; SetWeights replaces them at
// one instant.
type Model struct {
	layers.Base
	inputs, outputs []*layers.KerasTensor
	calls           []*layers.Call // in order of evaluation, input layers excluded
	list            []layers.Layer // every layer once, in order of first use
	inputLayers     []*layers.InputLayer
	sequential      bool
	err             error
	builder         func(inputs []layers.Shape) error // Sequential: build from data shapes
	pending         func() []layers.Layer             // Sequential: its layers, built or not
	mu              sync.Mutex
	rt              *compiled
	comp            *compileConfig
	stop            atomic.Bool // StopTraining was called
	fitting         atomic.Bool // Fit is running
	snapMu          sync.Mutex
	snaps           []*varsFunc // compiled readers of weight sets
	shuffleRNG      *tensor.RNG
	seed            uint64
	// pendingOptimizer holds optimizer state loaded from a file, assigned
	// once training builds the optimizer's slots (see LoadModel).
	pendingOptimizer []saving.Tensor
	// pendingRandom and resumeEpoch come from RestoreBackup.
	pendingRandom []byte
	resumeEpoch   int
}

// NewModel returns the functional model from inputs to outputs, as
// keras.Model(inputs, outputs). The error reports an invalid KerasTensor
// (carrying the error of the layer call that failed) or an output not
// computed from the given inputs.
func NewModel(inputs, outputs []*layers.KerasTensor, opts ...layers.Option) (*Model, error) {
	m := newModel("Functional", "functional", opts)
	if err := m.setGraph(inputs, outputs); err != nil {
		return nil, err
	}
	return m, m.Err()
}

func newModel(class, defName string, opts []layers.Option) *Model {
	m := &Model{}
	hasName := false
	for _, o := range opts {
		var k layers.Kwargs
		if o != nil {
			o(&k)
		}
		if k.Has("name") {
			hasName = true
		}
	}
	if !hasName {
		opts = append(slices.Clone(opts), layers.WithName(layers.UniqueName(defName)))
	}
	m.Init(m, class, opts)
	rng := layers.NewStream()
	m.seed = rng.Uint64()
	m.shuffleRNG = rng.Child(1)
	return m
}

// setGraph records the calls from inputs to outputs in order of
// evaluation.
func (m *Model) setGraph(inputs, outputs []*layers.KerasTensor) error {
	if len(inputs) == 0 || len(outputs) == 0 {
		return fmt.Errorf("models: %q: expected at least one input and one output", m.Name())
	}
	for _, t := range append(slices.Clone(inputs), outputs...) {
		if err := t.Err(); err != nil {
			return err
		}
	}
	isInput := map[*layers.KerasTensor]bool{}
	var inLayers []*layers.InputLayer
	for i, t := range inputs {
		c, _ := t.Source()
		il, ok := c.Layer.(*layers.InputLayer)
		if !ok || isInput[t] {
			return fmt.Errorf("models: %q: input %d is not an Input (or is given twice)", m.Name(), i)
		}
		isInput[t] = true
		inLayers = append(inLayers, il)
	}
	var calls []*layers.Call
	seen := map[*layers.Call]bool{}
	var visit func(t *layers.KerasTensor) error
	visit = func(t *layers.KerasTensor) error {
		if isInput[t] {
			return nil
		}
		c, _ := t.Source()
		if seen[c] {
			return nil
		}
		if len(c.Inputs) == 0 {
			return fmt.Errorf("models: %q: graph disconnected: %s is needed but not among the model's inputs", m.Name(), c.Layer.LayerBase().Name())
		}
		seen[c] = true
		for _, x := range c.Inputs {
			if err := visit(x); err != nil {
				return err
			}
		}
		calls = append(calls, c)
		return nil
	}
	for _, t := range outputs {
		if err := visit(t); err != nil {
			return err
		}
	}
	list := []layers.Layer{}
	have := map[layers.Layer]bool{}
	for _, il := range inLayers {
		list = append(list, il)
		have[il] = true
	}
	for _, c := range calls {
		if !have[c.Layer] {
			have[c.Layer] = true
			list = append(list, c.Layer)
		}
	}
	m.inputs, m.outputs, m.calls, m.list, m.inputLayers = slices.Clone(inputs), slices.Clone(outputs), calls, list, inLayers
	m.rt = nil
	return nil
}

// Err returns the first error made configuring the model (a layer given a
// wrong option or shape).
func (m *Model) Err() error {
	if m.err != nil {
		return m.err
	}
	return m.Base.Err()
}

// Built reports whether the model knows its input shapes and has built
// its layers.
func (m *Model) Built() bool { return len(m.inputs) > 0 }

// Layers returns the model's layers in order, without the input layers of
// a Sequential model (as Keras's model.layers).
func (m *Model) Layers() []layers.Layer {
	if m.sequential && m.pending != nil {
		return m.pending()
	}
	if m.sequential {
		var out []layers.Layer
		for _, l := range m.list {
			if _, ok := l.(*layers.InputLayer); !ok {
				out = append(out, l)
			}
		}
		return out
	}
	return slices.Clone(m.list)
}

// GetLayer returns the layer named name, or an error listing the names.
func (m *Model) GetLayer(name string) (layers.Layer, error) {
	var names []string
	for _, l := range m.list {
		if l.LayerBase().Name() == name {
			return l, nil
		}
		names = append(names, l.LayerBase().Name())
	}
	return nil, fmt.Errorf("models: %q has no layer named %q; its layers are %v", m.Name(), name, names)
}

// Inputs returns the model's input KerasTensors.
func (m *Model) Inputs() []*layers.KerasTensor { return slices.Clone(m.inputs) }

// Outputs returns the model's output KerasTensors.
func (m *Model) Outputs() []*layers.KerasTensor { return slices.Clone(m.outputs) }

// weightsOf returns the trainable and non-trainable weights of a layer,
// through a nested model's own lists.
func weightsOf(l layers.Layer) (train, frozen []*layers.Variable) {
	w := l.(interface {
		TrainableWeights() []*layers.Variable
		NonTrainableWeights() []*layers.Variable
	})
	return w.TrainableWeights(), w.NonTrainableWeights()
}

// TrainableWeights returns the weights the optimizer updates, each once,
// in layer order.
func (m *Model) TrainableWeights() []*layers.Variable {
	if !m.Trainable() {
		return nil
	}
	var out []*layers.Variable
	for _, l := range m.list {
		t, _ := weightsOf(l)
		out = appendNew(out, t...)
	}
	return out
}

// NonTrainableWeights returns the weights the optimizer leaves alone.
func (m *Model) NonTrainableWeights() []*layers.Variable {
	var out []*layers.Variable
	for _, l := range m.list {
		t, f := weightsOf(l)
		if !m.Trainable() {
			out = appendNew(out, t...)
		}
		out = appendNew(out, f...)
	}
	return out
}

// Weights returns every weight, trainable first.
func (m *Model) Weights() []*layers.Variable {
	var out []*layers.Variable
	for _, l := range m.list {
		t, f := weightsOf(l)
		out = appendNew(out, t...)
		out = appendNew(out, f...)
	}
	return out
}

func appendNew(dst []*layers.Variable, vs ...*layers.Variable) []*layers.Variable {
	for _, v := range vs {
		if !slices.Contains(dst, v) {
			dst = append(dst, v)
		}
	}
	return dst
}

// CountParams returns the number of scalars in the weights.
func (m *Model) CountParams() int {
	n := 0
	for _, v := range m.Weights() {
		n += v.Size()
	}
	return n
}

// GetWeights returns copies of the weights' values, in the order of
// Weights, as Keras's get_weights (each a *tensor.Tensor[float32]). The
// values are read at one instant: a training step running in another
// goroutine is seen whole or not at all.
func (m *Model) GetWeights() []any {
	return m.readVars(m.Weights())
}

// SetWeights replaces the weights' values, given in the order of Weights,
// at one instant: Predict, Save or a training step in another goroutine
// sees all the old values or all the new ones. Nothing is assigned if a
// value has the wrong dtype or shape.
func (m *Model) SetWeights(values []any) error {
	ws := m.Weights()
	if len(values) != len(ws) {
		return fmt.Errorf("models: %q: SetWeights: expected %d weights, received %d", m.Name(), len(ws), len(values))
	}
	return m.assignVars(ws, values)
}

// StopTraining asks Fit to stop at the end of the current epoch (Keras's
// model.stop_training = True). It may be called from any goroutine.
func (m *Model) StopTraining() { m.stop.Store(true) }

// varsFunc is a compiled reader of a set of shared variables of one
// graph, kept for the next read of the same set.
type varsFunc struct {
	g     *graph.Graph
	nodes []*graph.Node
	fn    *graph.Func
}

// maxVarsFuncs bounds the compiled readers a model keeps.
const maxVarsFuncs = 8

// varsFuncFor returns a compiled function over nodes, all shared
// variables of g: a reader, which outputs their values, or a writer, which
// assigns them its inputs. One call of a function holds its graph's state
// for the whole call, as a training step does, so the set is read or
// written at one instant with respect to training steps, Predict and each
// other. Readers are compiled once and kept.
func (m *Model) varsFuncFor(g *graph.Graph, nodes []*graph.Node, writer bool) (*graph.Func, error) {
	if writer {
		// Not kept: a writer's frame holds a copy of every value it
		// assigned (and the values passed in), which would double the
		// memory of a large model for as long as the model lives.
		ins := make([]*graph.Node, len(nodes))
		ups := make([]graph.Update, len(nodes))
		for i, n := range nodes {
			ins[i] = g.Input(fmt.Sprintf("w%d", i), n.DType(), n.Shape()...)
			ups[i] = graph.Update{Var: n, Value: ins[i]}
		}
		return graph.Function(ins, nil, ups, nil)
	}
	m.snapMu.Lock()
	defer m.snapMu.Unlock()
	for _, s := range m.snaps {
		if s.g == g && slices.Equal(s.nodes, nodes) {
			return s.fn, nil
		}
	}
	fn, err := graph.Function(nil, nodes, nil, nil)
	if err != nil {
		return nil, err
	}
	// Readers of another graph are dropped: the model's variables have
	// moved, and a kept reader would keep the old graph's copy of them.
	m.snaps = slices.DeleteFunc(m.snaps, func(s *varsFunc) bool { return s.g != g })
	if len(m.snaps) == maxVarsFuncs {
		m.snaps = m.snaps[1:]
	}
	m.snaps = append(m.snaps, &varsFunc{g: g, nodes: slices.Clone(nodes), fn: fn})
	return fn, nil
}

// boundGroups returns the shared variable of each of vs (nil for a
// variable not bound into a graph) and the indexes of vs grouped by graph.
func boundGroups(vs []*layers.Variable) ([]*graph.Node, map[*graph.Graph][]int) {
	nodes := make([]*graph.Node, len(vs))
	groups := map[*graph.Graph][]int{}
	for i, v := range vs {
		if n, ok := v.Bound(); ok {
			nodes[i] = n
			groups[n.Graph()] = append(groups[n.Graph()], i)
		}
	}
	return nodes, groups
}

// stillBound reports whether each variable is still held by the node
// boundGroups found.
func stillBound(vs []*layers.Variable, nodes []*graph.Node) bool {
	for i, v := range vs {
		if n, _ := v.Bound(); n != nodes[i] {
			return false
		}
	}
	return true
}

// readVars returns copies of the values of vs. The variables bound into
// one graph (the graph the model trains in) are read by one call of a
// compiled reader, so that a training step running concurrently is seen
// whole or not at all; unbound variables, which no step can be updating,
// are read one by one.
func (m *Model) readVars(vs []*layers.Variable) []any {
	for attempt := 0; ; attempt++ {
		out := make([]any, len(vs))
		nodes, groups := boundGroups(vs)
		for g, idx := range groups {
			if len(idx) < 2 {
				continue
			}
			sub := make([]*graph.Node, len(idx))
			for j, i := range idx {
				sub[j] = nodes[i]
			}
			fn, err := m.varsFuncFor(g, sub, false)
			if err != nil {
				continue // read one by one below
			}
			vals, err := fn.Call()
			if err != nil {
				continue
			}
			for j, i := range idx {
				out[i] = vals[j]
			}
		}
		for i, v := range vs {
			if out[i] == nil {
				out[i] = v.Value()
			}
		}
		// A variable rebound into a new graph meanwhile (a model that
		// compiles its functions anew) may have been read from the old
		// one: read again.
		if stillBound(vs, nodes) || attempt == 3 {
			return out
		}
	}
}

// assignVars assigns values[i] to vs[i], after checking every dtype and
// shape; the variables bound into one graph are assigned by one call of a
// compiled writer, at one instant.
func (m *Model) assignVars(vs []*layers.Variable, values []any) error {
	for i, v := range vs {
		dt, shape, ok := tensorType(values[i])
		if !ok || dt != v.DType() || !slices.Equal(shape, v.Shape()) {
			return fmt.Errorf("models: %q: weight %q: expected %s %s, received %s", m.Name(), v.Name(), v.DType(), tensor.ShapeString(v.Shape()), describeValue(values[i]))
		}
	}
	nodes, groups := boundGroups(vs)
	done := make([]bool, len(vs))
	for g, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		sub := make([]*graph.Node, len(idx))
		args := make([]any, len(idx))
		for j, i := range idx {
			sub[j], args[j] = nodes[i], values[i]
		}
		fn, err := m.varsFuncFor(g, sub, true)
		if err != nil {
			continue // assign one by one below
		}
		if _, err := fn.Call(args...); err != nil {
			return fmt.Errorf("models: %q: assigning weights: %w", m.Name(), err)
		}
		for _, i := range idx {
			done[i] = true
		}
	}
	for i, v := range vs {
		if done[i] {
			continue
		}
		if err := v.Assign(values[i]); err != nil {
			return err
		}
	}
	return nil
}

// tensorType returns the dtype and shape of a *tensor.Tensor value.
func tensorType(v any) (graph.DType, []int, bool) {
	switch t := v.(type) {
	case *tensor.Tensor[float32]:
		if t != nil {
			return graph.Float32, t.Shape(), true
		}
	case *tensor.Tensor[float64]:
		if t != nil {
			return graph.Float64, t.Shape(), true
		}
	case *tensor.Tensor[int32]:
		if t != nil {
			return graph.Int32, t.Shape(), true
		}
	case *tensor.Tensor[int64]:
		if t != nil {
			return graph.Int64, t.Shape(), true
		}
	}
	return 0, nil, false
}

// describeValue names a value's dtype and shape for an error message.
func describeValue(v any) string {
	if dt, shape, ok := tensorType(v); ok {
		return dt.String() + " " + tensor.ShapeString(shape)
	}
	return fmt.Sprintf("%T", v)
}

// ComputeOutputShape returns the output shapes of the model for inputs of
// the given shapes, which must match the model's inputs.
func (m *Model) ComputeOutputShape(in []layers.Shape) ([]layers.Shape, error) {
	if err := m.checkInputShapes(in); err != nil {
		return nil, err
	}
	out := make([]layers.Shape, len(m.outputs))
	for i, t := range m.outputs {
		out[i] = t.Shape()
	}
	return out, nil
}

// checkInputShapes checks shapes against the model's inputs.
func (m *Model) checkInputShapes(in []layers.Shape) error {
	if len(in) != len(m.inputs) {
		return fmt.Errorf("models: %q: expected %d inputs, received %d", m.Name(), len(m.inputs), len(in))
	}
	for i, s := range in {
		want := m.inputs[i].Shape()
		ok := len(s) == len(want)
		for j := 1; ok && j < len(s); j++ {
			ok = want[j] == -1 || s[j] == -1 || want[j] == s[j]
		}
		if !ok {
			return fmt.Errorf("models: %q: %w: input %d: expected shape %s, received %s", m.Name(), layers.ErrShape, i, tensor.ShapeString(want), tensor.ShapeString(s))
		}
	}
	return nil
}

// Build does nothing: a functional model's layers are built by the calls
// that made it.
func (m *Model) Build([]layers.Shape) error { return nil }

// Call runs the model's layers on the input nodes: a model used as a layer.
func (m *Model) Call(c *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	return m.run(c, in)
}

// run evaluates the recorded calls on the input nodes.
func (m *Model) run(c *layers.Context, in []*graph.Node) ([]*graph.Node, error) {
	if len(in) != len(m.inputs) {
		return nil, fmt.Errorf("models: %q: expected %d inputs, received %d", m.Name(), len(m.inputs), len(in))
	}
	vals := make(map[*layers.KerasTensor]*graph.Node, len(m.calls)+len(in))
	for i, t := range m.inputs {
		vals[t] = in[i]
	}
	for _, call := range m.calls {
		xs := make([]*graph.Node, len(call.Inputs))
		for i, t := range call.Inputs {
			xs[i] = vals[t]
		}
		ys, err := layers.CallLayer(c, call.Layer, xs)
		if err != nil {
			return nil, err
		}
		if len(ys) != len(call.Outputs) {
			b := call.Layer.LayerBase()
			return nil, fmt.Errorf("models: layer %q returned %d outputs, expected %d", b.Name(), len(ys), len(call.Outputs))
		}
		for i, t := range call.Outputs {
			vals[t] = ys[i]
		}
	}
	out := make([]*graph.Node, len(m.outputs))
	for i, t := range m.outputs {
		out[i] = vals[t]
	}
	return out, nil
}
