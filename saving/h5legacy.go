package saving

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gokeras/gokeras/saving/internal/h5"
)

// LegacyKerasVersion is the keras_version gokeras writes into legacy .h5
// and TensorFlow.js files, whose layout and config dialect are those of the
// last Keras 2 release.
const LegacyKerasVersion = "2.15.0"

// H5Model is the content of a legacy Keras HDF5 file: a full model as
// Keras 2 and tf.keras save it (model.save("m.h5")), or weights only
// (save_weights("w.h5")).
type H5Model struct {
	KerasVersion string
	Backend      string
	// Model is the model_config attribute; nil in a weights-only file.
	Model *ModelConfig
	// Compile is the training_config attribute; nil if the file has none.
	Compile *CompileConfig
	// Layers lists the layers in the file's layer_names order, which is the
	// model's layer order; layers without weights are included, empty.
	Layers []LayerWeights
	// Optimizer holds the optimizer_weights group's variables, in its
	// weight_names order.
	Optimizer []Weight
}

// LayerWeights are the weights one layer saved, in the layer's own order
// (for Dense: kernel, bias). Their names are paths under the layer's group,
// usually "<layer>/<var>:0", with a cell level for tf.keras 2's recurrent
// layers ("lstm_9/lstm_cell_9/kernel:0") and sometimes a name-scope suffix
// ("conv1_1/kernel:0").
type LayerWeights struct {
	Name    string
	Weights []Weight
}

// Layer returns the weights of the layer named name, or nil.
func (m *H5Model) Layer(name string) *LayerWeights {
	for i := range m.Layers {
		if m.Layers[i].Name == name {
			return &m.Layers[i]
		}
	}
	return nil
}

