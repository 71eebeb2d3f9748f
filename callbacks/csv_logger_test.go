package callbacks_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/models"
)

// TestCSVLoggerFit writes a log through a real Fit with validation, then
// appends a second run to it, as Keras's CSVLogger does.
func TestCSVLoggerFit(t *testing.T) {
	name := filepath.Join(t.TempDir(), "training.log")
	m := toyModel(t, 0.5)
	x, y := toyData(64)
	c := callbacks.NewCSVLogger(name)
	h, err := m.Fit(ctx, x, y, models.Epochs(3), models.BatchSize(16), models.Verbose(0),
		models.ValidationSplit(0.25), models.Callbacks(c))
	if err != nil || c.Err() != nil {
		t.Fatal(err, c.Err())
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if strings.Count(text, "\r\n") != 4 || !strings.HasSuffix(text, "\r\n") {
		t.Fatalf("expected 4 CRLF-terminated rows, got %q", text)
	}
	rows := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	cols := []string{"epoch", "accuracy", "loss", "val_accuracy", "val_loss"}
	if rows[0] != strings.Join(cols, ",") {
		t.Fatalf("header %q", rows[0])
	}
	for e, row := range rows[1:] {
		f := strings.Split(row, ",")
		if f[0] != strconv.Itoa(e) || len(f) != len(cols) {
			t.Fatalf("row %q", row)
		}
		for i, col := range cols[1:] {
			v, err := strconv.ParseFloat(f[i+1], 64)
			if err != nil || v != h.History[col][e] {
				t.Errorf("epoch %d %s: %q, history %v", e, col, f[i+1], h.History[col][e])
			}
		}
	}
	// Appending: no second header, rows continue.
	c.Append = true
	if _, err := m.Fit(ctx, x, y, models.Epochs(2), models.BatchSize(16), models.Verbose(0),
		models.ValidationSplit(0.25), models.Callbacks(c)); err != nil || c.Err() != nil {
		t.Fatal(err, c.Err())
	}
	b, _ = os.ReadFile(name)
	rows = strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
	if len(rows) != 6 || strings.Count(string(b), "epoch") != 1 || !strings.HasPrefix(rows[4], "0,") || !strings.HasPrefix(rows[5], "1,") {
		t.Errorf("after appending: %q", rows)
	}
	// Without Append the file is replaced.
	c.Append = false
	if _, err := m.Fit(ctx, x, y, models.Epochs(1), models.Verbose(0), models.Callbacks(c)); err != nil {
		t.Fatal(err)
	}
	b, _ = os.ReadFile(name)
	if rows := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n"); len(rows) != 2 || rows[0] != "epoch,accuracy,loss" {
		t.Errorf("after replacing: %q", rows)
	}
}

// TestCSVLoggerDirect drives the hooks by hand: a separator, values
// written as Python writes floats, "NA" for a missing key, a header when
// appending to an empty file, and errors.
func TestCSVLoggerDirect(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "log.csv")
	if err := os.WriteFile(name, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	c := callbacks.NewCSVLogger(name)
	c.Separator, c.Append = ";", true
	c.OnTrainBegin(nil)
	c.OnEpochEnd(0, callbacks.Logs{"loss": 0.25, "lr": 1e-05, "a;b": 3})
	c.OnEpochEnd(1, callbacks.Logs{"loss": float64(float32(0.1)), "a;b": 1e16})
	c.OnTrainEnd(nil)
	b, _ := os.ReadFile(name)
	want := "epoch;\"a;b\";loss;lr\r\n0;3.0;0.25;1e-05\r\n1;1e+16;0.10000000149011612;NA\r\n"
	if string(b) != want || c.Err() != nil {
		t.Errorf("file %q, want %q (error %v)", b, want, c.Err())
	}
	bad := callbacks.NewCSVLogger(filepath.Join(dir, "missing", "log.csv"))
	m := &lrModel{}
	bad.SetModel(m)
	bad.OnTrainBegin(nil)
	bad.OnEpochEnd(0, callbacks.Logs{"loss": 1})
	if bad.Err() == nil || !m.stopped {
		t.Errorf("unwritable file: error %v, stopped %v", bad.Err(), m.stopped)
	}
	sep := callbacks.NewCSVLogger(name)
	sep.Separator = "::"
	sep.OnTrainBegin(nil)
	if sep.Err() == nil {
		t.Error("two-character separator accepted")
	}
}
