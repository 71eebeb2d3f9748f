package models

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// feeder turns the batches of a Dataset into the argument list of a step
// function: inputs, labels converted as the function takes them, and
// sample weights (ones when the batch has none).
type feeder struct {
	data  Dataset
	specs []labelSpec
	nx    int
	args  []any
	ones  []float32
	oneT  *tensor.Tensor[float32] // ones[:n] for the last n
	shape []int                   // scratch for label shapes
	want  []int
}

func newFeeder(d Dataset, nx int, specs []labelSpec) *feeder {
	return &feeder{data: d, specs: specs, nx: nx, args: make([]any, nx+2*len(specs))}
}

// next fills f.args with the next batch; io.EOF ends the epoch.
func (f *feeder) next(ctx context.Context) (int, error) {
	b, err := f.data.Next(ctx)
	if err != nil {
		return 0, err
	}
	if len(b.X) != f.nx {
		return 0, fmt.Errorf("models: a batch has %d inputs, the model takes %d", len(b.X), f.nx)
	}
	n := 0
	if d, ok := b.X[0].(interface{ Dim(int) int }); ok {
		n = d.Dim(0)
	}
	copy(f.args, b.X)
	if len(b.Y) != len(f.specs) {
		return 0, fmt.Errorf("models: a batch has labels for %d outputs, the model has %d", len(b.Y), len(f.specs))
	}
	for i, y := range b.Y {
		v, err := f.adaptLabels(y, f.specs[i])
		if err != nil {
			return 0, err
		}
		f.args[f.nx+i] = v
	}
	for i := range f.specs {
		if i < len(b.SampleWeight) && b.SampleWeight[i] != nil {
			f.args[f.nx+len(f.specs)+i] = b.SampleWeight[i]
			continue
		}
		if len(f.ones) < n {
			f.oneT = nil
			f.ones = make([]float32, n)
			for j := range f.ones {
				f.ones[j] = 1
			}
		}
		if f.oneT == nil || f.oneT.Size() != n {
			f.oneT = tensor.FromSlice(f.ones[:n])
		}
		f.args[f.nx+len(f.specs)+i] = f.oneT
	}
	return n, nil
}

// adaptLabels converts labels to the dtype and shape a function takes,
// without copying when they already fit.
func (f *feeder) adaptLabels(y any, s labelSpec) (any, error) {
	t, ok := y.(interface {
		Rank() int
		Dim(int) int
	})
	if !ok {
		return nil, fmt.Errorf("models: expected labels as a *tensor.Tensor, received %T", y)
	}
	if t.Rank() == 0 {
		return nil, fmt.Errorf("models: expected labels with a batch dimension, received a scalar")
	}
	// The shapes live in the feeder's scratch: a batch that needs no
	// conversion allocates nothing.
	shape := f.shape[:0]
	for i := range t.Rank() {
		shape = append(shape, t.Dim(i))
	}
	want := append(append(f.want[:0], shape[0]), s.shape[1:]...)
	f.shape, f.want = shape, want
	if slices.Equal(shape, want) {
		switch y.(type) {
		case *tensor.Tensor[int32]:
			if s.dtype == graph.Int32 {
				return y, nil
			}
		case *tensor.Tensor[float32]:
			if s.dtype == graph.Float32 {
				return y, nil
			}
		}
	}
	switch s.dtype {
	case graph.Int32:
		var t *tensor.Tensor[int32]
		switch v := y.(type) {
		case *tensor.Tensor[int32]:
			t = v
		case *tensor.Tensor[int64]:
			t = tensor.Convert[int32](v)
		case *tensor.Tensor[float32]:
			t = tensor.Convert[int32](v)
		case *tensor.Tensor[float64]:
			t = tensor.Convert[int32](v)
		}
		return t.Reshape(want...)
	default:
		var t *tensor.Tensor[float32]
		switch v := y.(type) {
		case *tensor.Tensor[float32]:
			t = v
		case *tensor.Tensor[int32]:
			t = tensor.Convert[float32](v)
		case *tensor.Tensor[int64]:
			t = tensor.Convert[float32](v)
		case *tensor.Tensor[float64]:
			t = tensor.Convert[float32](v)
		}
		return t.Reshape(want...)
	}
}

