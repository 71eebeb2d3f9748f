package callbacks

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// Checkpointer is a model that can write itself to a file: the whole
// model as a .keras archive, or its weights only as a .weights.h5 file,
// atomically. models.Model implements it.
type Checkpointer interface {
	SaveCheckpoint(path string, weightsOnly bool) error
}

// ModelCheckpoint saves the model or its weights during training, as
// Keras's ModelCheckpoint: after every epoch (SaveFreq 0, Keras's
// "epoch") or every SaveFreq batches, to Filepath, whose fields are filled
// from the epoch (counted from 1, as Keras names files) and the logs:
// "ckpt-{epoch:02d}-{val_loss:.2f}.keras". With SaveBestOnly, only when
// Monitor improved on the best value seen (InitialValueThreshold, if set,
// is the value to beat); Mode "min", "max" or "auto" (max for names
// containing "acc" or starting with "fmeasure", as Keras) sets the
// direction. With SaveWeightsOnly the file is a .weights.h5 weights file,
// else a .keras model archive; the name must end accordingly. Files are
// written atomically: a crash leaves the previous checkpoint or the new one.
//
// Defaults as Keras: monitor "val_loss", mode "auto", every epoch, the
// whole model, every time.
type ModelCheckpoint struct {
	Base
	Filepath              string
	Monitor               string
	SaveBestOnly          bool
	SaveWeightsOnly       bool
	Mode                  string
	SaveFreq              int // batches between saves; 0 saves at each epoch's end
	InitialValueThreshold *float64
	// Verbose > 0 prints a line for each save; Out receives it.
	Verbose int
	Out     io.Writer
	// Best is the best monitored value seen so far.
	Best float64

	err     error
	batches int
	epoch   int
}

// NewModelCheckpoint returns ModelCheckpoint writing to filepath with
// Keras's defaults.
func NewModelCheckpoint(filepath string) *ModelCheckpoint {
	return &ModelCheckpoint{Filepath: filepath, Monitor: "val_loss", Mode: "auto"}
}

// Err returns the first error met: a file name of the wrong kind, a model
// that cannot save itself, or a failed write. Any of these stops training.
func (c *ModelCheckpoint) Err() error { return c.err }

func (c *ModelCheckpoint) fail(err error) {
	if c.err == nil {
		c.err = fmt.Errorf("callbacks: ModelCheckpoint %q: %w", c.Filepath, err)
	}
	if c.Model != nil {
		c.Model.StopTraining()
	}
}

func (c *ModelCheckpoint) maximize() bool {
	switch c.Mode {
	case "max":
		return true
	case "min":
		return false
	}
	return strings.Contains(c.Monitor, "acc") || strings.HasPrefix(c.Monitor, "fmeasure")
}

// OnTrainBegin checks the file name and the model and resets the best
// value.
func (c *ModelCheckpoint) OnTrainBegin(Logs) {
	c.err, c.batches = nil, 0
	switch c.Mode {
	case "auto", "min", "max":
	default:
		c.fail(fmt.Errorf("mode %q is unknown: expected \"auto\", \"min\" or \"max\"", c.Mode))
		return
	}
	if c.SaveWeightsOnly && !strings.HasSuffix(c.Filepath, ".weights.h5") {
		c.fail(fmt.Errorf("with SaveWeightsOnly the file name must end in .weights.h5"))
		return
	}
	if !c.SaveWeightsOnly && !strings.HasSuffix(c.Filepath, ".keras") {
		c.fail(fmt.Errorf("the file name must end in .keras (or set SaveWeightsOnly and use .weights.h5)"))
		return
	}
	if c.SaveFreq < 0 {
		c.fail(fmt.Errorf("expected SaveFreq ≥ 0, received %d", c.SaveFreq))
		return
	}
	if _, ok := c.Model.(Checkpointer); !ok {
		c.fail(fmt.Errorf("the model %T cannot save itself", c.Model))
		return
	}
	c.Best = math.Inf(1)
	if c.maximize() {
		c.Best = math.Inf(-1)
	}
	if c.InitialValueThreshold != nil {
		c.Best = *c.InitialValueThreshold
	}
}

// OnEpochBegin records the epoch for file names of batch-wise saves.
func (c *ModelCheckpoint) OnEpochBegin(epoch int, _ Logs) { c.epoch = epoch }

// OnTrainBatchEnd saves every SaveFreq batches.
func (c *ModelCheckpoint) OnTrainBatchEnd(batch int, logs Logs) {
	if c.SaveFreq <= 0 || c.err != nil {
		return
	}
	c.batches++
	if c.batches%c.SaveFreq == 0 {
		c.save(c.epoch, batch, logs)
	}
}

