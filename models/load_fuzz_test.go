package models

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/saving/savingtest"
)

// FuzzLoadModelBytes feeds arbitrary bytes to LoadModelBytes, which
// dispatches on content to the .keras and HDF5 loaders: whatever the
// input, it returns a model or an error, never panics, and allocates no
// more than the file's size and its parameter budget allow. Seeds (under
// testdata/fuzz/FuzzLoadModelBytes): a .keras archive and a legacy HDF5
// file gokeras saved, the Keras 2 MLP fixture, and files whose configs ask
// for a 2⁴⁰-unit layer.
func FuzzLoadModelBytes(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip()
		}
		m, err := LoadModelBytes(data, MaxParams(fuzzMaxParams))
		if err != nil {
			return
		}
		if m.CountParams() > fuzzMaxParams {
			t.Fatalf("a model of %d params was loaded under a budget of %d", m.CountParams(), fuzzMaxParams)
		}
	})
}

// TestWriteLoadModelCorpus writes the seed corpus of FuzzLoadModelBytes
// when GOKERAS_WRITE_CORPUS=1.
func TestWriteLoadModelCorpus(t *testing.T) {
	if os.Getenv("GOKERAS_WRITE_CORPUS") != "1" {
		t.Skip("set GOKERAS_WRITE_CORPUS=1 to rewrite the seed corpus")
	}
	seeds := map[string][]byte{}
	layers.SetRandomSeed(1)
	m := NewSequential(layers.NewDense(3, layers.WithActivation("relu"), layers.WithInputDim(2)), layers.NewDense(1))
	if err := m.Compile("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	seeds["keras"] = buf.Bytes()
	huge, err := saving.ParseModelConfig([]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
		{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "in"}},
		{"module": "keras.layers", "class_name": "Dense", "config": {"name": "big", "units": 1099511627776}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	var hk, hh bytes.Buffer
	if err := saving.WriteKerasFile(&hk, &saving.Archive{Model: huge, Vars: &saving.VarStore{}}); err != nil {
		t.Fatal(err)
	}
	if err := saving.WriteH5(&hh, &saving.H5Model{Model: huge}); err != nil {
		t.Fatal(err)
	}
	seeds["keras_huge_layer"], seeds["h5_huge_layer"] = hk.Bytes(), hh.Bytes()
	if p, err := savingtest.Path("dl4j/simple_sparse_xent_mlp_keras_2_model.h5"); err == nil {
		if b, err := os.ReadFile(p); err == nil {
			seeds["h5_keras2_mlp"] = b
		}
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzLoadModelBytes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, s := range seeds {
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s)) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
