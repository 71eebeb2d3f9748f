package models

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// SaveOption changes what Save writes.
type SaveOption func(*saveConfig)

type saveConfig struct{ includeOptimizer bool }

// IncludeOptimizer says whether Save writes the compile config and the
// optimizer's state (iterations, learning rate and slots), so that
// training resumes exactly where it stopped; Keras's default, true.
func IncludeOptimizer(b bool) SaveOption { return func(c *saveConfig) { c.includeOptimizer = b } }

// Save writes the model to path as a .keras archive, Keras 3's native
// format (config.json, model.weights.h5 and metadata.json), atomically: a
// crash leaves the old file or the new one.
func (m *Model) Save(path string, opts ...SaveOption) error {
	a, err := m.archive(opts)
	if err != nil {
		return err
	}
	return saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return saving.WriteKerasFile(w, a) })
}

// SaveTo writes the model to w as a .keras archive (see Save).
func (m *Model) SaveTo(w io.Writer, opts ...SaveOption) error {
	a, err := m.archive(opts)
	if err != nil {
		return err
	}
	return saving.WriteKerasFile(w, a)
}

func (m *Model) archive(opts []SaveOption) (*saving.Archive, error) {
	c := saveConfig{includeOptimizer: true}
	for _, o := range opts {
		o(&c)
	}
	mc, err := m.ModelConfig()
	if err != nil {
		return nil, err
	}
	var opt optimizers.Optimizer
	if c.includeOptimizer && m.comp != nil {
		if mc.Compile, err = m.comp.config(); err != nil {
			return nil, err
		}
		opt = m.comp.optimizer
	}
	store, err := m.storeOf(opt)
	if err != nil {
		return nil, err
	}
	return &saving.Archive{Model: mc, Vars: store}, nil
}

// savedLayers returns the layers Keras 3 walks when it saves a model:
// a Sequential model's layers, or every layer of a functional one,
// input layers included.
func (m *Model) savedLayers() []layers.Layer {
	if m.sequential {
		return m.Layers()
	}
	return m.list
}

// layerVars returns a layer's variables in the order Keras 3 saves them:
// trainable, then non-trainable.
func layerVars(l layers.Layer) []*layers.Variable {
	t, f := weightsOf(l)
	return append(append([]*layers.Variable(nil), t...), f...)
}

func tensorsOf(vs []*layers.Variable) ([]saving.Tensor, error) {
	vals := make([]any, len(vs))
	for i, v := range vs {
		vals[i] = v.Value()
	}
	return asTensors(vs, vals)
}

// asTensors converts the values read from vs into saving.Tensors.
func asTensors(vs []*layers.Variable, vals []any) ([]saving.Tensor, error) {
	out := make([]saving.Tensor, len(vs))
	for i, v := range vs {
		t, ok := vals[i].(saving.Tensor)
		if !ok {
			return nil, fmt.Errorf("models: variable %q of dtype %s cannot be saved", v.Name(), v.DType())
		}
		out[i] = t
	}
	return out, nil
}

// savedObject is one object whose variables Keras 3 saves: the model, a
// layer or a nested model, at its path in the weights file.
type savedObject struct {
	path, name string
	vars       []*layers.Variable // the object's own variables
}

// savedObjects returns the objects of the model in the order Keras 3's
// saver visits them: the model itself (path ""), then its layers as
// "layers/<snake_case class>[_n]", a nested model followed by its own
// layers under its path ("layers/functional/layers/dense"), a recurrent
// layer's weights under its cell ("layers/simple_rnn/cell"), a layer used
// in several places saved where it is first met.
func (m *Model) savedObjects() []savedObject {
	out := []savedObject{{path: "", name: m.Name()}}
	return m.walkLayers("", map[layers.Layer]bool{}, out)
}

