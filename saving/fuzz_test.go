package saving_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/saving/savingtest"
)

// The seed corpora of these fuzz targets are checked in under
// testdata/fuzz; TestWriteFuzzCorpus rewrites them.

// FuzzParseModelConfig parses arbitrary JSON as a model config. A config
// that parses must write back in both dialects, and Keras 3's output must
// parse again and write back identically.
func FuzzParseModelConfig(f *testing.F) {
	for _, s := range configSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := saving.ParseModelConfig(data)
		if err != nil {
			return
		}
		out, err := m.Encode(saving.Keras3)
		if err != nil {
			return // values a config cannot hold (a NaN from Set) are errors, not panics
		}
		if _, err := m.Encode(saving.Keras2); err != nil && m.Kind != saving.Functional {
			t.Fatalf("Keras 2 encoding failed: %v", err)
		}
		back, err := saving.ParseModelConfig(out)
		if err != nil {
			t.Fatalf("written config does not parse: %v\n%s", err, out)
		}
		again, err := back.Encode(saving.Keras3)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("writing is not stable (%v):\n%s\n%s", err, out, again)
		}
	})
}

// FuzzReadKerasFile reads arbitrary bytes as a .keras archive.
func FuzzReadKerasFile(f *testing.F) {
	f.Add(mustRead(f, "testdata/keras3_nested_container.keras"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := saving.WriteKerasFile(&b, a); err != nil {
			t.Fatalf("a read archive does not write: %v", err)
		}
	})
}

// FuzzReadH5 reads arbitrary bytes as a legacy Keras HDF5 file.
func FuzzReadH5(f *testing.F) {
	for _, s := range h5Seeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = saving.DetectFormat(bytes.NewReader(data), int64(len(data)))
		m, err := saving.ReadH5(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if _, err := saving.EncodeH5(m); err != nil && m.Model == nil {
			t.Logf("read file does not write: %v", err)
		}
	})
}

// FuzzReadWeightsH5 reads arbitrary bytes as a Keras 3 weights file.
func FuzzReadWeightsH5(f *testing.F) {
	data := mustRead(f, "testdata/keras3_nested_container.keras")
	a, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		f.Fatal(err)
	}
	w, _ := saving.EncodeWeightsH5(a.Vars)
	f.Add(w)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := saving.ReadWeightsH5(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		if _, err := saving.EncodeWeightsH5(s); err != nil {
			t.Fatalf("read weights do not write: %v", err)
		}
	})
}

// FuzzReadTFJS reads arbitrary model.json and shard bytes.
func FuzzReadTFJS(f *testing.F) {
	js, shard := tfjsSeed(f)
	f.Add(js, shard)
	f.Fuzz(func(t *testing.T, js, shard []byte) {
		fsys := fstest.MapFS{"model.json": {Data: js}, "group1-shard1of1.bin": {Data: shard}}
		_, _ = saving.ReadTFJS(fsys, "model.json")
	})
}

func configSeeds(t testing.TB) [][]byte {
	out := [][]byte{mustRead(t, "testdata/keras3_functional_config.json"), mustRead(t, "testdata/keras3_sequential_config.json")}
	a, _ := saving.ReadKerasFile(bytes.NewReader(mustRead(t, "testdata/keras3_nested_container.keras")), 18044)
	if a != nil {
		c, _ := a.Model.MarshalJSON()
		out = append(out, c)
	}
	files, err := savingtest.Files()
	if err != nil {
		return out
	}
	for _, rel := range files {
		p, _ := savingtest.Path(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if filepath.Ext(rel) == ".json" {
			out = append(out, data)
			continue
		}
		if m, err := saving.ReadH5(bytes.NewReader(data), int64(len(data))); err == nil && m.Model != nil {
			c, _ := m.Model.Encode(saving.Keras2)
			out = append(out, c)
		}
	}
	return out
}

func h5Seeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, rel := range []string{"dl4j/simple_sparse_xent_mlp_keras_2_weights.h5", "dl4j/simple_sparse_xent_mlp_keras_2_model.h5"} {
		if p, err := savingtest.Path(rel); err == nil {
			if data, err := os.ReadFile(p); err == nil {
				out = append(out, data)
			}
		}
	}
	return out
}

func tfjsSeed(t testing.TB) (js, shard []byte) {
	m, err := saving.ParseModelConfig(mustRead(t, "testdata/keras3_sequential_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*bytes.Buffer{}
	err = saving.WriteTFJS(&saving.TFJSModel{Model: m, Weights: []saving.Weight{}}, 0, func(name string) (io.WriteCloser, error) {
		b := &bytes.Buffer{}
		files[name] = b
		return nopCloser{b}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	w := `{"name": "k", "shape": [2, 2], "dtype": "float32"}, {"name": "q", "shape": [3], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.1, "min": -1}}`
	js = bytes.Replace(files["model.json"].Bytes(), []byte(`"weightsManifest": [{"paths": [], "weights": []}]`),
		[]byte(`"weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": [`+w+`]}]`), 1)
	return js, make([]byte, 19)
}

type nopCloser struct{ *bytes.Buffer }

func (nopCloser) Close() error { return nil }

// TestWriteFuzzCorpus writes the checked-in seed corpora of the fuzz
// targets when GOKERAS_WRITE_CORPUS is set.
func TestWriteFuzzCorpus(t *testing.T) {
	if os.Getenv("GOKERAS_WRITE_CORPUS") == "" {
		t.Skip("GOKERAS_WRITE_CORPUS not set")
	}
	write := func(target, name string, args ...[]byte) {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		body := "go test fuzz v1\n"
		for _, a := range args {
			body += fmt.Sprintf("[]byte(%q)\n", a)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i, s := range configSeeds(t) {
		write("FuzzParseModelConfig", fmt.Sprintf("seed%02d", i), s)
	}
	write("FuzzReadKerasFile", "keras3_nested_container", mustRead(t, "testdata/keras3_nested_container.keras"))
	for i, s := range h5Seeds(t) {
		write("FuzzReadH5", fmt.Sprintf("seed%02d", i), s)
	}
	a, _ := saving.ReadKerasFile(bytes.NewReader(mustRead(t, "testdata/keras3_nested_container.keras")), 18044)
	w, _ := saving.EncodeWeightsH5(a.Vars)
	write("FuzzReadWeightsH5", "nested_container_weights", w)
	js, shard := tfjsSeed(t)
	write("FuzzReadTFJS", "sequential", js, shard)
	for _, h := range hostileFiles(t) {
		write(h.target, h.name, h.args...)
	}
}
