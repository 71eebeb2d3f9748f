package models

import (
	"context"
	"os"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
)

// backupModel builds the same model for every call after the same seed:
// dropout and shuffling make the result depend on the random streams.
func backupModel(t *testing.T) *Model {
	t.Helper()
	layers.SetRandomSeed(11)
	m := NewSequential(
		layers.NewDense(8, layers.WithActivation("relu"), layers.WithInputDim(2)),
		layers.NewDropout(0.3),
		layers.NewDense(1, layers.WithActivation("sigmoid")),
	)
	if err := m.Compile(optimizers.NewAdamWith(0.01, 0.9, 0.999, 1e-7), "binary_crossentropy"); err != nil {
		t.Fatal(err)
	}
	return m.Model
}

// cancelAfter cancels training at the end of an epoch, as a killed
// process would stop it: Fit returns without ending training.
type cancelAfter struct {
	callbacks.Base
	epoch  int
	cancel context.CancelFunc
}

func (c *cancelAfter) OnEpochEnd(epoch int, _ callbacks.Logs) {
	if epoch == c.epoch {
		c.cancel()
	}
}

func TestBackupAndRestoreResumesExactly(t *testing.T) {
	x, y := separable(48, 12)
	const epochs = 5
	whole := backupModel(t)
	if _, err := whole.Fit(ctx, x, y, Epochs(epochs), BatchSize(8), Verbose(0)); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	first := backupModel(t)
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	bar := callbacks.NewBackupAndRestore(dir)
	if _, err := first.Fit(c, x, y, Epochs(epochs), BatchSize(8), Verbose(0), Callbacks(bar, &cancelAfter{epoch: 1, cancel: cancel})); err == nil {
		t.Fatal("the interrupted Fit returned no error")
	}
	if err := bar.Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(bar.Path()); err != nil {
		t.Fatalf("no backup after the interruption: %v", err)
	}

	second := backupModel(t) // a new process: same code, same seed
	var epochsRun []int
	count := &callbacks.LambdaCallback{OnEpochBeginFn: func(e int, _ callbacks.Logs) { epochsRun = append(epochsRun, e) }}
	if _, err := second.Fit(ctx, x, y, Epochs(epochs), BatchSize(8), Verbose(0), Callbacks(bar, count)); err != nil {
		t.Fatal(err)
	}
	if err := bar.Err(); err != nil {
		t.Fatal(err)
	}
	if bar.Restored != 1 || len(epochsRun) != epochs-2 || epochsRun[0] != 2 {
		t.Errorf("restored epoch %d, then ran epochs %v; want 1, then 2..%d", bar.Restored, epochsRun, epochs-1)
	}
	a, b := whole.Weights(), second.Weights()
	for i := range a {
		sameTensors(t, "weight "+a[i].Name(), a[i].Float32(), b[i].Float32())
	}
	if _, err := os.Stat(bar.Path()); !os.IsNotExist(err) {
		t.Errorf("the backup was not deleted after training ended: %v", err)
	}
}
