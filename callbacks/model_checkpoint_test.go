package callbacks_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/models"
)

func TestFormatFilepath(t *testing.T) {
	logs := callbacks.Logs{"val_loss": 0.123456, "accuracy": 0.5}
	for _, tc := range []struct{ pattern, want string }{
		{"ckpt-{epoch:02d}-{val_loss:.2f}.keras", "ckpt-03-0.12.keras"},
		{"m{epoch}.keras", "m3.keras"},
		{"b{batch:04d}-{accuracy:.3e}.weights.h5", "b0007-5.000e-01.weights.h5"},
		{"{{literal}}-{epoch}.keras", "{literal}-3.keras"},
		{"{val_loss:f}.keras", "0.123456.keras"},
	} {
		got, err := callbacks.FormatFilepath(tc.pattern, 3, 7, logs)
		if err != nil || got != tc.want {
			t.Errorf("FormatFilepath(%q) = %q, %v; want %q", tc.pattern, got, err, tc.want)
		}
	}
	for _, bad := range []string{"{loss}.keras", "{epoch:x}.keras", "{val_loss:d}.keras", "a}.keras"} {
		if _, err := callbacks.FormatFilepath(bad, 1, 1, logs); err == nil {
			t.Errorf("FormatFilepath(%q) succeeded, want an error", bad)
		}
	}
}

func TestModelCheckpointEveryEpochAndBestOnly(t *testing.T) {
	x, y := toyData(64)
	dir := t.TempDir()
	m := toyModel(t, 0.5)
	every := callbacks.NewModelCheckpoint(filepath.Join(dir, "e{epoch:02d}.keras"))
	every.Monitor = "loss"
	best := callbacks.NewModelCheckpoint(filepath.Join(dir, "best.weights.h5"))
	best.Monitor, best.SaveBestOnly, best.SaveWeightsOnly = "loss", true, true
	hist, err := m.Fit(ctx, x, y, models.Epochs(3), models.BatchSize(16), models.Verbose(0), models.Callbacks(every, best))
	if err != nil {
		t.Fatal(err)
	}
	if every.Err() != nil || best.Err() != nil {
		t.Fatal(every.Err(), best.Err())
	}
	for _, name := range []string{"e01.keras", "e02.keras", "e03.keras", "best.weights.h5"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("missing checkpoint: %v", err)
		}
	}
	losses := hist.History["loss"]
	minLoss := losses[0]
	for _, l := range losses {
		minLoss = min(minLoss, l)
	}
	if best.Best != minLoss {
		t.Errorf("best %v, want the lowest loss %v of %v", best.Best, minLoss, losses)
	}
	// The last full checkpoint predicts as the model does now.
	back, err := models.LoadModel(filepath.Join(dir, "e03.keras"))
	if err != nil {
		t.Fatal(err)
	}
	want, _ := m.Predict(ctx, x, models.Verbose(0))
	got, err := back.Predict(ctx, x, models.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range want.Data() {
		if got.Data()[i] != v {
			t.Fatalf("prediction %d of the checkpoint is %v, want %v", i, got.Data()[i], v)
		}
	}
}

func TestModelCheckpointMonotoneLossSavesOnlyWhenImproved(t *testing.T) {
	x, y := toyData(32)
	dir := t.TempDir()
	m := toyModel(t, 0.5)
	thr := -1.0 // no loss is below it: nothing is ever saved
	c := callbacks.NewModelCheckpoint(filepath.Join(dir, "never.keras"))
	c.Monitor, c.SaveBestOnly, c.InitialValueThreshold = "loss", true, &thr
	if _, err := m.Fit(ctx, x, y, models.Epochs(2), models.Verbose(0), models.Callbacks(c)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "never.keras")); !os.IsNotExist(err) {
		t.Errorf("a checkpoint was written although the loss never beat the threshold: %v", err)
	}
}

func TestModelCheckpointBatchFrequency(t *testing.T) {
	x, y := toyData(64)
	dir := t.TempDir()
	m := toyModel(t, 0.5)
	c := callbacks.NewModelCheckpoint(filepath.Join(dir, "e{epoch}-b{batch}.weights.h5"))
	c.SaveWeightsOnly, c.SaveFreq = true, 3
	if _, err := m.Fit(ctx, x, y, models.Epochs(1), models.BatchSize(16), models.Verbose(0), models.Callbacks(c)); err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 || ents[0].Name() != "e1-b3.weights.h5" {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("files %v, want [e1-b3.weights.h5] (4 batches, every 3rd)", names)
	}
}

func TestModelCheckpointErrors(t *testing.T) {
	x, y := toyData(16)
	for _, tc := range []struct {
		set  func(c *callbacks.ModelCheckpoint)
		want string
	}{
		{func(c *callbacks.ModelCheckpoint) { c.Filepath = "x.h5" }, ".keras"},
		{func(c *callbacks.ModelCheckpoint) { c.SaveWeightsOnly = true }, ".weights.h5"},
		{func(c *callbacks.ModelCheckpoint) { c.Mode = "up" }, "mode"},
		{func(c *callbacks.ModelCheckpoint) { c.Filepath = filepath.Join(t.TempDir(), "{nope}.keras") }, "nope"},
		{func(c *callbacks.ModelCheckpoint) { c.Filepath = filepath.Join(t.TempDir(), "missing", "m.keras") }, "missing"},
	} {
		m := toyModel(t, 0.1)
		c := callbacks.NewModelCheckpoint(filepath.Join(t.TempDir(), "m.keras"))
		c.Monitor = "loss"
		tc.set(c)
		hist, err := m.Fit(ctx, x, y, models.Epochs(3), models.Verbose(0), models.Callbacks(c))
		if err != nil {
			t.Fatal(err)
		}
		if c.Err() == nil || !strings.Contains(c.Err().Error(), tc.want) {
			t.Errorf("Err() = %v, want an error mentioning %q", c.Err(), tc.want)
		}
		if n := len(hist.History["loss"]); n > 1 {
			t.Errorf("training went on for %d epochs after the error", n)
		}
	}
}
