package models

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/tensor"
)

// Evaluate returns the loss and metrics of the model on x and y, as
// Keras's evaluate(…, return_dict=True). x and y take the forms Fit's do.
// Options: BatchSize, Verbose, Output, SampleWeight, Steps, Callbacks.
// As in Fit, callbacks run without the model's lock held.
func (m *Model) Evaluate(ctx context.Context, x, y any, opts ...Option) (callbacks.Logs, error) {
	cfg, err := parseOptions("Evaluate", opts, "batch_size", "sample_weight", "steps")
	if err != nil {
		return nil, err
	}
	cfg.shuffle = false
	data, err := m.prepare(x, y, cfg, true)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	rt, err := m.stepFuncs(m.givenOrSpec(data.given))
	if err != nil {
		return nil, err
	}
	steps := data.data.Steps()
	if cfg.steps > 0 {
		steps = cfg.steps
	}
	cbs := m.callbackList(cfg, nil, callbacks.Params{Steps: steps, Verbose: cfg.verbose})
	// As in Fit, callbacks run without the model's lock.
	m.unlocked(func() { cbs.OnTestBegin(nil) })
	logs, err := m.runTest(ctx, rt, data.data, cbs, cfg.steps)
	if err != nil {
		return nil, err
	}
	m.unlocked(func() { cbs.OnTestEnd(logs) })
	return logs, nil
}

// Predict returns the model's output for x, computed batch by batch in
// inference mode, as Keras's predict, for a model with one output (see
// PredictAll). x takes the forms Fit's does; a Dataset's labels are
// ignored. Options: BatchSize, Verbose, Output, Steps, Callbacks. Predict
// is safe for concurrent use.
func (m *Model) Predict(ctx context.Context, x any, opts ...Option) (*tensor.Tensor[float32], error) {
	outs, err := m.PredictAll(ctx, x, opts...)
	if err != nil {
		return nil, err
	}
	if len(outs) != 1 {
		return nil, fmt.Errorf("models: %q has %d outputs: use PredictAll", m.Name(), len(outs))
	}
	return outs[0], nil
}

