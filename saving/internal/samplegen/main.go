// Command samplegen writes one file of every format package saving writes,
// with a manifest of what each holds, for scripts/check_h5py.py to open
// with h5py and check against the layout Keras reads.
//
// Usage: go run ./saving/internal/samplegen DIR
//
// DIR receives model.keras, model.weights.h5 (Keras 3), legacy_model.h5
// and legacy.weights.h5 (Keras 2), tfjs/model.json with its shards, and
// expected.json.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

const config = `{"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true,
 "layers": [
  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 4, "activation": "relu", "use_bias": true,
   "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
   "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
   "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 3]}},
  {"module": "keras.layers", "class_name": "Dropout", "config": {"name": "dropout", "trainable": true, "dtype": "float32", "rate": 0.5, "seed": null, "noise_shape": null}, "registered_name": null},
  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": "float32", "units": 2, "activation": "softmax", "use_bias": true,
   "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null},
   "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
   "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}}]},
 "registered_name": null, "build_config": {"input_shape": [null, 3]},
 "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {"name": "adam", "learning_rate": 0.001}, "registered_name": null},
  "loss": "categorical_crossentropy", "loss_weights": null, "metrics": ["accuracy"], "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}}`

// expected describes one stored array for the checking script.
type expected struct {
	Path  string  `json:"path"` // where the format puts it
	Shape []int   `json:"shape"`
	DType string  `json:"dtype"`
	Sum   float64 `json:"sum"`
	First float64 `json:"first"`
	Name  string  `json:"name,omitempty"` // the "name" attribute of a Keras 3 vars group
}

type manifest struct {
	Keras3       []expected `json:"keras3"` // model.keras's model.weights.h5 and model.weights.h5
	Keras3Groups []expected `json:"keras3_groups"`
	Legacy       []expected `json:"legacy"`        // legacy_model.h5 and legacy.weights.h5
	LegacyLayers []string   `json:"legacy_layers"` // layer_names
	Optimizer    []expected `json:"optimizer"`     // legacy optimizer_weights
	TFJS         []expected `json:"tfjs"`
	// Nested and NestedGroups describe nested.keras, a model holding a
	// functional and a Sequential model as layers, saved by models.Save:
	// the paths are those Keras 3's saver gives nested models.
	Nested       []expected `json:"nested"`
	NestedGroups []expected `json:"nested_groups"`
}

func ramp(n int, scale float32) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = scale * float32(i-n/2)
	}
	return v
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: samplegen DIR")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "samplegen:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	model, err := saving.ParseModelConfig([]byte(config))
	if err != nil {
		return err
	}
	k1 := tensor.Must(tensor.New([]int{3, 4}, ramp(12, 0.25)))
	b1 := tensor.FromSlice(ramp(4, 0.5))
	k2 := tensor.Must(tensor.New([]int{4, 2}, ramp(8, -0.125)))
	b2 := tensor.FromSlice([]float32{0.5, -0.5})
	iter := tensor.Scalar[int64](12)
	m1 := tensor.Must(tensor.New([]int{3, 4}, ramp(12, 0.01)))
	var man manifest
	store := &saving.VarStore{}
	add := func(path, name string, vals ...saving.Tensor) {
		store.Add(path, name, vals...)
		man.Keras3Groups = append(man.Keras3Groups, expected{Path: path, Name: name})
		for i, v := range vals {
			man.Keras3 = append(man.Keras3, describe(fmt.Sprintf("%s/vars/%d", path, i), v))
		}
	}
	add("", "sequential")
	add("layers/input_layer", "input_layer")
	add("layers/dense", "dense", k1, b1)
	add("layers/dropout", "dropout")
	add("layers/dense_1", "dense_1", k2, b2)
	add("optimizer", "adam", iter, m1)
	meta := saving.NewParams("metadata.json").Set("keras_version", saving.KerasVersion).Set("date_saved", "2025-01-01@00:00:00")
	if err := write(filepath.Join(dir, "model.keras"), func(w io.Writer) error {
		return saving.WriteKerasFile(w, &saving.Archive{Metadata: meta, Model: model, Vars: store})
	}); err != nil {
		return err
	}
	if err := write(filepath.Join(dir, "model.weights.h5"), func(w io.Writer) error { return saving.WriteWeightsH5(w, store) }); err != nil {
		return err
	}
	if err := writeLegacy(dir, model, &man, k1, b1, k2, b2, iter, m1); err != nil {
		return err
	}
	if err := writeTFJS(dir, model, &man, k1, b1, k2, b2); err != nil {
		return err
	}
	if err := writeNested(dir, &man); err != nil {
		return err
	}
	js, err := json.MarshalIndent(man, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "expected.json"), js, 0o644)
}

