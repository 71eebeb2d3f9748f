package callbacks

import (
	"fmt"
	"io"
	"math"
	"os"
)

// LearningRateScheduler is Keras's LearningRateScheduler callback: at the
// beginning of each epoch it sets the optimizer's learning rate to
// Schedule(epoch, lr), where epoch counts from 0 and lr is the current
// learning rate, and at the end of the epoch it writes the learning rate
// into the logs as "learning_rate" (so History records it). Verbose > 0
// prints the new rate at each epoch, as Keras does; Keras's default is 0.
type LearningRateScheduler struct {
	Base
	// Schedule maps the epoch and the current learning rate to the new one.
	Schedule func(epoch int, lr float64) float64
	Verbose  int
	// Out receives the messages (os.Stdout from the constructor).
	Out io.Writer

	err error
}

// NewLearningRateScheduler returns a LearningRateScheduler following
// schedule, silent (Keras's default verbose 0).
func NewLearningRateScheduler(schedule func(epoch int, lr float64) float64) *LearningRateScheduler {
	return &LearningRateScheduler{Schedule: schedule, Out: os.Stdout}
}

// Err returns the first error met: no schedule, a model without an
// optimizer, a schedule returning a negative or non-finite rate, or an
// optimizer whose learning rate cannot be set. Training stops at such an
// error, as Keras raises.
func (s *LearningRateScheduler) Err() error { return s.err }

func (s *LearningRateScheduler) fail(err error) {
	if s.err == nil {
		s.err = fmt.Errorf("callbacks: LearningRateScheduler: %w", err)
	}
	if s.Model != nil {
		s.Model.StopTraining()
	}
}

// OnTrainBegin forgets an earlier error.
func (s *LearningRateScheduler) OnTrainBegin(Logs) { s.err = nil }

// OnEpochBegin sets the learning rate for the epoch.
func (s *LearningRateScheduler) OnEpochBegin(epoch int, _ Logs) {
	if s.Schedule == nil {
		s.fail(fmt.Errorf("no schedule function"))
		return
	}
	opt, err := optimizerOf(s.Model)
	if err != nil {
		s.fail(err)
		return
	}
	lr := s.Schedule(epoch, opt.LearningRate())
	if !(lr >= 0 && lr <= math.MaxFloat64) {
		s.fail(fmt.Errorf("the schedule returned the learning rate %v at epoch %d, expected a finite number ≥ 0", lr, epoch))
		return
	}
	if err := opt.SetLearningRate(lr); err != nil {
		s.fail(err)
		return
	}
	if s.Verbose > 0 && s.Out != nil {
		fmt.Fprintf(s.Out, "\nEpoch %d: LearningRateScheduler setting learning rate to %s.\n", epoch+1, pyFloat(lr))
	}
}

// OnEpochEnd writes the learning rate into the logs.
func (s *LearningRateScheduler) OnEpochEnd(_ int, logs Logs) {
	if opt, err := optimizerOf(s.Model); err == nil && logs != nil {
		logs["learning_rate"] = opt.LearningRate()
	}
}
