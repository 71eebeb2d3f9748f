package callbacks_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/models"
)

// TestTerminateOnNaNFit feeds a NaN in the second batch: training stops
// after that batch, the epoch still ends (History has it, with a NaN
// loss), and Keras's message is printed.
func TestTerminateOnNaNFit(t *testing.T) {
	m := toyModel(t, 0.5)
	x, y := toyData(64)
	x.Data()[2*20] = float32(math.NaN()) // sample 20, in batch 1
	c := callbacks.NewTerminateOnNaN()
	var out bytes.Buffer
	c.Out = &out
	var batches []int
	count := &callbacks.LambdaCallback{OnBatchEndFn: func(b int, _ callbacks.Logs) { batches = append(batches, b) }}
	h, err := m.Fit(ctx, x, y, models.Epochs(3), models.BatchSize(16), models.Shuffle(false), models.Verbose(0),
		models.Callbacks(c, count))
	if err != nil {
		t.Fatal(err)
	}
	if c.StoppedBatch != 1 || len(batches) != 2 || len(h.Epoch) != 1 || !math.IsNaN(h.History["loss"][0]) {
		t.Errorf("stopped at batch %d after batches %v, epochs %v, history %v", c.StoppedBatch, batches, h.Epoch, h.History)
	}
	if out.String() != "Batch 1: Invalid loss, terminating training\n" {
		t.Errorf("message %q", out.String())
	}
	// Finite losses, and an infinite one.
	c = callbacks.NewTerminateOnNaN()
	c.Out = nil
	fm := &lrModel{}
	c.SetModel(fm)
	c.OnTrainBegin(nil)
	c.OnTrainBatchEnd(0, callbacks.Logs{"loss": 1e30})
	c.OnTrainBatchEnd(1, callbacks.Logs{"accuracy": math.NaN()})
	if fm.stopped || c.StoppedBatch != -1 {
		t.Error("stopped on a finite loss")
	}
	c.OnTrainBatchEnd(2, callbacks.Logs{"loss": math.Inf(-1)})
	if !fm.stopped || c.StoppedBatch != 2 {
		t.Error("an infinite loss did not stop training")
	}
}
