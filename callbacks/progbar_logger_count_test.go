package callbacks_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/models"
)

// TestProgbarLoggerCountModeFit passes progress bars of its own to Fit:
// the model's default bar is not added, and the bar counts samples (100
// in batches of 32: 32, 64, 96, 100) or steps.
func TestProgbarLoggerCountModeFit(t *testing.T) {
	x, y := toyData(100)
	for _, c := range []struct {
		mode    callbacks.CountMode
		verbose int
		prefix  string
		unit    string
	}{
		{callbacks.CountSamples, 2, "100/100 - ", "/sample - "},
		{callbacks.CountSamples, 1, "100/100 ━━━━━━━━━━━━━━━━━━━━ ", "/sample - "},
		{callbacks.CountSteps, 2, "4/4 - ", "/step - "},
		{"", 2, "4/4 - ", "/step - "}, // the zero value counts steps
	} {
		m := toyModel(t, 0.5)
		var bar, def bytes.Buffer
		p := callbacks.NewProgbarLogger(&bar, c.verbose)
		p.CountMode = c.mode
		if _, err := m.Fit(ctx, x, y, models.Epochs(2), models.BatchSize(32), models.Output(&def), models.Callbacks(p)); err != nil {
			t.Fatal(err)
		}
		if def.Len() != 0 {
			t.Errorf("%s: the default bar wrote %q", c.mode, def.String())
		}
		lines := strings.Split(strings.TrimSuffix(bar.String(), "\n"), "\n")
		if len(lines) != 4 || lines[0] != "Epoch 1/2" || lines[2] != "Epoch 2/2" {
			t.Fatalf("%s verbose %d: output %q", c.mode, c.verbose, bar.String())
		}
		for _, l := range []string{lines[1], lines[3]} {
			if !strings.HasPrefix(l, c.prefix) || !strings.Contains(l, c.unit) || !strings.Contains(l, " - loss: ") {
				t.Errorf("%s verbose %d: line %q, want prefix %q and unit %q", c.mode, c.verbose, l, c.prefix, c.unit)
			}
		}
	}
}

// TestProgbarLoggerSamplesCount checks the counts a samples bar shows
// after each batch, the last batch capped at the number of samples, and
// the fallback to steps without a batch size.
func TestProgbarLoggerSamplesCount(t *testing.T) {
	var b bytes.Buffer
	p := callbacks.NewProgbarLogger(&b, 2)
	p.CountMode = callbacks.CountSamples
	p.SetParams(callbacks.Params{Epochs: 1, Steps: 3, Samples: 70, BatchSize: 32})
	p.OnEpochBegin(0, nil)
	for s := range 3 {
		p.OnTrainBatchEnd(s, callbacks.Logs{"loss": 1})
	}
	p.OnEpochEnd(0, callbacks.Logs{"loss": 1})
	if !strings.HasPrefix(b.String(), "70/70 - ") || !strings.Contains(b.String(), "/sample") {
		t.Errorf("samples bar %q", b.String())
	}
	b.Reset()
	p.SetParams(callbacks.Params{Epochs: 1, Steps: 3}) // a Dataset: no batch size
	p.OnEpochBegin(0, nil)
	for s := range 3 {
		p.OnTrainBatchEnd(s, nil)
	}
	p.OnEpochEnd(0, callbacks.Logs{"loss": 1})
	if !strings.HasPrefix(b.String(), "3/3 - ") || !strings.Contains(b.String(), "/step") {
		t.Errorf("fallback bar %q", b.String())
	}
}