// OnEpochEnd saves at the end of each epoch when SaveFreq is 0.
func (c *ModelCheckpoint) OnEpochEnd(epoch int, logs Logs) {
	if c.SaveFreq == 0 && c.err == nil {
		c.save(epoch, -1, logs)
	}
}

func (c *ModelCheckpoint) save(epoch, batch int, logs Logs) {
	path, err := FormatFilepath(c.Filepath, epoch+1, batch+1, logs)
	if err != nil {
		c.fail(err)
		return
	}
	if c.SaveBestOnly {
		v, ok := logs[c.Monitor]
		if !ok || math.IsNaN(v) {
			c.printf("Epoch %d: can save best model only with %s available, skipping.\n", epoch+1, c.Monitor)
			return
		}
		better := v < c.Best
		if c.maximize() {
			better = v > c.Best
		}
		if !better {
			c.printf("Epoch %d: %s did not improve from %.5f\n", epoch+1, c.Monitor, c.Best)
			return
		}
		c.printf("Epoch %d: %s improved from %.5f to %.5f, saving model to %s\n", epoch+1, c.Monitor, c.Best, v, path)
		c.Best = v
	} else {
		c.printf("Epoch %d: saving model to %s\n", epoch+1, path)
	}
	if err := c.Model.(Checkpointer).SaveCheckpoint(path, c.SaveWeightsOnly); err != nil {
		c.fail(err)
	}
}

func (c *ModelCheckpoint) printf(format string, args ...any) {
	if c.Verbose > 0 && c.Out != nil {
		fmt.Fprintf(c.Out, format, args...)
	}
}

var fieldRe = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}`)

// FormatFilepath fills the fields of a checkpoint file name as Python's
// str.format does for Keras: {epoch} and {batch} (counted from 1) and the
// names of logs, each with an optional format spec of the forms Keras
// users write: "02d", "d", ".2f", "f", ".3e", "e", "g" (with an optional
// width and zero padding). "{{" and "}}" stand for braces. A field that
// is neither is an error naming it.
func FormatFilepath(pattern string, epoch, batch int, logs Logs) (string, error) {
	const lb, rb = "\x00", "\x01"
	p := strings.NewReplacer("{{", lb, "}}", rb).Replace(pattern)
	var ferr error
	out := fieldRe.ReplaceAllStringFunc(p, func(m string) string {
		sub := fieldRe.FindStringSubmatch(m)
		name, spec := sub[1], sub[2]
		var v float64
		isInt := false
		switch name {
		case "epoch":
			v, isInt = float64(epoch), true
		case "batch":
			v, isInt = float64(batch), true
		default:
			lv, ok := logs[name]
			if !ok {
				if ferr == nil {
					ferr = fmt.Errorf("file name field {%s} is neither epoch, batch nor a logged value", name)
				}
				return m
			}
			v = lv
		}
		s, err := formatSpec(v, isInt, spec)
		if err != nil && ferr == nil {
			ferr = fmt.Errorf("file name field {%s}: %w", m[1:len(m)-1], err)
		}
		return s
	})
	if ferr != nil {
		return "", ferr
	}
	if strings.ContainsAny(out, "{}") {
		return "", fmt.Errorf("file name %q has an unmatched brace", pattern)
	}
	return strings.NewReplacer(lb, "{", rb, "}").Replace(out), nil
}

var specRe = regexp.MustCompile(`^(0?)(\d*)(?:\.(\d+))?([dfeg]?)$`)

// formatSpec formats v by a Python format spec of the common forms.
func formatSpec(v float64, isInt bool, spec string) (string, error) {
	m := specRe.FindStringSubmatch(spec)
	if m == nil {
		return "", fmt.Errorf("format spec %q is not supported", spec)
	}
	zero, width, prec, verb := m[1], m[2], m[3], m[4]
	if verb == "" {
		if isInt {
			verb = "d"
		} else {
			return strconv.FormatFloat(v, 'g', -1, 64), nil
		}
	}
	if verb == "d" {
		if !isInt && v != math.Trunc(v) {
			return "", fmt.Errorf("format d of a non-integer %v", v)
		}
		if prec != "" {
			return "", fmt.Errorf("format spec %q: precision is not allowed with d", spec)
		}
		return fmt.Sprintf("%"+zero+width+"d", int64(v)), nil
	}
	if prec == "" {
		prec = "6" // Python's default precision
	}
	return fmt.Sprintf("%"+zero+width+"."+prec+verb, v), nil
}