// WithWeights returns the layers that have weights, in order: what Keras
// matches by position when it loads weights without by_name.
func (m *H5Model) WithWeights() []LayerWeights {
	var out []LayerWeights
	for _, l := range m.Layers {
		if len(l.Weights) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// ReadH5 reads a legacy Keras HDF5 file from the first size bytes of r.
func ReadH5(r io.ReaderAt, size int64) (*H5Model, error) {
	f, err := h5.Open(r, size)
	if err != nil {
		return nil, fmt.Errorf("saving: legacy .h5 file: %w", err)
	}
	root := f.Root()
	m := &H5Model{KerasVersion: attrString(root, "keras_version"), Backend: attrString(root, "backend")}
	if err := m.readConfigs(root); err != nil {
		return nil, err
	}
	weights := root
	if k, _ := root.Kind("model_weights"); k == h5.KindGroup {
		if weights, err = root.Group("model_weights"); err != nil {
			return nil, fmt.Errorf("saving: legacy .h5 file: %w", err)
		}
	} else if m.Model != nil {
		return nil, errors.New("saving: legacy .h5 file: a model_config but no model_weights group")
	}
	names, ok, err := loadNames(weights, "layer_names")
	if err != nil {
		return nil, err
	}
	if !ok {
		for _, g := range []string{"vars", "layers", "optimizer"} {
			if k, _ := root.Kind(g); k == h5.KindGroup {
				return nil, errors.New("saving: this is a Keras 3 weights file: read it with ReadWeightsH5")
			}
		}
		return nil, errors.New("saving: legacy .h5 file: no layer_names attribute (not a Keras weights file)")
	}
	if m.KerasVersion == "" {
		m.KerasVersion = attrString(weights, "keras_version")
	}
	if m.Backend == "" {
		m.Backend = attrString(weights, "backend")
	}
	for _, name := range names {
		lw, err := readLayerWeights(weights, name)
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, lw)
	}
	if k, _ := root.Kind("optimizer_weights"); k == h5.KindGroup {
		og, err := root.Group("optimizer_weights")
		if err == nil {
			m.Optimizer, err = readWeightList(og, "optimizer_weights")
		}
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (m *H5Model) readConfigs(root *h5.Group) error {
	if s := attrString(root, "model_config"); s != "" {
		mc, err := ParseModelConfig([]byte(s))
		if err != nil {
			return fmt.Errorf("saving: legacy .h5 file: model_config: %w", err)
		}
		m.Model = mc
	}
	if s := attrString(root, "training_config"); s != "" {
		c, err := ParseCompileConfig([]byte(s))
		if err != nil {
			return fmt.Errorf("saving: legacy .h5 file: training_config: %w", err)
		}
		m.Compile = c
	}
	return nil
}

// attrString returns a string attribute's value, "" if absent or not a
// single string.
func attrString(g *h5.Group, name string) string {
	a, err := g.Attr(name)
	if err != nil {
		return ""
	}
	s, _ := a.String()
	return s
}

// loadNames reads a list of names that Keras may have split over
// attributes name0, name1, ... when it was too long for one.
func loadNames(g *h5.Group, name string) ([]string, bool, error) {
	if a, err := g.Attr(name); err == nil {
		s, err := a.StringSlice()
		if err != nil {
			return nil, false, fmt.Errorf("saving: %s@%s: %w", g.Path(), name, err)
		}
		return s, true, nil
	}
	var out []string
	found := false
	for i := 0; ; i++ {
		a, err := g.Attr(fmt.Sprintf("%s%d", name, i))
		if err != nil {
			break
		}
		s, err := a.StringSlice()
		if err != nil {
			return nil, false, fmt.Errorf("saving: %s@%s%d: %w", g.Path(), name, i, err)
		}
		out, found = append(out, s...), true
	}
	return out, found, nil
}

func readLayerWeights(weights *h5.Group, name string) (LayerWeights, error) {
	lw := LayerWeights{Name: name}
	g, err := weights.Group(name)
	if err != nil {
		return lw, fmt.Errorf("saving: legacy .h5 file: layer_names lists %q: %w", name, err)
	}
	lw.Weights, err = readWeightList(g, fmt.Sprintf("layer %q", name))
	return lw, err
}

// readWeightList reads the datasets a group's weight_names lists.
func readWeightList(g *h5.Group, what string) ([]Weight, error) {
	names, _, err := loadNames(g, "weight_names")
	if err != nil {
		return nil, err
	}
	out := make([]Weight, 0, len(names))
	for _, n := range names {
		d, err := g.Dataset(n)
		if err != nil {
			return nil, fmt.Errorf("saving: legacy .h5 file: %s: weight %q: %w", what, n, err)
		}
		t, err := readTensor(d)
		if err != nil {
			return nil, fmt.Errorf("saving: legacy .h5 file: %s: %w", what, err)
		}
		out = append(out, Weight{Name: n, Value: t})
	}
	return out, nil
}

// namesPerAttr is how many names one attribute holds before WriteH5 splits
// a list over name0, name1, ... as Keras does for lists too long for an
// HDF5 object header (each variable-length string takes 16 bytes there).
const namesPerAttr = 4000

// WriteH5 writes m as a legacy Keras HDF5 file, the layout Keras 2,
// tf.keras, Keras 3's legacy loader and the TensorFlow.js converter read:
// with m.Model set, a full model (model_config in the Keras 2 dialect,
// training_config, model_weights, optimizer_weights); without, a
// weights-only file. Weight names must be paths relative to the layer's
// group, conventionally "<layer>/<var>:0".
func WriteH5(w io.Writer, m *H5Model) error {
	fw := h5.NewWriter()
	root := fw.Root()
	version := orDefault(m.KerasVersion, LegacyKerasVersion)
	backend := orDefault(m.Backend, "tensorflow")
	weights := root
	if m.Model != nil {
		if err := writeModelAttrs(root, m, version, backend); err != nil {
			return err
		}
		var err error
		if weights, err = root.CreateGroup("model_weights"); err != nil {
			return err
		}
	}
	names := make([]string, len(m.Layers))
	for i, l := range m.Layers {
		names[i] = l.Name
	}
	if err := errors.Join(setNames(weights, "layer_names", names),
		weights.SetAttr("backend", h5.String(backend)), weights.SetAttr("keras_version", h5.String(version))); err != nil {
		return err
	}
	for _, l := range m.Layers {
		g, err := weights.CreateGroup(l.Name)
		if err != nil {
			return fmt.Errorf("saving: layer %q: %w", l.Name, err)
		}
		if err := writeWeightList(g, l.Weights); err != nil {
			return fmt.Errorf("saving: layer %q: %w", l.Name, err)
		}
	}
	if len(m.Optimizer) > 0 {
		og, err := root.CreateGroup("optimizer_weights")
		if err == nil {
			err = writeWeightList(og, m.Optimizer)
		}
		if err != nil {
			return fmt.Errorf("saving: optimizer weights: %w", err)
		}
	}
	_, err := fw.WriteTo(w)
	return err
}

// EncodeH5 returns m written by WriteH5.
func EncodeH5(m *H5Model) ([]byte, error) {
	var b bytes.Buffer
	err := WriteH5(&b, m)
	return b.Bytes(), err
}

func writeModelAttrs(root *h5.WGroup, m *H5Model, version, backend string) error {
	cfg, err := m.Model.Encode(Keras2)
	if err != nil {
		return err
	}
	errs := []error{root.SetAttr("keras_version", h5.String(version)),
		root.SetAttr("backend", h5.String(backend)), root.SetAttr("model_config", h5.String(string(cfg)))}
	if m.Compile != nil {
		tc, err := m.Compile.EncodeTrainingConfig()
		errs = append(errs, err)
		if err == nil {
			errs = append(errs, root.SetAttr("training_config", h5.String(string(tc))))
		}
	}
	return errors.Join(errs...)
}

// setNames writes a list of names, split over name0, name1, ... when long;
// an empty list is written as Keras writes it, an empty float64 array.
func setNames(g *h5.WGroup, name string, names []string) error {
	if len(names) == 0 {
		return g.SetAttr(name, h5.Float64s(nil))
	}
	if len(names) <= namesPerAttr {
		return g.SetAttr(name, h5.Strings(names))
	}
	for i := 0; i*namesPerAttr < len(names); i++ {
		chunk := names[i*namesPerAttr : min((i+1)*namesPerAttr, len(names))]
		if err := g.SetAttr(fmt.Sprintf("%s%d", name, i), h5.Strings(chunk)); err != nil {
			return err
		}
	}
	return nil
}

// writeWeightList writes weights as datasets at their name paths under g,
// and their names as g's weight_names.
func writeWeightList(g *h5.WGroup, ws []Weight) error {
	names := make([]string, len(ws))
	groups := map[string]*h5.WGroup{"": g}
	for i, wt := range ws {
		if wt.Name == "" {
			return fmt.Errorf("weight %d has no name", i)
		}
		names[i] = wt.Name
		dir, base := "", wt.Name
		if j := strings.LastIndexByte(wt.Name, '/'); j >= 0 {
			dir, base = wt.Name[:j], wt.Name[j+1:]
		}
		parent, err := subgroup(groups, dir)
		if err != nil {
			return err
		}
		if err := writeTensor(parent, base, wt.Value); err != nil {
			return err
		}
	}
	return setNames(g, "weight_names", names)
}

// subgroup returns the group at the relative path dir, creating it.
func subgroup(groups map[string]*h5.WGroup, dir string) (*h5.WGroup, error) {
	if g, ok := groups[dir]; ok {
		return g, nil
	}
	parent, name := "", dir
	if j := strings.LastIndexByte(dir, '/'); j >= 0 {
		parent, name = dir[:j], dir[j+1:]
	}
	pg, err := subgroup(groups, parent)
	if err != nil {
		return nil, err
	}
	g, err := pg.CreateGroup(name)
	if err != nil {
		return nil, err
	}
	groups[dir] = g
	return g, nil
}
