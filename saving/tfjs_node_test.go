package saving_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/saving/savingtest"
)

// TestWriteTFJSFixtures converts the fixtures with known inputs and outputs
// to TensorFlow.js layers models in $GOKERAS_TFJS_OUT, with the inputs and
// Keras's predictions beside them, for testdata/tfjs_check.mjs to load in
// TensorFlow.js and compare.
func TestWriteTFJSFixtures(t *testing.T) {
	out := os.Getenv("GOKERAS_TFJS_OUT")
	if out == "" {
		t.Skip("GOKERAS_TFJS_OUT not set")
	}
	for _, name := range savingtest.KnownIONames() {
		k, err := savingtest.LoadKnownIO(name)
		if err != nil {
			t.Skip(err)
		}
		h := readH5File(t, k.Model)
		m := &saving.TFJSModel{Model: h.Model}
		for _, l := range h.Layers {
			for _, w := range l.Weights {
				m.Weights = append(m.Weights, saving.Weight{Name: strings.TrimSuffix(w.Name, ":0"), Value: w.Value})
			}
		}
		dir := filepath.Join(out, filepath.Base(name))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := saving.WriteTFJSDir(dir, m, 0); err != nil {
			t.Fatal(err)
		}
		in, pred := k.Inputs[k.InputOrder[0]], k.Predictions[k.OutputOrder[0]]
		io, _ := json.Marshal(map[string]any{"input": in.Data(), "inputShape": in.Shape(), "output": pred.Data(), "outputShape": pred.Shape()})
		if err := os.WriteFile(filepath.Join(dir, "known_io.json"), io, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Fixtures without known outputs: TensorFlow.js only builds them and
	// binds the weights, which it matches by name: "<layer>/<variable>"
	// (the HDF5 names may carry a name-scope suffix, as 12net's conv1_1,
	// or a cell level). The GRU of hostpipe_parallel_keras_model uses
	// reset_after, which TensorFlow.js does not implement.
	for _, rel := range []string{"dl4j/12net.h5", "dl4j/issue_9349.hdf5",
		"mlcommons_tiny/pretrainedResnet.h5", "mlcommons_tiny/str_ww_ref_model.h5"} {
		h := readH5File(t, rel)
		m := &saving.TFJSModel{Model: h.Model}
		for _, l := range h.Layers {
			for _, w := range l.Weights {
				m.Weights = append(m.Weights, saving.Weight{Name: l.Name + "/" + w.BaseName(), Value: w.Value})
			}
		}
		dir := filepath.Join(out, strings.TrimSuffix(filepath.Base(rel), filepath.Ext(rel)))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := saving.WriteTFJSDir(dir, m, 0); err != nil {
			t.Fatal(err)
		}
	}
}
