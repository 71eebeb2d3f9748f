package callbacks_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/models"
)

// TestJSONLoggerFit streams a real Fit with batch lines and checks every
// line: event order, indexes and the metrics against History.
func TestJSONLoggerFit(t *testing.T) {
	m := toyModel(t, 0.5)
	x, y := toyData(48)
	var buf bytes.Buffer
	j := callbacks.NewJSONLogger(&buf)
	j.Batches = true
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	j.Clock = func() time.Time { return at }
	h, err := m.Fit(ctx, x, y, models.Epochs(2), models.BatchSize(16), models.Verbose(0),
		models.ValidationData(x, y), models.Callbacks(j))
	if err != nil || j.Err() != nil {
		t.Fatal(err, j.Err())
	}
	type line struct {
		Event  string
		Time   string
		Epoch  *int
		Batch  *int
		Epochs *int
		Steps  *int
		Logs   map[string]*float64
	}
	var lines []line
	sc := bufio.NewScanner(&buf)
	for sc.Scan() {
		var l line
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		if l.Time != "2026-01-02T03:04:05.000000006Z" {
			t.Errorf("time %q", l.Time)
		}
		lines = append(lines, l)
	}
	// train_begin, 3 batches + epoch, 3 batches + epoch, train_end.
	if len(lines) != 10 {
		t.Fatalf("%d lines", len(lines))
	}
	if l := lines[0]; l.Event != "train_begin" || *l.Epochs != 2 || *l.Steps != 3 || l.Logs != nil {
		t.Errorf("first line %+v", l)
	}
	if lines[9].Event != "train_end" || lines[9].Epoch != nil {
		t.Errorf("last line %+v", lines[9])
	}
	for e := range 2 {
		for b := range 3 {
			l := lines[1+e*4+b]
			if l.Event != "batch" || *l.Epoch != e || *l.Batch != b || l.Logs["loss"] == nil || l.Logs["val_loss"] != nil {
				t.Errorf("batch line %+v", l)
			}
		}
		l := lines[4+e*4]
		if l.Event != "epoch" || *l.Epoch != e || l.Batch != nil || len(l.Logs) != 4 {
			t.Fatalf("epoch line %+v", l)
		}
		for k, v := range l.Logs {
			if *v != h.History[k][e] {
				t.Errorf("epoch %d %s: %v, history %v", e, k, *v, h.History[k][e])
			}
		}
		// The last batch line of an epoch holds the epoch's training logs.
		if *lines[3+e*4].Logs["loss"] != *l.Logs["loss"] {
			t.Errorf("epoch %d: last batch loss %v, epoch loss %v", e, *lines[3+e*4].Logs["loss"], *l.Logs["loss"])
		}
	}
}

type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.n == 0 {
		return 0, errors.New("disk full")
	}
	w.n--
	return len(p), nil
}

func TestJSONLoggerNaNAndErrors(t *testing.T) {
	var buf bytes.Buffer
	j := &callbacks.JSONLogger{W: &buf}
	j.OnEpochEnd(4, callbacks.Logs{"loss": math.NaN(), "acc": math.Inf(1), "x": 0.5})
	j.OnTrainBatchEnd(0, nil) // no batch lines by default
	j.OnEpochEnd(5, nil)
	want := `{"event":"epoch","epoch":4,"logs":{"acc":null,"loss":null,"x":0.5}}` + "\n" +
		`{"event":"epoch","epoch":5,"logs":{}}` + "\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	w := &failingWriter{n: 1}
	j = &callbacks.JSONLogger{W: w}
	j.OnTrainBegin(nil)
	j.OnEpochEnd(0, callbacks.Logs{"loss": 1})
	j.OnEpochEnd(1, callbacks.Logs{"loss": 1})
	if j.Err() == nil || !strings.Contains(j.Err().Error(), "disk full") {
		t.Errorf("error %v", j.Err())
	}
}