func (m *Model) walkLayers(prefix string, visited map[layers.Layer]bool, out []savedObject) []savedObject {
	var namer saving.Namer
	for _, l := range m.savedLayers() {
		b := l.LayerBase()
		// Every layer of the container takes a name, also one saved
		// already elsewhere, as Keras 3 counts them.
		path := "layers/" + namer.Name(b.ClassName())
		if prefix != "" {
			path = prefix + "/" + path
		}
		if sub, ok := asModel(l); ok {
			l = sub
		}
		if visited[l] {
			continue
		}
		visited[l] = true
		if sub, ok := asModel(l); ok {
			out = append(out, savedObject{path: path, name: b.Name()})
			out = sub.walkLayers(path, visited, out)
			continue
		}
		if c, ok := l.(interface{ KerasCell() string }); ok {
			// A recurrent layer: Keras 3 saves its weights with its cell.
			out = append(out, savedObject{path: path, name: b.Name()})
			path += "/" + c.KerasCell()
		}
		out = append(out, savedObject{path: path, name: b.Name(), vars: layerVars(l)})
	}
	return out
}

// varStore returns the model's weights as Keras 3 lays them out (see
// savedObjects), read at one instant.
func (m *Model) varStore() (*saving.VarStore, error) { return m.storeOf(nil) }

// storeOf returns the model's weights and, if opt is not nil, the
// optimizer's variables under "optimizer", all read at one instant (see
// readVars), so that a training step running meanwhile is in the file
// whole or not at all.
func (m *Model) storeOf(opt optimizers.Optimizer) (*saving.VarStore, error) {
	objs := m.savedObjects()
	var all []*layers.Variable
	for _, o := range objs {
		all = append(all, o.vars...)
	}
	var ov []*layers.Variable
	if opt != nil {
		ov = opt.Variables()
		all = append(all, ov...)
	}
	vals, err := asTensors(all, m.readVars(all))
	if err != nil {
		return nil, err
	}
	store := &saving.VarStore{}
	k := 0
	for _, o := range objs {
		if _, err := store.Add(o.path, o.name, vals[k:k+len(o.vars)]...); err != nil {
			return nil, err
		}
		k += len(o.vars)
	}
	if opt != nil {
		if _, err := store.Add("optimizer", optimizerName(opt), vals[k:]...); err != nil {
			return nil, err
		}
	}
	return store, nil
}

// convertAll checks saved values against variables (count and shapes)
// and converts their element type to the variables'.
func convertAll(owner string, vs []*layers.Variable, vals []saving.Tensor) ([]any, error) {
	if len(vals) != len(vs) {
		return nil, fmt.Errorf("models: %s: expected %d variables, the file holds %d", owner, len(vs), len(vals))
	}
	out := make([]any, len(vs))
	for i, v := range vs {
		var val any = vals[i]
		if v.DType() == graph.Float32 {
			val = saving.AsFloat32(vals[i])
		}
		if !tensor.SameShape(v.Shape(), vals[i].Shape()) {
			return nil, fmt.Errorf("models: %s: variable %q: expected shape %s, received %s", owner, v.Name(), tensor.ShapeString(v.Shape()), tensor.ShapeString(vals[i].Shape()))
		}
		if dt, _, ok := tensorType(val); !ok || dt != v.DType() {
			return nil, fmt.Errorf("models: %s: variable %q: expected %s, the file holds %s", owner, v.Name(), v.DType(), describeValue(val))
		}
		out[i] = val
	}
	return out, nil
}

// assignAll assigns saved values to variables, converting their element
// type to the variable's; counts and shapes must match.
func assignAll(owner string, vs []*layers.Variable, vals []saving.Tensor) error {
	conv, err := convertAll(owner, vs, vals)
	if err != nil {
		return err
	}
	for i, v := range vs {
		if err := v.Assign(conv[i]); err != nil {
			return fmt.Errorf("models: %s: variable %q: %w", owner, v.Name(), err)
		}
	}
	return nil
}

