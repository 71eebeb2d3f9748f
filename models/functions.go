package models

import "github.com/gokeras/gokeras/graph"

// TrainFunction returns the compiled function that runs one training step
// (Keras's model.train_function): built by Fit or TrainOnBatch, and nil
// before the model first trains or after it is compiled again. Its methods
// show what runs: DebugString prints the compiled graph, and SetProfiling
// and Profile time its steps.
func (m *Model) TrainFunction() *graph.Func {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rt == nil || m.rt.train == nil {
		return nil
	}
	return m.rt.train.fn
}

// TestFunction returns the compiled function that runs one evaluation step
// (Keras's model.test_function), or nil before the model first evaluates.
func (m *Model) TestFunction() *graph.Func {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rt == nil || m.rt.test == nil {
		return nil
	}
	return m.rt.test.fn
}

// PredictFunction returns the compiled function that predicts one batch
// (Keras's model.predict_function), or nil before the model first
// predicts.
func (m *Model) PredictFunction() *graph.Func {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rt == nil {
		return nil
	}
	return m.rt.predict
}
