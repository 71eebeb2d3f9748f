package models

import (
	"bytes"
	"fmt"
	"io"
	"os"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

// LoadWeightsOption changes how LoadWeights matches saved weights with
// the model's layers.
type LoadWeightsOption func(*saving.MatchOptions)

// ByName matches the layers of a legacy HDF5 weights file with the
// model's by name instead of by position (Keras's by_name); saved layers
// the model does not have are ignored.
func ByName(b bool) LoadWeightsOption { return func(o *saving.MatchOptions) { o.ByName = b } }

// SkipMismatch (with ByName) skips layers whose weight count or shapes
// differ instead of failing (Keras's skip_mismatch).
func SkipMismatch(b bool) LoadWeightsOption {
	return func(o *saving.MatchOptions) { o.SkipMismatch = b }
}

// SaveWeights writes the model's weights to path as a Keras 3 weights
// file (.weights.h5, the layout Keras 3's load_weights reads), atomically.
func (m *Model) SaveWeights(path string) error {
	store, err := m.varStore()
	if err != nil {
		return err
	}
	return saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return saving.WriteWeightsH5(w, store) })
}

// LoadWeights reads the weights of the model from path: a Keras 3
// weights file (.weights.h5), a .keras archive, or a legacy HDF5 file
// (full model or weights only, written by Keras 2 or tf.keras), told apart
// by content. Legacy files are matched by position among the layers with
// weights, or by name with ByName; the others by Keras 3's weight paths.
func (m *Model) LoadWeights(path string, opts ...LoadWeightsOption) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	return m.LoadWeightsFrom(f, st.Size(), opts...)
}

// LoadWeightsBytes is LoadWeights from a file's content in memory.
func (m *Model) LoadWeightsBytes(b []byte, opts ...LoadWeightsOption) error {
	return m.LoadWeightsFrom(bytes.NewReader(b), int64(len(b)), opts...)
}

// LoadWeightsFrom is LoadWeights from the first size bytes of r.
func (m *Model) LoadWeightsFrom(r io.ReaderAt, size int64, opts ...LoadWeightsOption) error {
	var mo saving.MatchOptions
	for _, o := range opts {
		o(&mo)
	}
	if !m.Built() {
		return fmt.Errorf("models: %q: LoadWeights: the model must be built (declare its input shape) before its weights are loaded", m.Name())
	}
	format, err := saving.DetectFormat(r, size)
	if err != nil {
		return err
	}
	switch format {
	case saving.FormatWeightsH5:
		store, err := saving.ReadWeightsH5(r, size)
		if err != nil {
			return err
		}
		return m.loadVarStore(store)
	case saving.FormatKeras:
		a, err := saving.ReadKerasFile(r, size)
		if err != nil {
			return err
		}
		return m.loadVarStore(a.Vars)
	case saving.FormatH5:
		h, err := saving.ReadH5(r, size)
		if err != nil {
			return err
		}
		_, err = m.loadLegacy(h.Layers, mo)
		return err
	}
	return fmt.Errorf("models: LoadWeights: expected a weights file, received %s", format)
}

// loadLegacy assigns the weights of a legacy file's layers, matched as
// Keras 2's load_weights does; it returns MatchWeights's warnings.
func (m *Model) loadLegacy(saved []saving.LayerWeights, mo saving.MatchOptions) ([]string, error) {
	ls := m.Layers()
	specs := make([]saving.LayerSpec, len(ls))
	vars := make([][]*layers.Variable, len(ls))
	for i, l := range ls {
		vars[i] = layerVars(l)
		specs[i].Name = l.LayerBase().Name()
		for _, v := range vars[i] {
			specs[i].Shapes = append(specs[i].Shapes, v.Shape())
		}
	}
	as, warnings, err := saving.MatchWeights(saved, specs, mo)
	if err != nil {
		return nil, fmt.Errorf("models: %q: %w", m.Name(), err)
	}
	// Every value is checked first; then all are assigned at one instant,
	// so that a failed load changes nothing and a concurrent Predict or
	// Save sees the old weights or the new ones.
	var vs []*layers.Variable
	var conv []any
	for _, a := range as {
		vals := make([]saving.Tensor, len(a.Saved.Weights))
		for i, w := range a.Saved.Weights {
			vals[i] = w.Value
		}
		c, err := convertAll(fmt.Sprintf("layer %q", specs[a.Layer].Name), vars[a.Layer], vals)
		if err != nil {
			return nil, err
		}
		vs = append(vs, vars[a.Layer]...)
		conv = append(conv, c...)
	}
	return warnings, m.assignVars(vs, conv)
}

// loadH5Model builds the model a legacy HDF5 file describes and loads its
// weights, and compiles it as its training_config says when gokeras can
// (see compileLegacy).
func loadH5Model(r io.ReaderAt, size int64, opts []LoadOption) (*Model, error) {
	h, err := saving.ReadH5(r, size)
	if err != nil {
		return nil, err
	}
	if h.Model == nil {
		return nil, fmt.Errorf("models: LoadModel: the HDF5 file holds weights only, no model config: build the model and call LoadWeights")
	}
	m, err := FromConfig(h.Model, opts...)
	if err != nil {
		return nil, err
	}
	if !m.Built() {
		return nil, fmt.Errorf("models: model %q does not declare its input shape: its weights cannot be loaded", m.Name())
	}
	// The model was built from the file's own config, so its layers have
	// the file's layer names: match by name, which does not depend on the
	// order a functional model lists its layers in.
	if _, err := m.loadLegacy(h.Layers, saving.MatchOptions{ByName: true}); err != nil {
		return nil, err
	}
	m.compileLegacy(h.Compile)
	return m, nil
}