// PredictAll returns every output of the model for x.
func (m *Model) PredictAll(ctx context.Context, x any, opts ...Option) ([]*tensor.Tensor[float32], error) {
	cfg, err := parseOptions("Predict", opts, "batch_size", "steps")
	if err != nil {
		return nil, err
	}
	cfg.shuffle = false
	m.mu.Lock()
	data, err := m.prepare(x, nil, cfg, false)
	var fn interface {
		CallInto([]any, ...any) error
	}
	if err == nil {
		fn, err = m.predictFunc()
	}
	m.mu.Unlock()
	if err != nil {
		return nil, err
	}
	steps := data.data.Steps()
	if cfg.steps > 0 {
		steps = cfg.steps
	}
	cbs := m.callbackList(cfg, nil, callbacks.Params{Steps: steps, Verbose: cfg.verbose})
	cbs.OnPredictBegin(nil)
	var results [][]float32
	var rows []int
	var n int
	args := make([]any, len(m.inputs))
	outs := make([]any, len(m.outputs))
	for step := 0; cfg.steps == 0 || step < cfg.steps; step++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := data.data.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, err
		}
		if len(b.X) != len(m.inputs) {
			return nil, fmt.Errorf("models: a batch has %d inputs, the model takes %d", len(b.X), len(m.inputs))
		}
		copy(args, b.X)
		bn := shapeOf(b.X[0])[0]
		if results == nil {
			results, rows = m.predictBuffers(data, bn)
		}
		for i := range outs {
			need := (n + bn) * rows[i]
			if need > len(results[i]) {
				results[i] = append(results[i], make([]float32, need-len(results[i]))...)
			}
			shape := append([]int{bn}, m.outputs[i].Shape()[1:]...)
			outs[i], _ = tensor.New(shape, results[i][n*rows[i]:need])
		}
		cbs.OnPredictBatchBegin(step, nil)
		if err := fn.CallInto(outs, args...); err != nil {
			return nil, fmt.Errorf("models: %q: predict: %w", m.Name(), err)
		}
		n += bn
		cbs.OnPredictBatchEnd(step, nil)
	}
	cbs.OnPredictEnd(nil)
	res := make([]*tensor.Tensor[float32], len(m.outputs))
	for i := range res {
		shape := append([]int{n}, m.outputs[i].Shape()[1:]...)
		if results == nil {
			results = make([][]float32, len(m.outputs))
		}
		res[i], err = tensor.New(shape, results[i][:n*max(rowsOrZero(rows, i), 0)])
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

func rowsOrZero(rows []int, i int) int {
	if rows == nil {
		return 0
	}
	return rows[i]
}

// predictBuffers sizes the result buffers for all samples when known.
func (m *Model) predictBuffers(data *prepared, batch int) ([][]float32, []int) {
	results := make([][]float32, len(m.outputs))
	rows := make([]int, len(m.outputs))
	total := batch
	if data.arr != nil {
		total = data.arr.n
	}
	for i, o := range m.outputs {
		rows[i] = 1
		for _, d := range o.Shape()[1:] {
			rows[i] *= d
		}
		results[i] = make([]float32, 0, total*rows[i])
	}
	return results, rows
}

// TrainOnBatch runs one training step on a single batch and returns the
// metrics, which keep accumulating across calls until ResetMetrics, as in
// Keras 3. Options: SampleWeight, ClassWeight.
func (m *Model) TrainOnBatch(x, y any, opts ...Option) (callbacks.Logs, error) {
	return m.onBatch(x, y, true, opts)
}

// TestOnBatch evaluates the model on a single batch and returns the
// metrics. Options: SampleWeight.
func (m *Model) TestOnBatch(x, y any, opts ...Option) (callbacks.Logs, error) {
	return m.onBatch(x, y, false, opts)
}

func (m *Model) onBatch(x, y any, train bool, opts []Option) (callbacks.Logs, error) {
	allowed := []string{"sample_weight"}
	name := "TestOnBatch"
	if train {
		allowed, name = append(allowed, "class_weight"), "TrainOnBatch"
	}
	cfg, err := parseOptions(name, opts, allowed...)
	if err != nil {
		return nil, err
	}
	cfg.shuffle = false
	data, err := m.prepare(x, y, cfg, true)
	if err != nil {
		return nil, err
	}
	cfg.batchSize = max(data.arr.n, 1)
	data.arr.batchSize = cfg.batchSize
	if cfg.classWeight != nil {
		if err := applyClassWeight(data.arr, cfg.classWeight); err != nil {
			return nil, err
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	rt, err := m.stepFuncs(data.given)
	if err != nil {
		return nil, err
	}
	feed := newFeeder(data.data, len(m.inputs), rt.labels)
	if _, err := feed.next(context.Background()); err != nil {
		return nil, err
	}
	sf := rt.test
	if train {
		sf = rt.train
	}
	if err := sf.fn.CallInto(sf.outs, feed.args...); err != nil {
		return nil, fmt.Errorf("models: %q: %s: %w", m.Name(), name, err)
	}
	logs := callbacks.Logs{}
	rt.read(sf, logs, "")
	return logs, nil
}

// PredictOnBatch returns the model's output for a single batch x.
func (m *Model) PredictOnBatch(x any) (*tensor.Tensor[float32], error) {
	shape := shapeOf(x)
	if shape == nil {
		return nil, fmt.Errorf("models: PredictOnBatch: expected a *tensor.Tensor, received %T", x)
	}
	return m.Predict(context.Background(), x, BatchSize(max(shape[0], 1)), Verbose(0))
}

// ResetMetrics zeroes the state of the compiled metrics.
func (m *Model) ResetMetrics() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rt == nil {
		return nil
	}
	return m.rt.resetMetrics()
}
