package callbacks

import (
	"fmt"
	"io"

	"github.com/gokeras/gokeras/utils"
)

// ProgbarLogger prints Keras 3's progress bar: "Epoch e/E" before each
// epoch when there are several, then with verbose 1 the bar redrawn after
// each batch on a terminal (one line per epoch otherwise), with verbose 2
// one line per epoch. Evaluate and Predict show a bar of their own.
//
// CountMode chooses what Fit's bar counts: batches (CountSteps, Keras 3's
// only mode and the default) or samples (CountSamples, the count_mode of
// Keras 2's ProgbarLogger), then shown as "96/100" with the time per
// sample. Counting samples needs the batch size in the Params; without it
// the bar counts steps. Evaluate and Predict always count steps.
type ProgbarLogger struct {
	Base
	// CountMode is CountSteps or CountSamples.
	CountMode CountMode

	w       io.Writer
	verbose int
	bar     *utils.Progbar
	seen    int
	target  int
	epochs  int
}

// CountMode is what a ProgbarLogger counts during training.
type CountMode string

// The count modes of ProgbarLogger, Keras 2's count_mode values.
const (
	// CountSteps counts batches.
	CountSteps CountMode = "steps"
	// CountSamples counts samples.
	CountSamples CountMode = "samples"
)

// NewProgbarLogger returns a progress-bar logger writing to w with the
// given verbosity (0 silent, 1 bar, 2 one line per epoch), counting steps.
// A model given one among its callbacks uses it instead of its own.
func NewProgbarLogger(w io.Writer, verbose int) *ProgbarLogger {
	return &ProgbarLogger{w: w, verbose: verbose, CountMode: CountSteps}
}

// samples reports whether the training bar counts samples.
func (p *ProgbarLogger) samples() bool {
	return p.CountMode == CountSamples && p.Params.BatchSize > 0
}

// trainTarget returns the length of Fit's bar: samples or steps per epoch,
// 0 if unknown.
func (p *ProgbarLogger) trainTarget() int {
	if p.samples() {
		return p.Params.Samples
	}
	return p.Params.Steps
}

// trainSeen returns the count after training batch number batch.
func (p *ProgbarLogger) trainSeen(batch int) int {
	if !p.samples() {
		return batch + 1
	}
	n := (batch + 1) * p.Params.BatchSize
	if p.Params.Samples > 0 {
		n = min(n, p.Params.Samples)
	}
	return n
}

// SetParams keeps the number of epochs and steps.
func (p *ProgbarLogger) SetParams(ps Params) {
	p.Params = ps
	p.epochs = ps.Epochs
	p.target = ps.Steps
}

func (p *ProgbarLogger) reset(target int) {
	p.seen = 0
	p.target = target
	p.bar = nil
	if p.verbose > 0 {
		p.bar = utils.NewProgbar(p.w, target, p.verbose)
	}
}

// values turns logs into the bar's values, sorted as Keras shows them.
func values(logs Logs) []utils.ProgbarValue {
	var vs []utils.ProgbarValue
	for _, k := range logs.Keys() {
		vs = append(vs, utils.ProgbarValue{Name: k, Value: logs[k]})
	}
	return vs
}

func (p *ProgbarLogger) update(seen int, logs Logs, finalize bool) {
	if p.bar == nil {
		return
	}
	p.seen = seen
	if p.target > 0 && p.seen >= p.target {
		return // the end hook draws the final line, as Keras's logger does
	}
	_ = p.bar.Update(p.seen, values(logs), finalize)
}

// OnEpochBegin prints the epoch line and starts a bar.
func (p *ProgbarLogger) OnEpochBegin(epoch int, _ Logs) {
	if p.verbose > 0 && p.epochs > 1 {
		fmt.Fprintf(p.w, "Epoch %d/%d\n", epoch+1, p.epochs)
	}
	p.reset(p.trainTarget())
	if p.bar != nil && p.samples() {
		p.bar.UnitName = "sample"
	}
}

// OnTrainBatchEnd advances the bar.
func (p *ProgbarLogger) OnTrainBatchEnd(batch int, logs Logs) {
	if p.verbose == 1 {
		p.update(p.trainSeen(batch), logs, false)
	} else {
		p.seen = p.trainSeen(batch)
	}
}

// OnEpochEnd completes the bar with the epoch's logs.
func (p *ProgbarLogger) OnEpochEnd(_ int, logs Logs) {
	if p.bar == nil {
		return
	}
	target := p.target
	if target <= 0 {
		target = p.seen
	}
	_ = p.bar.Update(target, values(logs), true)
}

// OnTestBegin starts a bar for Evaluate (not for validation inside Fit).
func (p *ProgbarLogger) OnTestBegin(Logs) {
	if p.epochs == 0 {
		p.reset(p.Params.Steps)
	}
}

// OnTestBatchEnd advances Evaluate's bar.
func (p *ProgbarLogger) OnTestBatchEnd(batch int, logs Logs) {
	if p.epochs == 0 && p.verbose == 1 {
		p.update(batch+1, logs, false)
	} else if p.epochs == 0 {
		p.seen = batch + 1
	}
}

// OnTestEnd completes Evaluate's bar.
func (p *ProgbarLogger) OnTestEnd(logs Logs) {
	if p.epochs == 0 && p.bar != nil {
		_ = p.bar.Update(max(p.target, p.seen), values(logs), true)
	}
}

// OnPredictBegin starts Predict's bar.
func (p *ProgbarLogger) OnPredictBegin(Logs) { p.reset(p.Params.Steps) }

// OnPredictBatchEnd advances Predict's bar.
func (p *ProgbarLogger) OnPredictBatchEnd(batch int, _ Logs) {
	if p.verbose == 1 {
		p.update(batch+1, nil, false)
	} else {
		p.seen = batch + 1
	}
}

// OnPredictEnd completes Predict's bar.
func (p *ProgbarLogger) OnPredictEnd(Logs) {
	if p.bar != nil {
		_ = p.bar.Update(max(p.target, p.seen), nil, true)
	}
}
