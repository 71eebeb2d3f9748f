package models

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gokeras/gokeras/saving"
)

// fuzzMaxParams bounds the weights a fuzzed config may create: larger
// models are refused by FromConfig's budget before anything is allocated,
// so the fuzz target needs no filter of its own on the sizes a config
// asks for.
const fuzzMaxParams = 1 << 18

// small reports whether the input is small enough to be worth parsing.
func small(data []byte) bool { return len(data) <= 1<<16 }

// FuzzModelFromConfig feeds configs to the model builder: whatever the
// input, FromConfig returns a model or an error, never panics and never
// allocates more than its parameter budget allows; a model it builds gives
// a config that builds an equal model again. Seeds: the configs under
// testdata/fuzz/FuzzModelFromConfig (Keras 3 Sequential and functional
// configs, Keras 2 configs of the fixtures' models, configs asking for
// huge, overflowing or negative shapes, and nested models sharing a layer).
func FuzzModelFromConfig(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if !small(data) {
			t.Skip()
		}
		mc, err := saving.ParseModelConfig(data)
		if err != nil {
			return
		}
		m, err := FromConfig(mc, MaxParams(fuzzMaxParams))
		if err != nil {
			return
		}
		if m.CountParams() > fuzzMaxParams {
			t.Fatalf("a model of %d params was built under a budget of %d", m.CountParams(), fuzzMaxParams)
		}
		if !m.Built() {
			return
		}
		again, err := m.ModelConfig()
		if err != nil {
			return // a layer without a config (none registered today)
		}
		js, err := again.MarshalJSON()
		if err != nil {
			t.Fatalf("marshalling the config of a built model: %v", err)
		}
		back, err := saving.ParseModelConfig(js)
		if err != nil {
			t.Fatalf("parsing a written config: %v\n%s", err, js)
		}
		m2, err := FromConfig(back, MaxParams(fuzzMaxParams))
		if err != nil {
			t.Fatalf("rebuilding a written config: %v\n%s", err, js)
		}
		if m2.CountParams() != m.CountParams() || len(m2.Layers()) != len(m.Layers()) {
			t.Fatalf("rebuilt model has %d params in %d layers, want %d in %d\n%s",
				m2.CountParams(), len(m2.Layers()), m.CountParams(), len(m.Layers()), js)
		}
	})
}

// TestWriteFromConfigCorpus writes the seed corpus of FuzzModelFromConfig
// from the saving package's test configs and the Keras fixtures' configs
// when GOKERAS_WRITE_CORPUS=1.
func TestWriteFromConfigCorpus(t *testing.T) {
	if os.Getenv("GOKERAS_WRITE_CORPUS") != "1" {
		t.Skip("set GOKERAS_WRITE_CORPUS=1 to rewrite the seed corpus")
	}
	var seeds [][]byte
	for _, p := range []string{
		"../saving/testdata/keras3_sequential_config.json",
		"../saving/testdata/keras3_functional_config.json",
		"../../shared/fixtures/keras/dl4j/simple_sparse_xent_mlp_keras_2_config.json",
		"../../shared/fixtures/keras/dl4j/simple_flatten_lstm_tf_keras_2_config.json",
	} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	seeds = append(seeds, []byte(fuzzFunctionalSeed))
	seeds = append(seeds, hostileSeeds...)
	// A functional model holding a functional and a Sequential model, one
	// layer shared across the levels (written with a shared_object_id).
	nested, err := nestedModel(t, true).ModelConfig()
	if err != nil {
		t.Fatal(err)
	}
	js, err := nested.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	seeds = append(seeds, js)
	dir := filepath.Join("testdata", "fuzz", "FuzzModelFromConfig")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range seeds {
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s)) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, "seed"+strconv.Itoa(i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// fuzzFunctionalSeed is a small functional model with a shared layer and
// a merge, in Keras 3's form.
const fuzzFunctionalSeed = `{"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "f", "trainable": true, "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "a"}, "registered_name": null, "name": "a", "inbound_nodes": []},
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "b"}, "registered_name": null, "name": "b", "inbound_nodes": []},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "relu"}, "registered_name": null, "name": "d", "inbound_nodes": [
 {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["a", 0, 0]}}], "kwargs": {}},
 {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["b", 0, 0]}}], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "Add", "config": {"name": "add"}, "registered_name": null, "name": "add", "inbound_nodes": [
 {"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "dtype": "float32", "keras_history": ["d", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"shape": [null, 2], "dtype": "float32", "keras_history": ["d", 1, 0]}}]], "kwargs": {}}]}],
"input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["add", 0, 0]]}, "registered_name": null}`

// hostileSeeds ask for more than any budget allows: a Dense of 2⁴⁰ units,
// dimensions whose product overflows int64 (in the input, after Flatten,
// after RepeatVector, in a kernel), a negative dimension, and a nested
// model hiding a huge layer.
var hostileSeeds = [][]byte{
	[]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "name": "in"}},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "big", "units": 1099511627776}}]}}`),
	[]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4294967296, 4294967296], "name": "in"}},
{"module": "keras.layers", "class_name": "Flatten", "config": {"name": "f"}},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 2}}]}}`),
	[]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 1073741824], "name": "in"}},
{"module": "keras.layers", "class_name": "RepeatVector", "config": {"name": "rep", "n": 1099511627776}}]}}`),
	[]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4611686018427387904], "name": "in"}},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 4611686018427387904}}]}}`),
	[]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, -7], "name": "in"}},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "d", "units": 3}}]}}`),
	[]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "outer", "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 8], "name": "in"}},
{"module": "keras", "class_name": "Sequential", "config": {"name": "inner", "layers": [
 {"module": "keras.layers", "class_name": "Dense", "config": {"name": "a", "units": 4}},
 {"module": "keras.layers", "class_name": "Dense", "config": {"name": "huge", "units": 281474976710656}}]}}]}}`),
}