// prepared is training or evaluation data ready for a step function.
type prepared struct {
	data  Dataset
	arr   *arrays // nil for a user's Dataset
	given [][]int // label shapes as given
}

// prepare turns Keras-style x, y and weights into a Dataset, building a
// Sequential model from the data's shape if needed. labels says whether
// labels are required.
func (m *Model) prepare(x, y any, cfg *runConfig, labels bool) (*prepared, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	if d, ok := x.(Dataset); ok {
		if y != nil {
			return nil, fmt.Errorf("models: labels must come from the Dataset, not beside it")
		}
		return &prepared{data: d}, nil
	}
	xs, err := asList(x)
	if err != nil {
		return nil, err
	}
	if len(xs) == 0 {
		return nil, fmt.Errorf("models: no input data")
	}
	ys, err := asList(y)
	if err != nil {
		return nil, err
	}
	if labels && len(ys) == 0 {
		return nil, fmt.Errorf("models: no labels given")
	}
	if err := m.ensureBuilt(xs); err != nil {
		return nil, err
	}
	shapes := make([]layers.Shape, len(xs))
	for i, v := range xs {
		shapes[i] = shapeOf(v)
	}
	if err := m.checkInputShapes(shapes); err != nil {
		return nil, err
	}
	a, err := newArrays(xs, ys, cfg.sampleWeight)
	if err != nil {
		return nil, err
	}
	if len(cfg.sampleWeight) > 0 && len(cfg.sampleWeight) != len(ys) {
		return nil, fmt.Errorf("models: %d sample weight arrays for %d outputs", len(cfg.sampleWeight), len(ys))
	}
	p := &prepared{data: a, arr: a}
	for _, v := range ys {
		p.given = append(p.given, shapeOf(v))
	}
	a.batchSize, a.shuffle, a.rng = cfg.batchSize, cfg.shuffle, m.shuffleRNG
	return p, nil
}

// ensureBuilt builds a Sequential model without declared input from the
// shapes of the data.
func (m *Model) ensureBuilt(xs []any) error {
	if m.Built() {
		return nil
	}
	if m.builder == nil {
		return fmt.Errorf("models: %q is not built", m.Name())
	}
	shapes := make([]layers.Shape, len(xs))
	for i, v := range xs {
		s := shapeOf(v)
		if s == nil {
			return fmt.Errorf("models: input %d: expected a *tensor.Tensor, received %T", i, v)
		}
		s[0] = -1
		shapes[i] = s
	}
	return m.builder(shapes)
}

// applyClassWeight multiplies the sample weights of the first output by
// the weight of each sample's class.
func applyClassWeight(a *arrays, cw map[int]float64) error {
	if len(a.y) != 1 {
		return fmt.Errorf("models: class_weight needs a model with one output, this one has %d", len(a.y))
	}
	y := a.y[0]
	w := make([]float32, a.n)
	if len(a.sw) == 1 {
		copy(w, a.sw[0].f32.Data())
	} else {
		for i := range w {
			w[i] = 1
		}
	}
	for i := range a.n {
		var class int
		switch {
		case y.i32 != nil && y.row == 1:
			class = int(y.i32.Data()[i])
		case y.f32 != nil && y.row == 1:
			class = int(math.RoundToEven(float64(y.f32.Data()[i])))
		case y.f32 != nil:
			row := y.f32.Data()[i*y.row : (i+1)*y.row]
			for j, v := range row {
				if v > row[class] {
					class = j
				}
			}
		default:
			row := y.i32.Data()[i*y.row : (i+1)*y.row]
			for j, v := range row {
				if v > row[class] {
					class = j
				}
			}
		}
		cwv, ok := cw[class]
		if !ok {
			cwv = 1
		}
		w[i] *= float32(cwv)
	}
	col, _ := newColumn(tensor.FromSlice(w))
	a.sw = []*column{col}
	return nil
}

