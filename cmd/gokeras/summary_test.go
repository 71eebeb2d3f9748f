package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
)

// summary prints the table of a saved model and how it is compiled, and
// fails cleanly on a missing file or a bad command line.
func TestSummaryCommand(t *testing.T) {
	m := models.NewSequential(layers.NewDense(8, layers.WithActivation("relu"), layers.WithInputShape(4)), layers.NewDense(1))
	if err := m.Compile("rmsprop", "mse"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.keras")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"summary", path}, &out, &errOut); code != 0 {
		t.Fatalf("exit code %d, stderr %q", code, errOut.String())
	}
	for _, want := range []string{"Total params: 49", "(None, 8)", "Compiled with RMSprop (learning rate 0.001)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
	for _, c := range []struct {
		args []string
		code int
	}{{[]string{"summary"}, 2}, {[]string{"summary", "a", "b"}, 2}, {[]string{"summary", filepath.Join(t.TempDir(), "none.keras")}, 1}} {
		out.Reset()
		errOut.Reset()
		if code := run(context.Background(), c.args, &out, &errOut); code != c.code || errOut.Len() == 0 {
			t.Errorf("%q: exit code %d, want %d, stderr %q", c.args, code, c.code, errOut.String())
		}
	}
}