// loadVarStore assigns a Keras 3 weight store's values to the model's
// layers (nested models' layers at their nested paths), all at one
// instant once every value is checked.
func (m *Model) loadVarStore(store *saving.VarStore) error {
	var vs []*layers.Variable
	var vals []any
	for _, o := range m.savedObjects() {
		if len(o.vars) == 0 {
			continue
		}
		e := store.Get(o.path)
		if e == nil {
			return fmt.Errorf("models: layer %q: the file has no weights at %q", o.name, o.path)
		}
		conv, err := convertAll(fmt.Sprintf("layer %q (%s)", o.name, o.path), o.vars, e.Values)
		if err != nil {
			return err
		}
		vs = append(vs, o.vars...)
		vals = append(vals, conv...)
	}
	return m.assignVars(vs, vals)
}

// LoadModel reads a model saved as a .keras archive (by Save or by
// Keras 3) or as a legacy HDF5 file (Keras 2, tf.keras), told apart by
// content: the architecture from its config, then the weights, and, for
// a .keras archive that holds them, the compile config and the optimizer's state, which
// is put in place when training first builds the optimizer's slots.
//
// A legacy HDF5 file's training_config compiles the model, as Keras's
// load_model(compile=True) does, when gokeras can reproduce it; the
// optimizer starts fresh (Keras 2's optimizer_weights do not match
// Keras 3's variables, and Keras 3 starts fresh too). Otherwise — for
// instance a Keras 2 optimizer with a nonzero decay, which Keras 3 drops —
// the model loads uncompiled: Model.CompileFromConfig with the file's
// saving.ReadH5(...).Compile gives the reason.
//
// A TensorFlow.js model.json is loaded with its weight shards, which sit
// next to it (see LoadTFJS).
//
// The config may create DefaultMaxParams weight scalars in all; pass
// MaxParams to load a larger model. Sizes the file declares are checked
// against the file's size before anything is allocated.
func LoadModel(path string, opts ...LoadOption) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if format, err := saving.DetectFormat(f, st.Size()); err == nil && format == saving.FormatJSON {
		return LoadTFJS(os.DirFS(filepath.Dir(path)), filepath.Base(path), opts...)
	}
	return LoadModelFrom(f, st.Size(), opts...)
}

// LoadModelBytes is LoadModel from a file's content in memory (a
// go:embed file, for instance).
func LoadModelBytes(b []byte, opts ...LoadOption) (*Model, error) {
	return LoadModelFrom(bytes.NewReader(b), int64(len(b)), opts...)
}

// LoadModelFrom is LoadModel from the first size bytes of r.
func LoadModelFrom(r io.ReaderAt, size int64, opts ...LoadOption) (*Model, error) {
	format, err := saving.DetectFormat(r, size)
	if err != nil {
		return nil, err
	}
	switch format {
	case saving.FormatKeras:
	case saving.FormatH5:
		return loadH5Model(r, size, opts)
	default:
		return nil, fmt.Errorf("models: LoadModel: expected a .keras archive or a legacy HDF5 model, received %s", format)
	}
	a, err := saving.ReadKerasFile(r, size)
	if err != nil {
		return nil, err
	}
	m, err := FromConfig(a.Model, opts...)
	if err != nil {
		return nil, err
	}
	if !m.Built() {
		return nil, fmt.Errorf("models: model %q does not declare its input shape: its weights cannot be loaded", m.Name())
	}
	if err := m.loadVarStore(a.Vars); err != nil {
		return nil, err
	}
	if a.Model.Compile != nil {
		if err := m.compileFrom(a.Model.Compile); err != nil {
			return nil, err
		}
		if e := a.Vars.Get("optimizer"); e != nil {
			m.pendingOptimizer = e.Values
		}
	}
	return m, nil
}

// applyPendingOptimizer assigns optimizer state read by LoadModel, once
// the train function has created the optimizer's slots. The caller holds
// m.mu.
func (m *Model) applyPendingOptimizer() error {
	if m.pendingRandom != nil {
		if err := m.rt.g.SetRandomState(m.pendingRandom); err != nil {
			return err
		}
		m.pendingRandom = nil
	}
	if m.pendingOptimizer == nil || m.comp == nil {
		return nil
	}
	vals := m.pendingOptimizer
	m.pendingOptimizer = nil
	return assignOptimizerState(m.comp.optimizer, vals)
}
