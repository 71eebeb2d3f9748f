package saving

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gokeras/gokeras/saving/internal/h5"
)

// Vars holds the variables one Keras 3 object (a layer, the optimizer, a
// metric, the model itself) saves: the datasets "0", "1", ... of the group
// <Path>/vars of a Keras 3 weights file, in order.
type Vars struct {
	// Path is where the object sits in the tree Keras 3 builds by walking
	// the model: "" for the model itself, "layers/dense",
	// "layers/lstm/cell", "optimizer", ... (see SnakeCase and Namer).
	Path string
	// Name is the object's own name, which Keras 3.6 and later record as
	// the "name" attribute of the vars group; "" when absent.
	Name   string
	Values []Tensor
}

// VarStore is the content of a Keras 3 weights file: model.weights.h5
// inside a .keras archive, or a .weights.h5 file.
type VarStore struct {
	Entries []*Vars
}

// Get returns the entry at path, or nil. Like Keras 3, a path under
// "layers" is also looked up under "_layer_checkpoint_dependencies", where
// Keras 2.13 saved them.
func (s *VarStore) Get(path string) *Vars {
	if s == nil {
		return nil
	}
	for _, e := range s.Entries {
		if e.Path == path {
			return e
		}
	}
	if strings.Contains(path, "layers") {
		alt := strings.ReplaceAll(path, "layers", "_layer_checkpoint_dependencies")
		for _, e := range s.Entries {
			if e.Path == alt {
				return e
			}
		}
	}
	return nil
}

// Add appends an entry; it returns an error if path is already present or
// is not a valid path.
func (s *VarStore) Add(path, name string, values ...Tensor) (*Vars, error) {
	if err := checkVarPath(path); err != nil {
		return nil, err
	}
	for _, e := range s.Entries {
		if e.Path == path {
			return nil, fmt.Errorf("saving: variables for %q added twice", path)
		}
	}
	v := &Vars{Path: path, Name: name, Values: values}
	s.Entries = append(s.Entries, v)
	return v, nil
}

func checkVarPath(path string) error {
	if path == "" {
		return nil
	}
	for _, p := range strings.Split(path, "/") {
		if p == "" || p == "." || p == ".." || p == "vars" || strings.ContainsRune(p, 0) {
			return fmt.Errorf("saving: invalid variable path %q", path)
		}
	}
	return nil
}

// ReadWeightsH5 reads a Keras 3 weights file (the layout of .weights.h5
// and of model.weights.h5 in a .keras archive) from the first size bytes of
// r: every group named "vars" becomes an entry, its datasets "0", "1", ...
// its values.
func ReadWeightsH5(r io.ReaderAt, size int64) (*VarStore, error) {
	f, err := h5.Open(r, size)
	if err != nil {
		return nil, fmt.Errorf("saving: weights file: %w", err)
	}
	if _, err := f.Root().Attr("layer_names"); err == nil {
		return nil, errors.New("saving: this is a legacy Keras (2) weights file: read it with ReadH5")
	}
	s := &VarStore{}
	if err := readVarGroups(f.Root(), "", s, 0); err != nil {
		return nil, err
	}
	sort.SliceStable(s.Entries, func(i, j int) bool { return s.Entries[i].Path < s.Entries[j].Path })
	return s, nil
}

func readVarGroups(g *h5.Group, path string, s *VarStore, depth int) error {
	if depth > 64 {
		return fmt.Errorf("saving: weights file: groups nested deeper than 64")
	}
	names, err := g.Names()
	if err != nil {
		return fmt.Errorf("saving: weights file: %w", err)
	}
	for _, n := range names {
		kind, err := g.Kind(n)
		if err != nil {
			return fmt.Errorf("saving: weights file: %w", err)
		}
		if kind != h5.KindGroup {
			continue // datasets outside vars groups belong to no object
		}
		child, err := g.Group(n)
		if err != nil {
			return fmt.Errorf("saving: weights file: %w", err)
		}
		if n == "vars" {
			v, err := readVars(child, path)
			if err != nil {
				return err
			}
			s.Entries = append(s.Entries, v)
			continue
		}
		if err := readVarGroups(child, joinPath(path, n), s, depth+1); err != nil {
			return err
		}
	}
	return nil
}

func joinPath(a, b string) string {
	if a == "" {
		return b
	}
	return a + "/" + b
}

