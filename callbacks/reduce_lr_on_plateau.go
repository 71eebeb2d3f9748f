package callbacks

import (
	"fmt"
	"io"
	"math"
	"os"
)

// ReduceLROnPlateau is Keras's ReduceLROnPlateau callback: it multiplies
// the optimizer's learning rate by Factor when the monitored quantity has
// not improved for Patience epochs.
//
// At the end of each epoch it writes the current learning rate into the
// logs as "learning_rate" (so History records it) and reads Monitor. A
// value improves on the best one seen if it is lower by more than MinDelta
// (Mode "min"), higher by more than MinDelta ("max"), or — Mode "auto" —
// higher when the name contains "acc" and lower otherwise. An improvement
// resets the wait; otherwise, outside a cooldown, the wait grows and when
// it reaches Patience the learning rate lr becomes max(lr·Factor, MinLR)
// (only if lr > MinLR), the wait restarts and Cooldown epochs follow in
// which no reduction happens. An epoch without the monitored value is
// skipped.
//
// Keras's defaults: Monitor "val_loss", Factor 0.1, Patience 10, Mode
// "auto", MinDelta 1e-4, Cooldown 0, MinLR 0, Verbose 0.
type ReduceLROnPlateau struct {
	Base
	Monitor  string
	Factor   float64
	Patience int
	// Verbose > 0 prints a line to Out at each reduction, as Keras does.
	Verbose  int
	Mode     string
	MinDelta float64
	Cooldown int
	MinLR    float64
	// Out receives the messages (os.Stdout from the constructor).
	Out io.Writer

	wait, cooldownCounter int
	best                  float64
	err                   error
}

// NewReduceLROnPlateau returns ReduceLROnPlateau watching monitor ("" for
// "val_loss") with Keras's other defaults.
func NewReduceLROnPlateau(monitor string) *ReduceLROnPlateau {
	if monitor == "" {
		monitor = "val_loss"
	}
	return &ReduceLROnPlateau{Monitor: monitor, Factor: 0.1, Patience: 10, Mode: "auto",
		MinDelta: 1e-4, Out: os.Stdout}
}

// Err returns the first error met — a factor ≥ 1, which Keras refuses, a
// model without an optimizer, an optimizer whose learning rate cannot be
// set (a schedule) — at which training stops, as Keras raises.
func (r *ReduceLROnPlateau) Err() error { return r.err }

// improves reports whether v is better than the best value by MinDelta.
func (r *ReduceLROnPlateau) improves(v float64) bool {
	if maximizes(r.Mode, r.Monitor) {
		return v > r.best+r.MinDelta
	}
	return v < r.best-r.MinDelta
}

// reset restarts the wait and the cooldown and forgets the best value.
func (r *ReduceLROnPlateau) reset() {
	r.wait, r.cooldownCounter = 0, 0
	r.best = math.Inf(1)
	if maximizes(r.Mode, r.Monitor) {
		r.best = math.Inf(-1)
	}
}

// OnTrainBegin checks the factor and resets the state.
func (r *ReduceLROnPlateau) OnTrainBegin(Logs) {
	r.reset()
	r.err = nil
	if !(r.Factor < 1) {
		r.fail(fmt.Errorf("ReduceLROnPlateau does not support a factor >= 1.0, received factor=%v", r.Factor))
	}
}

// fail records err and stops training, as Keras raises.
func (r *ReduceLROnPlateau) fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("callbacks: ReduceLROnPlateau: %w", err)
	}
	if r.Model != nil {
		r.Model.StopTraining()
	}
}

// OnEpochEnd records the learning rate and reduces it on a plateau.
func (r *ReduceLROnPlateau) OnEpochEnd(epoch int, logs Logs) {
	if r.err != nil {
		return
	}
	opt, err := optimizerOf(r.Model)
	if err != nil {
		r.fail(err)
		return
	}
	if logs != nil {
		logs["learning_rate"] = opt.LearningRate()
	}
	current, ok := logs[r.Monitor]
	if !ok {
		return
	}
	if r.cooldownCounter > 0 {
		r.cooldownCounter--
		r.wait = 0
	}
	if r.improves(current) {
		r.best, r.wait = current, 0
		return
	}
	if r.cooldownCounter > 0 {
		return
	}
	r.wait++
	if r.wait < r.Patience {
		return
	}
	old := opt.LearningRate()
	if !(old > float64(float32(r.MinLR))) {
		return
	}
	lr := math.Max(old*r.Factor, r.MinLR)
	if err := opt.SetLearningRate(lr); err != nil {
		r.fail(err)
		return
	}
	if r.Verbose > 0 && r.Out != nil {
		fmt.Fprintf(r.Out, "\nEpoch %d: ReduceLROnPlateau reducing learning rate to %s.\n", epoch+1, pyFloat(lr))
	}
	r.cooldownCounter, r.wait = r.Cooldown, 0
}
