package callbacks

// LambdaCallback is a callback built from functions, as Keras's
// LambdaCallback: each hook calls its function if it is set.
type LambdaCallback struct {
	Base
	OnEpochBeginFn func(epoch int, logs Logs)
	OnEpochEndFn   func(epoch int, logs Logs)
	OnBatchBeginFn func(batch int, logs Logs)
	OnBatchEndFn   func(batch int, logs Logs)
	OnTrainBeginFn func(logs Logs)
	OnTrainEndFn   func(logs Logs)
}

// OnEpochBegin calls OnEpochBeginFn.
func (l *LambdaCallback) OnEpochBegin(e int, logs Logs) {
	if l.OnEpochBeginFn != nil {
		l.OnEpochBeginFn(e, logs)
	}
}

// OnEpochEnd calls OnEpochEndFn.
func (l *LambdaCallback) OnEpochEnd(e int, logs Logs) {
	if l.OnEpochEndFn != nil {
		l.OnEpochEndFn(e, logs)
	}
}

// OnTrainBatchBegin calls OnBatchBeginFn.
func (l *LambdaCallback) OnTrainBatchBegin(b int, logs Logs) {
	if l.OnBatchBeginFn != nil {
		l.OnBatchBeginFn(b, logs)
	}
}

// OnTrainBatchEnd calls OnBatchEndFn.
func (l *LambdaCallback) OnTrainBatchEnd(b int, logs Logs) {
	if l.OnBatchEndFn != nil {
		l.OnBatchEndFn(b, logs)
	}
}

// OnTrainBegin calls OnTrainBeginFn.
func (l *LambdaCallback) OnTrainBegin(logs Logs) {
	if l.OnTrainBeginFn != nil {
		l.OnTrainBeginFn(logs)
	}
}

// OnTrainEnd calls OnTrainEndFn.
func (l *LambdaCallback) OnTrainEnd(logs Logs) {
	if l.OnTrainEndFn != nil {
		l.OnTrainEndFn(logs)
	}
}
