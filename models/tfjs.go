package models

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/gokeras/gokeras/saving"
)

// SaveTFJS writes the model into directory dir (which must exist) as a
// TensorFlow.js layers model: model.json (the topology in the Keras 2
// dialect TensorFlow.js reads and the weights manifest) and the binary
// weight shards, each file atomically. Weights are named
// "<layer>/<weight>", as TensorFlow.js names them.
func (m *Model) SaveTFJS(dir string) error {
	mc, err := m.ModelConfig()
	if err != nil {
		return err
	}
	t := &saving.TFJSModel{Model: mc, Format: "layers-model", GeneratedBy: "gokeras"}
	for _, l := range m.savedLayers() {
		vals, err := tensorsOf(layerVars(l))
		if err != nil {
			return err
		}
		for i, v := range layerVars(l) {
			t.Weights = append(t.Weights, saving.Weight{Name: v.Name(), Value: vals[i]})
		}
	}
	return saving.WriteTFJSDir(dir, t, 0)
}

// LoadTFJS reads the TensorFlow.js layers model whose model.json is at
// name in fsys (os.DirFS(dir), an embed.FS, ...): the architecture from
// its topology, then the weights, matched with the layers by the layer
// name that starts each weight's name. Options as LoadModel's (MaxParams).
// A training config (Keras's, or TensorFlow.js's own with its optimizers'
// camelCase keys) compiles the model as LoadModel does a legacy .h5
// file's: when gokeras can reproduce it, else the model stays uncompiled.
func LoadTFJS(fsys fs.FS, name string, opts ...LoadOption) (*Model, error) {
	t, err := saving.ReadTFJS(fsys, name)
	if err != nil {
		return nil, err
	}
	if t.Model == nil {
		return nil, fmt.Errorf("models: LoadTFJS: %s has no model topology", name)
	}
	m, err := FromConfig(t.Model, opts...)
	if err != nil {
		return nil, err
	}
	if !m.Built() {
		return nil, fmt.Errorf("models: model %q does not declare its input shape: its weights cannot be loaded", m.Name())
	}
	if _, err := m.loadLegacy(groupByLayer(t.Weights), saving.MatchOptions{ByName: true}); err != nil {
		return nil, err
	}
	m.compileLegacy(t.Compile)
	return m, nil
}

// groupByLayer groups weights named "<layer>/..." by layer, in order of
// first appearance, keeping each layer's weights in manifest order.
func groupByLayer(ws []saving.Weight) []saving.LayerWeights {
	var out []saving.LayerWeights
	index := map[string]int{}
	for _, w := range ws {
		layer, _, _ := strings.Cut(w.Name, "/")
		i, ok := index[layer]
		if !ok {
			i = len(out)
			index[layer] = i
			out = append(out, saving.LayerWeights{Name: layer})
		}
		out[i].Weights = append(out[i].Weights, w)
	}
	return out
}
