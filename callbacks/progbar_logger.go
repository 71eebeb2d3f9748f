package callbacks

import (
	"fmt"
	"io"

	"github.com/gokeras/gokeras/internal/progbar"
)

// ProgbarLogger prints Keras 3's progress bar: "Epoch e/E" before each
// epoch when there are several, then with verbose 1 the bar redrawn after
// each batch on a terminal (one line per epoch otherwise), with verbose 2
// one line per epoch. Evaluate and Predict show a bar of their own.
type ProgbarLogger struct {
	Base
	w       io.Writer
	verbose int
	bar     *progbar.Progbar
	seen    int
	target  int
	epochs  int
}

// NewProgbarLogger returns a progress-bar logger writing to w with the
// given verbosity (0 silent, 1 bar, 2 one line per epoch).
func NewProgbarLogger(w io.Writer, verbose int) *ProgbarLogger {
	return &ProgbarLogger{w: w, verbose: verbose}
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
		p.bar = progbar.New(p.w, target, p.verbose)
	}
}

// values turns logs into the bar's values, sorted as Keras shows them.
func values(logs Logs) []progbar.Value {
	var vs []progbar.Value
	for _, k := range logs.Keys() {
		vs = append(vs, progbar.Value{Name: k, Value: logs[k]})
	}
	return vs
}

func (p *ProgbarLogger) update(batch int, logs Logs, finalize bool) {
	if p.bar == nil {
		return
	}
	p.seen = batch + 1
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
	p.reset(p.Params.Steps)
}

// OnTrainBatchEnd advances the bar.
func (p *ProgbarLogger) OnTrainBatchEnd(batch int, logs Logs) {
	if p.verbose == 1 {
		p.update(batch, logs, false)
	} else {
		p.seen = batch + 1
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
		p.update(batch, logs, false)
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
		p.update(batch, nil, false)
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