func writeLegacy(dir string, model *saving.ModelConfig, man *manifest, k1, b1, k2, b2, iter, m1 saving.Tensor) error {
	layers := []saving.LayerWeights{
		{Name: "dense", Weights: []saving.Weight{{Name: "dense/kernel:0", Value: k1}, {Name: "dense/bias:0", Value: b1}}},
		{Name: "dropout"},
		{Name: "dense_1", Weights: []saving.Weight{{Name: "dense_1/kernel:0", Value: k2}, {Name: "dense_1/bias:0", Value: b2}}},
	}
	for _, l := range layers {
		man.LegacyLayers = append(man.LegacyLayers, l.Name)
		for _, w := range l.Weights {
			man.Legacy = append(man.Legacy, describe(l.Name+"/"+w.Name, w.Value))
		}
	}
	opt := []saving.Weight{{Name: "Adam/iter:0", Value: iter}, {Name: "Adam/dense/kernel/m:0", Value: m1}}
	for _, w := range opt {
		man.Optimizer = append(man.Optimizer, describe(w.Name, w.Value))
	}
	full := &saving.H5Model{Model: model, Compile: model.Compile, Layers: layers, Optimizer: opt}
	if err := write(filepath.Join(dir, "legacy_model.h5"), func(w io.Writer) error { return saving.WriteH5(w, full) }); err != nil {
		return err
	}
	return write(filepath.Join(dir, "legacy.weights.h5"), func(w io.Writer) error {
		return saving.WriteH5(w, &saving.H5Model{Layers: layers})
	})
}

func writeTFJS(dir string, model *saving.ModelConfig, man *manifest, k1, b1, k2, b2 saving.Tensor) error {
	ws := []saving.Weight{{Name: "dense/kernel", Value: k1}, {Name: "dense/bias", Value: b1},
		{Name: "dense_1/kernel", Value: k2}, {Name: "dense_1/bias", Value: b2}}
	for _, w := range ws {
		man.TFJS = append(man.TFJS, describe(w.Name, w.Value))
	}
	tdir := filepath.Join(dir, "tfjs")
	if err := os.MkdirAll(tdir, 0o755); err != nil {
		return err
	}
	return saving.WriteTFJSDir(tdir, &saving.TFJSModel{Model: model, Compile: model.Compile, Weights: ws}, 40)
}

func write(path string, fn func(io.Writer) error) error {
	return saving.WriteFileAtomic(path, 0o644, fn)
}

func describe(path string, t saving.Tensor) expected {
	v := saving.AsFloat32(t).Data()
	e := expected{Path: path, Shape: t.Shape(), DType: t.DType()}
	for _, x := range v {
		e.Sum += float64(x)
	}
	if len(v) > 0 {
		e.First = float64(v[0])
	}
	return e
}

// writeNested saves, with models.Save, a functional model whose layers
// include a functional model and a Sequential model, with ramp weights,
// and lists the groups and arrays Keras 3 expects in it: each nested model
// an object at layers/<snake_case class> with its own layers below it.
func writeNested(dir string, man *manifest) error {
	ii := layers.InputWith("inner_input", graph.Float32, 3)
	inner, err := models.NewModel([]*layers.KerasTensor{ii},
		[]*layers.KerasTensor{layers.NewDense(3, layers.WithName("a")).Apply(ii)}, layers.WithName("inner"))
	if err != nil {
		return err
	}
	seq := models.NewSequentialNamed("stack", layers.NewDense(2, layers.WithName("b"), layers.WithInputDim(3)), layers.NewDropout(0.5, layers.WithName("drop")))
	x := layers.InputWith("outer_input", graph.Float32, 4)
	h := layers.NewDense(3, layers.WithName("pre")).Apply(x)
	h = seq.Apply(inner.Apply(h))
	out := layers.NewDense(1, layers.WithName("head")).Apply(h)
	m, err := models.NewModel([]*layers.KerasTensor{x}, []*layers.KerasTensor{out}, layers.WithName("outer"))
	if err != nil {
		return err
	}
	var ws []any
	for i, w := range m.Weights() {
		n := w.Size()
		ws = append(ws, tensor.Must(tensor.New(w.Shape(), ramp(n, 0.03125*float32(i+1)))))
	}
	if err := m.SetWeights(ws); err != nil {
		return err
	}
	if err := m.Save(filepath.Join(dir, "nested.keras")); err != nil {
		return err
	}
	dense := func(name, path string, k, b int) {
		man.NestedGroups = append(man.NestedGroups, expected{Path: path, Name: name})
		man.Nested = append(man.Nested, describe(path+"/vars/0", ws[k].(saving.Tensor)), describe(path+"/vars/1", ws[b].(saving.Tensor)))
	}
	group := func(name, path string) { man.NestedGroups = append(man.NestedGroups, expected{Path: path, Name: name}) }
	// m.Weights(): pre's kernel and bias, a's, b's, head's.
	group("outer", "")
	group("outer_input", "layers/input_layer")
	dense("pre", "layers/dense", 0, 1)
	group("inner", "layers/functional")
	group("inner_input", "layers/functional/layers/input_layer")
	dense("a", "layers/functional/layers/dense", 2, 3)
	group("stack", "layers/sequential")
	dense("b", "layers/sequential/layers/dense", 4, 5)
	group("drop", "layers/sequential/layers/dropout")
	dense("head", "layers/dense_1", 6, 7)
	return nil
}
