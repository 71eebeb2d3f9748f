package savingtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"

	"github.com/gokeras/gokeras/saving/internal/h5"
	"github.com/gokeras/gokeras/tensor"
)

// KnownIO is what Keras computed on a fixture: the model file, inputs fed
// to it, and what model.predict returned, so that a loader can check that
// it predicts the same numbers (the bar: within 1e-5).
type KnownIO struct {
	// Name identifies the fixture ("dl4j/cnn_batch_norm").
	Name string
	// Model is the path of the full-model file, relative to Dir.
	Model string
	// Weights is the path of a separate weights-only file with the same
	// weights, relative to Dir; "" if there is none.
	Weights string
	// Config is the path of a separate model.to_json() file; "" if none.
	Config string
	// Inputs are the input batches, by input layer name (for Sequential
	// models saved by Keras 2: "<first layer>_input"), in Inputs order.
	Inputs      map[string]*tensor.Tensor[float32]
	InputOrder  []string
	Predictions map[string]*tensor.Tensor[float32]
	OutputOrder []string
	// Activations are every layer's outputs in Keras, by layer name, when
	// the fixture recorded them; nil otherwise.
	Activations map[string]*tensor.Tensor[float32]
	// Loss is the loss Keras reported on the batch, NaN if not recorded.
	Loss float64
}

// KnownIONames lists the fixtures with known inputs and outputs (★ in the
// fixture README).
func KnownIONames() []string {
	return []string{
		"dl4j/cnn_batch_norm",
		"dl4j/simple_flatten_lstm_tf_keras_2",
		"dl4j/simple_rnn_tf_keras_2",
		"dl4j/simple_sparse_xent_mlp_keras_2",
	}
}

// LoadKnownIO reads the known inputs and outputs of the fixture name (one
// of KnownIONames). Gotcha from the fixture README: the LSTM fixture's
// outputs are reproduced only with Keras 2's hard_sigmoid,
// clip(0.2x+0.5, 0, 1).
func LoadKnownIO(name string) (*KnownIO, error) {
	if name == "dl4j/cnn_batch_norm" {
		return cnnBatchNorm()
	}
	for _, n := range KnownIONames() {
		if n == name {
			return dl4jIO(name)
		}
	}
	return nil, fmt.Errorf("savingtest: no known inputs and outputs for %q", name)
}

func cnnBatchNorm() (*KnownIO, error) {
	k := &KnownIO{Name: "dl4j/cnn_batch_norm", Model: "dl4j/cnn_batch_norm/cnn_batch_norm.h5", Loss: math.NaN(),
		InputOrder: []string{"conv2d_1_input"}, OutputOrder: []string{"dense_1"}}
	in, err := readNPY("dl4j/cnn_batch_norm/input.npy")
	if err != nil {
		return nil, err
	}
	out, err := readNPY("dl4j/cnn_batch_norm/predictions.npy")
	if err != nil {
		return nil, err
	}
	k.Inputs = map[string]*tensor.Tensor[float32]{"conv2d_1_input": in}
	k.Predictions = map[string]*tensor.Tensor[float32]{"dense_1": out}
	return k, nil
}

// dl4jIO reads a DL4J-style "<name>_inputs_and_outputs.h5": root attributes
// inputs and outputs (JSON lists of layer names), groups inputs,
// predictions and activations by layer name, and scores/loss.
func dl4jIO(name string) (*KnownIO, error) {
	k := &KnownIO{Name: name, Model: name + "_model.h5", Weights: name + "_weights.h5",
		Config: name + "_config.json", Loss: math.NaN()}
	p, err := Path(name + "_inputs_and_outputs.h5")
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	f, err := h5.Open(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("savingtest: %s: %w", p, err)
	}
	root := f.Root()
	if k.InputOrder, err = jsonNames(root, "inputs"); err != nil {
		return nil, err
	}
	if k.OutputOrder, err = jsonNames(root, "outputs"); err != nil {
		return nil, err
	}
	if k.Inputs, err = groupArrays(root, "inputs"); err != nil {
		return nil, err
	}
	if k.Predictions, err = groupArrays(root, "predictions"); err != nil {
		return nil, err
	}
	if k.Activations, err = groupArrays(root, "activations"); err != nil {
		return nil, err
	}
	if d, err := root.Dataset("scores/loss"); err == nil {
		if v, err := d.ReadFloat64(); err == nil && len(v) == 1 {
			k.Loss = v[0]
		}
	}
	return k, nil
}

func jsonNames(g *h5.Group, key string) ([]string, error) {
	a, err := g.Attr(key)
	if err != nil {
		return nil, err
	}
	s, err := a.String()
	if err != nil {
		return nil, err
	}
	var m map[string][]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, fmt.Errorf("savingtest: attribute %s: %w", key, err)
	}
	return m[key], nil
}

func groupArrays(root *h5.Group, name string) (map[string]*tensor.Tensor[float32], error) {
	g, err := root.Group(name)
	if err != nil {
		return nil, err
	}
	names, err := g.Names()
	if err != nil {
		return nil, err
	}
	out := map[string]*tensor.Tensor[float32]{}
	for _, n := range names {
		d, err := g.Dataset(n)
		if err != nil {
			return nil, err
		}
		v, err := d.ReadFloat32()
		if err != nil {
			return nil, err
		}
		if out[n], err = tensor.New(d.Shape(), v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Names returns the keys of m, sorted.
func Names(m map[string]*tensor.Tensor[float32]) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
