// Package callbacks holds Keras's training callbacks: the Callback
// interface with Keras's hooks (train, epoch, batch, test and predict
// begin and end), History, ProgbarLogger (the progress bar, counting steps
// or samples), EarlyStopping, ReduceLROnPlateau, LearningRateScheduler,
// CSVLogger, TerminateOnNaN, LambdaCallback (a callback built from
// functions), and JSONLogger, which streams metrics as JSON lines to an
// io.Writer.
//
// Fit, Evaluate and Predict call the hooks in Keras's order with logs that
// map metric names to their running values ("loss", "accuracy", and
// "val_…" at the end of an epoch with validation).
package callbacks

import (
	"maps"
	"slices"
)

// Logs maps metric names to values, as Keras's logs dictionaries.
type Logs map[string]float64

// Keys returns the names in logs sorted, training names before "val_"
// names, as Keras's progress bar shows them.
func (l Logs) Keys() []string {
	keys := slices.Collect(maps.Keys(l))
	slices.SortFunc(keys, func(a, b string) int {
		va, vb := len(a) > 4 && a[:4] == "val_", len(b) > 4 && b[:4] == "val_"
		if va != vb {
			if va {
				return 1
			}
			return -1
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	return keys
}

// Model is what callbacks see of the model they watch.
type Model interface {
	// StopTraining asks Fit to stop at the end of the current epoch.
	StopTraining()
	// GetWeights returns copies of the model's weights.
	GetWeights() []any
	// SetWeights replaces the model's weights.
	SetWeights(weights []any) error
}

// Params are the training parameters Fit passes to callbacks.
type Params struct {
	Epochs  int
	Steps   int // steps per epoch; 0 if unknown
	Verbose int
	// Samples is the number of training samples per epoch, 0 if unknown
	// (a Dataset, or steps_per_epoch set).
	Samples int
	// BatchSize is the number of samples per batch, 0 if unknown.
	BatchSize int
}

// Callback receives Keras's hooks. Embed Base to implement only some.
type Callback interface {
	SetModel(m Model)
	SetParams(p Params)
	OnTrainBegin(logs Logs)
	OnTrainEnd(logs Logs)
	OnEpochBegin(epoch int, logs Logs)
	OnEpochEnd(epoch int, logs Logs)
	OnTrainBatchBegin(batch int, logs Logs)
	OnTrainBatchEnd(batch int, logs Logs)
	OnTestBegin(logs Logs)
	OnTestEnd(logs Logs)
	OnTestBatchBegin(batch int, logs Logs)
	OnTestBatchEnd(batch int, logs Logs)
	OnPredictBegin(logs Logs)
	OnPredictEnd(logs Logs)
	OnPredictBatchBegin(batch int, logs Logs)
	OnPredictBatchEnd(batch int, logs Logs)
}

// Base implements every hook as a no-op and keeps the model and params.
type Base struct {
	Model  Model
	Params Params
}

// SetModel keeps the model.
func (b *Base) SetModel(m Model) { b.Model = m }

// SetParams keeps the params.
func (b *Base) SetParams(p Params) { b.Params = p }

// OnTrainBegin does nothing.
func (*Base) OnTrainBegin(Logs) {}

// OnTrainEnd does nothing.
func (*Base) OnTrainEnd(Logs) {}

// OnEpochBegin does nothing.
func (*Base) OnEpochBegin(int, Logs) {}

// OnEpochEnd does nothing.
func (*Base) OnEpochEnd(int, Logs) {}

// OnTrainBatchBegin does nothing.
func (*Base) OnTrainBatchBegin(int, Logs) {}

// OnTrainBatchEnd does nothing.
func (*Base) OnTrainBatchEnd(int, Logs) {}

// OnTestBegin does nothing.
func (*Base) OnTestBegin(Logs) {}

// OnTestEnd does nothing.
func (*Base) OnTestEnd(Logs) {}

// OnTestBatchBegin does nothing.
func (*Base) OnTestBatchBegin(int, Logs) {}

// OnTestBatchEnd does nothing.
func (*Base) OnTestBatchEnd(int, Logs) {}

// OnPredictBegin does nothing.
func (*Base) OnPredictBegin(Logs) {}

// OnPredictEnd does nothing.
func (*Base) OnPredictEnd(Logs) {}

// OnPredictBatchBegin does nothing.
func (*Base) OnPredictBatchBegin(int, Logs) {}

// OnPredictBatchEnd does nothing.
func (*Base) OnPredictBatchEnd(int, Logs) {}

// List calls the hooks of several callbacks in order.
type List []Callback

// SetModel passes m to every callback.
func (l List) SetModel(m Model) {
	for _, c := range l {
		c.SetModel(m)
	}
}

// SetParams passes p to every callback.
func (l List) SetParams(p Params) {
	for _, c := range l {
		c.SetParams(p)
	}
}

// call calls hook on every callback in order.
func (l List) call(hook func(Callback, Logs), logs Logs) {
	for _, c := range l {
		hook(c, logs)
	}
}

// callAt calls hook on every callback in order, for epoch or batch i.
func (l List) callAt(hook func(Callback, int, Logs), i int, logs Logs) {
	for _, c := range l {
		hook(c, i, logs)
	}
}

// OnTrainBegin calls the hook of every callback.
func (l List) OnTrainBegin(logs Logs) { l.call(Callback.OnTrainBegin, logs) }

// OnTrainEnd calls the hook of every callback.
func (l List) OnTrainEnd(logs Logs) { l.call(Callback.OnTrainEnd, logs) }

// OnEpochBegin calls the hook of every callback.
func (l List) OnEpochBegin(e int, logs Logs) { l.callAt(Callback.OnEpochBegin, e, logs) }

// OnEpochEnd calls the hook of every callback.
func (l List) OnEpochEnd(e int, logs Logs) { l.callAt(Callback.OnEpochEnd, e, logs) }

// OnTrainBatchBegin calls the hook of every callback.
func (l List) OnTrainBatchBegin(b int, logs Logs) { l.callAt(Callback.OnTrainBatchBegin, b, logs) }

// OnTrainBatchEnd calls the hook of every callback.
func (l List) OnTrainBatchEnd(b int, logs Logs) { l.callAt(Callback.OnTrainBatchEnd, b, logs) }

// OnTestBegin calls the hook of every callback.
func (l List) OnTestBegin(logs Logs) { l.call(Callback.OnTestBegin, logs) }

// OnTestEnd calls the hook of every callback.
func (l List) OnTestEnd(logs Logs) { l.call(Callback.OnTestEnd, logs) }

// OnTestBatchBegin calls the hook of every callback.
func (l List) OnTestBatchBegin(b int, logs Logs) { l.callAt(Callback.OnTestBatchBegin, b, logs) }

// OnTestBatchEnd calls the hook of every callback.
func (l List) OnTestBatchEnd(b int, logs Logs) { l.callAt(Callback.OnTestBatchEnd, b, logs) }

// OnPredictBegin calls the hook of every callback.
func (l List) OnPredictBegin(logs Logs) { l.call(Callback.OnPredictBegin, logs) }

// OnPredictEnd calls the hook of every callback.
func (l List) OnPredictEnd(logs Logs) { l.call(Callback.OnPredictEnd, logs) }

// OnPredictBatchBegin calls the hook of every callback.
func (l List) OnPredictBatchBegin(b int, logs Logs) { l.callAt(Callback.OnPredictBatchBegin, b, logs) }

// OnPredictBatchEnd calls the hook of every callback.
func (l List) OnPredictBatchEnd(b int, logs Logs) { l.callAt(Callback.OnPredictBatchEnd, b, logs) }
