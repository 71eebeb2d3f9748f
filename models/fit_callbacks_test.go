package models

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// withTimeout runs f and fails the test if it has not returned after d:
// a lock taken twice would otherwise hang the test run.
func withTimeout(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %v: deadlock?", d)
	}
}

func compiledMLP(t *testing.T) *Model {
	t.Helper()
	layers.SetRandomSeed(11)
	m := NewSequential(
		layers.NewDense(5, layers.WithActivation("tanh"), layers.WithInputDim(2)),
		layers.NewDense(1, layers.WithActivation("sigmoid")),
	)
	if err := m.Compile(optimizers.NewAdamWith(0.05, 0.9, 0.999, 1e-7), "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	return m.Model
}

// TestCallbackUsesModelDuringFit saves, reads and uses the model from a
// callback of its own Fit, at the end of every batch and every epoch, as
// Keras users save in on_epoch_end.
func TestCallbackUsesModelDuringFit(t *testing.T) {
	x, y := separable(48, 7)
	m := compiledMLP(t)
	dir := t.TempDir()
	var calls int
	check := func(where string) {
		calls++
		path := filepath.Join(dir, fmt.Sprintf("m%d.keras", calls))
		if err := m.Save(path); err != nil {
			t.Errorf("%s: Save: %v", where, err)
			return
		}
		if err := m.SaveWeights(filepath.Join(dir, "w.weights.h5")); err != nil {
			t.Errorf("%s: SaveWeights: %v", where, err)
		}
		ws := m.GetWeights()
		if len(ws) != 4 {
			t.Errorf("%s: GetWeights returned %d weights, want 4", where, len(ws))
		}
		want, err := m.Predict(ctx, x, Verbose(0))
		if err != nil {
			t.Errorf("%s: Predict: %v", where, err)
			return
		}
		back, err := LoadModel(path)
		if err != nil {
			t.Errorf("%s: LoadModel: %v", where, err)
			return
		}
		got, err := back.Predict(ctx, x, Verbose(0))
		if err != nil {
			t.Errorf("%s: Predict of the saved model: %v", where, err)
			return
		}
		if !tensor.Equal(got, want) {
			t.Errorf("%s: the model saved from the callback predicts otherwise than the model", where)
		}
		wb := m.GetWeights()
		if err := m.SetWeights(wb); err != nil {
			t.Errorf("%s: SetWeights: %v", where, err)
		}
		if err := back.LoadWeights(filepath.Join(dir, "w.weights.h5")); err != nil {
			t.Errorf("%s: LoadWeights: %v", where, err)
		}
	}
	cb := &callbacks.LambdaCallback{
		OnEpochEndFn: func(int, callbacks.Logs) {
			check("OnEpochEnd")
			if logs, err := m.Evaluate(ctx, x, y, Verbose(0)); err != nil || logs["loss"] <= 0 {
				t.Errorf("OnEpochEnd: Evaluate: %v %v", logs, err)
			}
		},
		OnBatchEndFn: func(int, callbacks.Logs) { check("OnBatchEnd") },
	}
	var err error
	withTimeout(t, 60*time.Second, func() {
		_, err = m.Fit(ctx, x, y, Epochs(2), BatchSize(16), Verbose(0), Callbacks(cb))
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 2*3+2 {
		t.Errorf("the callback ran %d times, want 8", calls)
	}
	// Fit called again from a callback fails instead of hanging.
	var inner error
	again := &callbacks.LambdaCallback{OnEpochEndFn: func(int, callbacks.Logs) {
		_, inner = m.Fit(ctx, x, y, Epochs(1), Verbose(0))
	}}
	withTimeout(t, 60*time.Second, func() {
		_, err = m.Fit(ctx, x, y, Epochs(1), BatchSize(16), Verbose(0), Callbacks(again))
	})
	if err != nil {
		t.Fatal(err)
	}
	if inner == nil {
		t.Error("Fit called from a callback of Fit returned no error")
	}
}

// hashValues hashes the bits of float32 and int tensors.
func hashValues[T any](vals []T) uint64 {
	h := fnv.New64a()
	var b [8]byte
	put := func(u uint64) {
		for i := range b {
			b[i] = byte(u >> (8 * i))
		}
		h.Write(b[:])
	}
	for _, v := range vals {
		switch t := any(v).(type) {
		case *tensor.Tensor[float32]:
			for _, x := range t.Data() {
				put(uint64(math.Float32bits(x)))
			}
		case *tensor.Tensor[float64]:
			for _, x := range t.Data() {
				put(math.Float64bits(x))
			}
		case *tensor.Tensor[int64]:
			for _, x := range t.Data() {
				put(uint64(x))
			}
		case *tensor.Tensor[int32]:
			for _, x := range t.Data() {
				put(uint64(x))
			}
		default:
			put(0xdead)
		}
		put(0xffff)
	}
	return h.Sum64()
}

func storeHash(t *testing.T, data []byte) uint64 {
	a, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Error(err)
		return 0
	}
	var vals []saving.Tensor
	for _, e := range a.Vars.Entries {
		vals = append(vals, e.Values...)
	}
	return hashValues(vals)
}

// TestConcurrentSaveSeesWholeSteps saves and reads the weights from
// another goroutine while Fit trains: every snapshot must be the state
// after some whole step (weights and optimizer state together), never a
// mix of two steps.
func TestConcurrentSaveSeesWholeSteps(t *testing.T) {
	x, y := separable(256, 8)
	m := compiledMLP(t)
	var mu sync.Mutex
	weightStates := map[uint64]bool{}
	fileStates := map[uint64]bool{}
	record := func() {
		var buf bytes.Buffer
		if err := m.SaveTo(&buf); err != nil {
			t.Error(err)
		}
		w, f := hashValues(m.GetWeights()), storeHash(t, buf.Bytes())
		mu.Lock()
		weightStates[w], fileStates[f] = true, true
		mu.Unlock()
	}
	// Build the train function, so that the weights live in its graph.
	if _, err := m.Fit(ctx, x, y, Epochs(1), BatchSize(256), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	record()
	cb := &callbacks.LambdaCallback{OnBatchEndFn: func(int, callbacks.Logs) { record() }}
	stop := make(chan struct{})
	var weightSnaps, fileSnaps []uint64
	var wg sync.WaitGroup
	wg.Add(3)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if p, err := m.Predict(ctx, x, Verbose(0), BatchSize(64)); err != nil || p.Dim(0) != 256 {
				t.Errorf("Predict during Fit: %v", err)
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			weightSnaps = append(weightSnaps, hashValues(m.GetWeights()))
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			var buf bytes.Buffer
			if err := m.SaveTo(&buf); err != nil {
				t.Error(err)
				return
			}
			fileSnaps = append(fileSnaps, storeHash(t, buf.Bytes()))
		}
	}()
	var err error
	withTimeout(t, 120*time.Second, func() {
		_, err = m.Fit(context.Background(), x, y, Epochs(4), BatchSize(4), Verbose(0), Callbacks(cb))
	})
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	torn := 0
	for _, h := range weightSnaps {
		if !weightStates[h] {
			torn++
		}
	}
	if torn > 0 {
		t.Errorf("%d of %d GetWeights snapshots mix two training steps", torn, len(weightSnaps))
	}
	torn = 0
	for _, h := range fileSnaps {
		if !fileStates[h] {
			torn++
		}
	}
	if torn > 0 {
		t.Errorf("%d of %d saved files mix two training steps", torn, len(fileSnaps))
	}
	t.Logf("%d GetWeights and %d Save snapshots during %d steps", len(weightSnaps), len(fileSnaps), len(weightStates))
}

// testHooks is a callback that runs f in Evaluate's hooks.
type testHooks struct {
	callbacks.Base
	f func(where string)
}

func (h *testHooks) OnTestBatchEnd(int, callbacks.Logs) { h.f("OnTestBatchEnd") }
func (h *testHooks) OnTestEnd(callbacks.Logs)           { h.f("OnTestEnd") }

// TestCallbackUsesModelDuringEvaluate saves and predicts from Evaluate's
// callbacks, and checks that a callback's panic leaves the model usable.
func TestCallbackUsesModelDuringEvaluate(t *testing.T) {
	x, y := separable(48, 9)
	m := compiledMLP(t)
	calls := 0
	cb := &testHooks{f: func(where string) {
		calls++
		var buf bytes.Buffer
		if err := m.SaveTo(&buf); err != nil {
			t.Errorf("%s: Save: %v", where, err)
		}
		if _, err := m.Predict(ctx, x, Verbose(0)); err != nil {
			t.Errorf("%s: Predict: %v", where, err)
		}
	}}
	withTimeout(t, 60*time.Second, func() {
		if _, err := m.Evaluate(ctx, x, y, BatchSize(16), Verbose(0), Callbacks(cb)); err != nil {
			t.Error(err)
		}
	})
	if calls != 3+1 {
		t.Errorf("the callback ran %d times, want 4", calls)
	}

	// A panicking callback propagates out of Fit and Evaluate, which
	// leave the model unlocked.
	boom := &callbacks.LambdaCallback{OnBatchEndFn: func(int, callbacks.Logs) { panic("boom") }}
	for _, run := range []func(){
		func() { _, _ = m.Fit(ctx, x, y, Epochs(1), Verbose(0), Callbacks(boom)) },
		func() {
			_, _ = m.Evaluate(ctx, x, y, Verbose(0), Callbacks(&testHooks{f: func(string) { panic("boom") }}))
		},
	} {
		func() {
			defer func() {
				if r := recover(); r != "boom" {
					t.Errorf("recovered %v, want the callback's panic", r)
				}
			}()
			run()
		}()
		withTimeout(t, 60*time.Second, func() {
			if _, err := m.Fit(ctx, x, y, Epochs(1), Verbose(0)); err != nil {
				t.Errorf("Fit after a callback's panic: %v", err)
			}
		})
	}
}