// callbackList assembles the callbacks in Keras's order: the progress bar
// (unless the user passed a ProgbarLogger), the user's callbacks, then
// History, which so records what they add to the logs ("learning_rate").
func (m *Model) callbackList(cfg *runConfig, hist *callbacks.History, p callbacks.Params) callbacks.List {
	var l callbacks.List
	ownBar := slices.ContainsFunc(cfg.callbacks, func(c callbacks.Callback) bool {
		_, ok := c.(*callbacks.ProgbarLogger)
		return ok
	})
	if cfg.verbose > 0 && !ownBar {
		l = append(l, callbacks.NewProgbarLogger(cfg.out, cfg.verbose))
	}
	l = append(l, cfg.callbacks...)
	if hist != nil {
		l = append(l, hist)
	}
	l.SetModel(m)
	l.SetParams(p)
	return l
}

// Fit trains the model on x and y, as Keras's fit, and returns the
// History. x is a *tensor.Tensor (float32 or int32), a slice of them for
// several inputs, or a Dataset (then y is nil); y likewise for the
// outputs. Options: Epochs, BatchSize, Verbose, Output, ValidationSplit,
// ValidationData, Shuffle, ClassWeight, SampleWeight, InitialEpoch,
// StepsPerEpoch, Callbacks. Cancelling ctx stops between batches with
// ctx's error; the History holds the epochs completed.
//
// Callbacks run without the model's lock held: they may save, read or set
// the weights, predict and evaluate. A second Fit of the same model while
// one runs (from a callback or another goroutine) is an error.
func (m *Model) Fit(ctx context.Context, x, y any, opts ...Option) (*callbacks.History, error) {
	cfg, err := parseOptions("Fit", opts, "epochs", "batch_size", "validation_split", "validation_data",
		"shuffle", "class_weight", "sample_weight", "initial_epoch", "steps_per_epoch")
	if err != nil {
		return nil, err
	}
	if !m.fitting.CompareAndSwap(false, true) {
		return nil, fmt.Errorf("models: %q: Fit is already running on this model (called from one of its callbacks, or from another goroutine)", m.Name())
	}
	defer m.fitting.Store(false)
	train, err := m.prepare(x, y, cfg, true)
	if err != nil {
		return nil, err
	}
	var val *prepared
	if cfg.validationSplit > 0 {
		if train.arr == nil {
			return nil, fmt.Errorf("models: validation_split needs tensors, not a Dataset")
		}
		t, v := train.arr.split(cfg.validationSplit)
		t.batchSize, t.shuffle, t.rng = cfg.batchSize, cfg.shuffle, m.shuffleRNG
		v.batchSize = cfg.batchSize
		train.data, train.arr = t, t
		val = &prepared{data: v, arr: v, given: train.given}
	}
	if cfg.validationData != nil {
		vcfg := *cfg
		vcfg.sampleWeight, vcfg.shuffle = nil, false
		if val, err = m.prepare(cfg.validationData[0], cfg.validationData[1], &vcfg, true); err != nil {
			return nil, fmt.Errorf("models: validation_data: %w", err)
		}
	}
	if cfg.classWeight != nil {
		if train.arr == nil {
			return nil, fmt.Errorf("models: class_weight needs tensors, not a Dataset")
		}
		if err := applyClassWeight(train.arr, cfg.classWeight); err != nil {
			return nil, err
		}
	}
	// The model's lock is held while Fit builds and runs its functions
	// and released while callbacks run, so that a callback can use the
	// model it watches (Save, GetWeights, Predict, Evaluate, ...) without
	// waiting on Fit.
	m.mu.Lock()
	defer m.mu.Unlock()
	rt, err := m.stepFuncs(m.givenOrSpec(train.given))
	if err != nil {
		return nil, err
	}
	// Fit keeps its own view of the functions and the optimizer: a
	// callback that compiles the model again changes what the next Fit
	// uses, not the running one.
	own := *rt
	rt = &own
	comp := m.comp
	steps := train.data.Steps()
	if cfg.stepsPerEpoch > 0 {
		steps = cfg.stepsPerEpoch
	}
	samples, batchSize := 0, 0 // unknown for a Dataset
	if train.arr != nil {
		batchSize = cfg.batchSize
		if cfg.stepsPerEpoch == 0 {
			samples = train.arr.n
		}
	}
	hist := callbacks.NewHistory()
	cbs := m.callbackList(cfg, hist, callbacks.Params{Epochs: cfg.epochs, Steps: steps, Verbose: cfg.verbose,
		Samples: samples, BatchSize: batchSize})
	feed := newFeeder(train.data, len(m.inputs), rt.labels)
	m.stop.Store(false)
	m.unlocked(func() { cbs.OnTrainBegin(nil) })
	logs := callbacks.Logs{}
	for epoch := max(cfg.initialEpoch, m.takeResumeEpoch()); epoch < cfg.epochs && !m.stop.Load(); epoch++ {
		if err := rt.resetMetrics(); err != nil {
			return hist, err
		}
		m.unlocked(func() { cbs.OnEpochBegin(epoch, nil) })
		clear(logs)
		for step := 0; cfg.stepsPerEpoch == 0 || step < cfg.stepsPerEpoch; step++ {
			if err := ctx.Err(); err != nil {
				return hist, err
			}
			_, err := feed.next(ctx)
			if errors.Is(err, io.EOF) {
				if cfg.stepsPerEpoch == 0 {
					break
				}
				_, err = feed.next(ctx)
			}
			if err != nil {
				return hist, err
			}
			m.unlocked(func() { cbs.OnTrainBatchBegin(step, nil) })
			if err := rt.train.fn.CallInto(rt.train.outs, feed.args...); err != nil {
				return hist, fmt.Errorf("models: %q: train step: %w", m.Name(), err)
			}
			rt.read(rt.train, logs, "")
			m.unlocked(func() { cbs.OnTrainBatchEnd(step, logs) })
			if m.stop.Load() { // as Keras, a callback may stop training mid-epoch
				break
			}
		}
		epochLogs := maps.Clone(logs)
		if val != nil {
			vl, err := m.runTest(ctx, rt, val.data, nil, 0)
			if err != nil {
				return hist, err
			}
			for k, v := range vl {
				epochLogs["val_"+k] = v
			}
		}
		m.unlocked(func() { cbs.OnEpochEnd(epoch, epochLogs) })
	}
	// As Keras, training ends by letting the optimizer finalize the
	// weights (with use_ema, their moving averages replace them).
	if err := comp.optimizer.FinalizeVariableValues(m.TrainableWeights()); err != nil {
		return hist, fmt.Errorf("models: %q: %w", m.Name(), err)
	}
	m.unlocked(func() { cbs.OnTrainEnd(nil) })
	return hist, nil
}

