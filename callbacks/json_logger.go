package callbacks

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"time"
)

// JSONLogger streams training progress to an io.Writer as JSON lines, one
// object per line, for Go programs that log (it has no Keras counterpart;
// CSVLogger is the closest). Each line has an "event" and the fields of
// that event:
//
//	{"event":"train_begin","epochs":10,"steps":32}
//	{"event":"batch","epoch":0,"batch":0,"logs":{"accuracy":0.5,"loss":0.69}}
//	{"event":"epoch","epoch":0,"logs":{"accuracy":0.75,"loss":0.52,"val_loss":0.55}}
//	{"event":"train_end"}
//
// "batch" lines, with the running metrics after each training batch, are
// written only when Batches is set. Epochs and batches count from 0, and
// the logs' keys are sorted. NaN and infinite values, which JSON cannot
// hold, are written as null. With Clock set, each line also has "time",
// the clock's reading in RFC 3339 form with nanoseconds.
type JSONLogger struct {
	Base
	// W receives the lines.
	W io.Writer
	// Batches also writes a line after each training batch.
	Batches bool
	// Clock stamps each line with a "time" field when not nil.
	Clock func() time.Time

	epoch int
	err   error
}

// NewJSONLogger returns a JSONLogger writing epoch lines to w, stamped
// with time.Now.
func NewJSONLogger(w io.Writer) *JSONLogger { return &JSONLogger{W: w, Clock: time.Now} }

// Err returns the first error writing to W; no line is written after it.
func (j *JSONLogger) Err() error { return j.err }

// jsonLine is one line; the pointers and omitempty keep each event's
// fields only.
type jsonLine struct {
	Event  string               `json:"event"`
	Time   string               `json:"time,omitempty"`
	Epoch  *int                 `json:"epoch,omitempty"`
	Batch  *int                 `json:"batch,omitempty"`
	Epochs *int                 `json:"epochs,omitempty"`
	Steps  *int                 `json:"steps,omitempty"`
	Logs   *map[string]*float64 `json:"logs,omitempty"`
}

func (j *JSONLogger) write(l jsonLine, logs Logs) {
	if j.err != nil || j.W == nil {
		return
	}
	if j.Clock != nil {
		l.Time = j.Clock().Format(time.RFC3339Nano)
	}
	if logs != nil {
		m := make(map[string]*float64, len(logs))
		for k, v := range logs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				m[k] = nil
				continue
			}
			m[k] = &v
		}
		l.Logs = &m
	}
	b, err := json.Marshal(l)
	if err == nil {
		_, err = j.W.Write(append(b, '\n'))
	}
	if err != nil {
		j.err = fmt.Errorf("callbacks: JSONLogger: %w", err)
	}
}

// OnTrainBegin writes the number of epochs and of steps per epoch (0 when
// unknown).
func (j *JSONLogger) OnTrainBegin(Logs) {
	j.err = nil
	epochs, steps := j.Params.Epochs, j.Params.Steps
	j.write(jsonLine{Event: "train_begin", Epochs: &epochs, Steps: &steps}, nil)
}

// OnEpochBegin remembers the epoch for the batch lines.
func (j *JSONLogger) OnEpochBegin(epoch int, _ Logs) { j.epoch = epoch }

// OnTrainBatchEnd writes a batch line if Batches is set.
func (j *JSONLogger) OnTrainBatchEnd(batch int, logs Logs) {
	if j.Batches {
		epoch := j.epoch
		j.write(jsonLine{Event: "batch", Epoch: &epoch, Batch: &batch}, nonNil(logs))
	}
}

// OnEpochEnd writes the epoch's logs.
func (j *JSONLogger) OnEpochEnd(epoch int, logs Logs) {
	j.write(jsonLine{Event: "epoch", Epoch: &epoch}, nonNil(logs))
}

// OnTrainEnd writes the closing line.
func (j *JSONLogger) OnTrainEnd(Logs) { j.write(jsonLine{Event: "train_end"}, nil) }

// nonNil returns logs, or empty logs for nil, so that the line always has
// a "logs" object.
func nonNil(logs Logs) Logs {
	if logs == nil {
		return Logs{}
	}
	return logs
}
