package callbacks

import (
	"fmt"
	"io"
	"math"
	"os"
)

// TerminateOnNaN is Keras's TerminateOnNaN callback: after each training
// batch, if the loss in the logs is NaN or infinite it prints "Batch b:
// Invalid loss, terminating training" and asks the model to stop, which
// Fit does after that batch (the epoch still ends with its callbacks).
type TerminateOnNaN struct {
	Base
	// Out receives the message (os.Stdout from the constructor).
	Out io.Writer
	// StoppedBatch is the batch whose loss stopped training, −1 if none.
	StoppedBatch int
}

// NewTerminateOnNaN returns TerminateOnNaN printing to os.Stdout.
func NewTerminateOnNaN() *TerminateOnNaN { return &TerminateOnNaN{Out: os.Stdout, StoppedBatch: -1} }

// OnTrainBegin clears StoppedBatch.
func (c *TerminateOnNaN) OnTrainBegin(Logs) { c.StoppedBatch = -1 }

// OnTrainBatchEnd checks the loss.
func (c *TerminateOnNaN) OnTrainBatchEnd(batch int, logs Logs) {
	loss, ok := logs["loss"]
	if !ok || !(math.IsNaN(loss) || math.IsInf(loss, 0)) {
		return
	}
	if c.Out != nil {
		fmt.Fprintf(c.Out, "Batch %d: Invalid loss, terminating training\n", batch)
	}
	c.StoppedBatch = batch
	if c.Model != nil {
		c.Model.StopTraining()
	}
}
