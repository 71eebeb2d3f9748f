package callbacks

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// EarlyStopping stops training when a monitored metric has stopped
// improving, as Keras's EarlyStopping: after each epoch from
// StartFromEpoch on, a value better than the best by more than MinDelta
// resets the wait; otherwise once Patience epochs have passed without
// improvement the model stops training. With RestoreBestWeights the
// weights of the best epoch are put back at the end. Mode "min", "max" or
// "auto" (max for accuracy-like names, min otherwise) sets the direction.
type EarlyStopping struct {
	Base
	Monitor            string
	MinDelta           float64
	Patience           int
	Mode               string
	Baseline           *float64
	RestoreBestWeights bool
	StartFromEpoch     int
	// Verbose > 0 prints a line when stopping and when restoring weights.
	Verbose int
	// Out receives those lines.
	Out io.Writer

	// StoppedEpoch is the epoch at which training stopped, 0 if it did not.
	StoppedEpoch int
	// BestEpoch is the epoch with the best value seen.
	BestEpoch int

	wait        int
	best        float64
	bestWeights []any
}

// NewEarlyStopping returns EarlyStopping on monitor with Keras's defaults:
// no minimum delta, patience 0, mode auto, no baseline, no restoring.
func NewEarlyStopping(monitor string) *EarlyStopping {
	if monitor == "" {
		monitor = "val_loss"
	}
	return &EarlyStopping{Monitor: monitor, Mode: "auto"}
}

func (e *EarlyStopping) maximize() bool {
	switch e.Mode {
	case "max":
		return true
	case "min":
		return false
	}
	m := e.Monitor
	return strings.HasSuffix(m, "acc") || strings.HasSuffix(m, "accuracy") || strings.HasSuffix(m, "auc")
}

// improves reports whether v is better than ref by more than MinDelta.
func (e *EarlyStopping) improves(v, ref float64) bool {
	d := math.Abs(e.MinDelta)
	if e.maximize() {
		return v-d > ref
	}
	return v+d < ref
}

// OnTrainBegin resets the state.
func (e *EarlyStopping) OnTrainBegin(Logs) {
	e.wait, e.StoppedEpoch, e.BestEpoch = 0, 0, 0
	e.bestWeights = nil
	e.best = math.Inf(1)
	if e.maximize() {
		e.best = math.Inf(-1)
	}
}

// OnEpochEnd compares the monitored value with the best one.
func (e *EarlyStopping) OnEpochEnd(epoch int, logs Logs) {
	v, ok := logs[e.Monitor]
	if !ok || epoch < e.StartFromEpoch {
		return
	}
	if e.RestoreBestWeights && e.bestWeights == nil && e.Model != nil {
		e.bestWeights = e.Model.GetWeights()
		e.BestEpoch = epoch
	}
	e.wait++
	if e.improves(v, e.best) {
		e.best = v
		e.BestEpoch = epoch
		if e.RestoreBestWeights && e.Model != nil {
			e.bestWeights = e.Model.GetWeights()
		}
		if e.Baseline == nil || e.improves(v, *e.Baseline) {
			e.wait = 0
		}
		return
	}
	if e.wait >= e.Patience && epoch > 0 {
		e.StoppedEpoch = epoch
		if e.Model != nil {
			e.Model.StopTraining()
		}
	}
}

// OnTrainEnd reports the stop and restores the best weights if asked.
func (e *EarlyStopping) OnTrainEnd(Logs) {
	if e.StoppedEpoch > 0 && e.Verbose > 0 && e.Out != nil {
		fmt.Fprintf(e.Out, "Epoch %d: early stopping\n", e.StoppedEpoch+1)
	}
	if e.RestoreBestWeights && e.bestWeights != nil && e.Model != nil {
		if e.Verbose > 0 && e.Out != nil {
			fmt.Fprintf(e.Out, "Restoring model weights from the end of the best epoch: %d.\n", e.BestEpoch+1)
		}
		_ = e.Model.SetWeights(e.bestWeights)
	}
}