// readVars reads one vars group: datasets named 0..n-1.
func readVars(g *h5.Group, path string) (*Vars, error) {
	v := &Vars{Path: path}
	if a, err := g.Attr("name"); err == nil {
		v.Name, _ = a.String()
	}
	names, err := g.Names()
	if err != nil {
		return nil, fmt.Errorf("saving: weights file: %w", err)
	}
	idx := make([]int, 0, len(names))
	for _, n := range names {
		i, err := strconv.Atoi(n)
		if err != nil || i < 0 || strconv.Itoa(i) != n {
			return nil, fmt.Errorf("saving: weights file: %s/vars holds %q, expected datasets named by their index", path, n)
		}
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for k, i := range idx {
		if i != k {
			return nil, fmt.Errorf("saving: weights file: %s/vars has no dataset %d", path, k)
		}
		d, err := g.Dataset(strconv.Itoa(i))
		if err != nil {
			return nil, fmt.Errorf("saving: weights file: %w", err)
		}
		t, err := readTensor(d)
		if err != nil {
			return nil, fmt.Errorf("saving: weights file: %w", err)
		}
		v.Values = append(v.Values, t)
	}
	return v, nil
}

// WriteWeightsH5 writes s as a Keras 3 weights file, the layout Keras 3's
// load_weights and load_model read: a group per entry path holding a
// "vars" group (with the object's name as its "name" attribute) whose
// datasets are the values, named by index.
func WriteWeightsH5(w io.Writer, s *VarStore) error {
	fw := h5.NewWriter()
	groups := map[string]*h5.WGroup{"": fw.Root()}
	var group func(path string) (*h5.WGroup, error)
	group = func(path string) (*h5.WGroup, error) {
		if g, ok := groups[path]; ok {
			return g, nil
		}
		parent, name := "", path
		if i := strings.LastIndexByte(path, '/'); i >= 0 {
			parent, name = path[:i], path[i+1:]
		}
		pg, err := group(parent)
		if err != nil {
			return nil, err
		}
		g, err := pg.CreateGroup(name)
		groups[path] = g
		return g, err
	}
	for _, e := range s.Entries {
		if err := checkVarPath(e.Path); err != nil {
			return err
		}
		g, err := group(e.Path)
		if err != nil {
			return fmt.Errorf("saving: weights of %q: %w", e.Path, err)
		}
		vars, err := g.CreateGroup("vars")
		if err != nil {
			return fmt.Errorf("saving: weights of %q: %w", e.Path, err)
		}
		if e.Name != "" {
			if err := vars.SetAttr("name", h5.String(e.Name)); err != nil {
				return err
			}
		}
		for i, t := range e.Values {
			if err := writeTensor(vars, strconv.Itoa(i), t); err != nil {
				return fmt.Errorf("saving: weights of %q: %w", e.Path, err)
			}
		}
	}
	_, err := fw.WriteTo(w)
	return err
}

// EncodeWeightsH5 returns s written as a Keras 3 weights file.
func EncodeWeightsH5(s *VarStore) ([]byte, error) {
	var b bytes.Buffer
	err := WriteWeightsH5(&b, s)
	return b.Bytes(), err
}

var (
	nonWord = regexp.MustCompile(`[^\p{L}\p{N}_]+`)
	capWord = regexp.MustCompile(`(.)([A-Z][a-z]+)`)
	lowerUp = regexp.MustCompile(`([a-z])([A-Z])`)
)

// SnakeCase converts a class name as Keras 3 names objects in weight paths
// and auto-generated layer names: "Dense" → "dense", "Conv2D" → "conv2d",
// "BatchNormalization" → "batch_normalization", "PReLU" → "p_re_lu",
// "LSTM" → "lstm".
func SnakeCase(name string) string {
	name = nonWord.ReplaceAllString(name, "")
	name = capWord.ReplaceAllString(name, "${1}_${2}")
	return strings.ToLower(lowerUp.ReplaceAllString(name, "${1}_${2}"))
}

// Namer hands out the names Keras 3 gives the objects of one container
// (a model's layers, a layer's list of sublayers) in a weights file: the
// snake_case of the class, then name_1, name_2, ... for repeats. The zero
// Namer is ready to use; use one per container.
type Namer struct{ used map[string]int }

// Name returns the next name for an object of class className.
func (n *Namer) Name(className string) string { return n.Unique(SnakeCase(className)) }

// Unique returns name the first time and name_1, name_2, ... after.
func (n *Namer) Unique(name string) string {
	if n.used == nil {
		n.used = map[string]int{}
	}
	if c, ok := n.used[name]; ok {
		n.used[name] = c + 1
		return fmt.Sprintf("%s_%d", name, c+1)
	}
	n.used[name] = 0
	return name
}