// unlocked runs f, a call of callbacks, without m.mu, which the caller
// holds, so that the callbacks can use the model; it takes m.mu again
// before returning, also when f panics.
func (m *Model) unlocked(f func()) {
	m.mu.Unlock()
	defer m.mu.Lock()
	f()
}

// givenOrSpec returns the label shapes for building functions: those
// given, or for a Dataset those of the outputs.
func (m *Model) givenOrSpec(given [][]int) [][]int {
	if given != nil {
		return given
	}
	out := make([][]int, len(m.outputs))
	for i, o := range m.outputs {
		out[i] = o.Shape()
	}
	return out
}

// runTest runs the test function over one epoch of data and returns the
// metrics. The caller holds m.mu; the callbacks run without it.
func (m *Model) runTest(ctx context.Context, rt *compiled, data Dataset, cbs callbacks.List, steps int) (callbacks.Logs, error) {
	if err := rt.resetMetrics(); err != nil {
		return nil, err
	}
	feed := newFeeder(data, len(m.inputs), rt.labels)
	logs := callbacks.Logs{}
	for step := 0; steps == 0 || step < steps; step++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if _, err := feed.next(ctx); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		if len(cbs) > 0 {
			m.unlocked(func() { cbs.OnTestBatchBegin(step, nil) })
		}
		if err := rt.test.fn.CallInto(rt.test.outs, feed.args...); err != nil {
			return nil, fmt.Errorf("models: %q: test step: %w", m.Name(), err)
		}
		rt.read(rt.test, logs, "")
		if len(cbs) > 0 {
			m.unlocked(func() { cbs.OnTestBatchEnd(step, logs) })
		}
	}
	return logs, nil
}
