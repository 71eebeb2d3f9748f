package saving

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"strings"

	"github.com/gokeras/gokeras/saving/internal/h5"
	"github.com/gokeras/gokeras/tensor"
)

// TFJSModel is a TensorFlow.js layers model: model.json (the model's
// topology and a manifest of its weights) and the binary weight shards.
type TFJSModel struct {
	Model   *ModelConfig
	Compile *CompileConfig
	// Weights are in manifest order, named as TensorFlow.js names them
	// ("dense_1/kernel", without Keras's ":0").
	Weights []Weight
	// Optimizer holds the manifest entries of group "optimizer", which
	// TensorFlow.js saves with includeOptimizer ("iter", "dense/kernel/m").
	Optimizer    []Weight
	Format       string // "layers-model"
	GeneratedBy  string
	ConvertedBy  string
	KerasVersion string
	Backend      string
}

// manifestEntry is one weight of a weights manifest.
type manifestEntry struct {
	name  string
	group string
	shape []int
	dtype string
	quant string // "", "uint8", "uint16", "float16"
	scale float64
	min   float64
	n     int // elements
	bytes int // stored bytes
}

// ReadTFJS reads the TensorFlow.js layers model whose model.json is at
// name in fsys (os.DirFS, an embed.FS, ...); shard paths are relative to
// model.json's directory. It reads float32, int32 and bool weights, and the
// weight quantizations uint8 and uint16 (affine, to float32 or rounded to
// int32) and float16; anything else is an error naming it. The shards'
// sizes must add up to what the manifest declares before anything is read.
func ReadTFJS(fsys fs.FS, name string) (*TFJSModel, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("saving: TensorFlow.js model: %w", err)
	}
	if st.Size() > maxJSONMember {
		return nil, fmt.Errorf("saving: TensorFlow.js model: %s is %d bytes, more than %d", name, st.Size(), maxJSONMember)
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("saving: TensorFlow.js model: %w", err)
	}
	m, groups, err := parseTFJS(data)
	if err != nil {
		return nil, err
	}
	dir := path.Dir(name)
	for _, g := range groups {
		ws, err := readGroup(fsys, dir, g)
		if err != nil {
			return nil, err
		}
		for i, w := range ws {
			if g.entries[i].group == "optimizer" {
				m.Optimizer = append(m.Optimizer, w)
			} else {
				m.Weights = append(m.Weights, w)
			}
		}
	}
	return m, nil
}

type weightGroup struct {
	paths   []string
	entries []manifestEntry
}

// parseTFJS reads model.json.
func parseTFJS(data []byte) (*TFJSModel, []weightGroup, error) {
	v, err := decodeJSON(data)
	if err != nil {
		return nil, nil, fmt.Errorf("saving: TensorFlow.js model.json: %w", err)
	}
	top, ok := v.(*Params)
	if !ok {
		return nil, nil, fmt.Errorf("saving: TensorFlow.js model.json: expected a dictionary, received %s", describe(v))
	}
	top.SetOwner("model.json")
	m := &TFJSModel{}
	for _, f := range []struct {
		key string
		dst *string
	}{{"format", &m.Format}, {"generatedBy", &m.GeneratedBy}, {"convertedBy", &m.ConvertedBy}} {
		if *f.dst, err = top.StringOr(f.key, ""); err != nil {
			return nil, nil, err
		}
	}
	if m.Format != "" && m.Format != "layers-model" {
		return nil, nil, fmt.Errorf("saving: TensorFlow.js model.json: format %q is not a layers model (graph models are not supported)", m.Format)
	}
	if err := m.readTopology(top); err != nil {
		return nil, nil, err
	}
	groups, err := parseManifest(top.Raw("weightsManifest"))
	return m, groups, err
}

func (m *TFJSModel) readTopology(top *Params) error {
	topo, err := top.Params("modelTopology")
	if err != nil {
		return err
	}
	if topo == nil {
		return errors.New("saving: TensorFlow.js model.json: no modelTopology")
	}
	cfg := any(topo)
	if topo.Has("model_config") {
		cfg = topo.vals["model_config"]
		m.KerasVersion, _ = topo.vals["keras_version"].(string)
		m.Backend, _ = topo.vals["backend"].(string)
		if tc, ok := topo.vals["training_config"].(*Params); ok {
			if m.Compile, err = compileFromValue(tc); err != nil {
				return err
			}
		}
	}
	if m.Model, err = modelFromValue(cfg); err != nil {
		return fmt.Errorf("saving: TensorFlow.js modelTopology: %w", err)
	}
	if m.KerasVersion == "" {
		m.KerasVersion = m.Model.KerasVersion
	}
	if m.Backend == "" {
		m.Backend = m.Model.Backend
	}
	if tc, ok := top.vals["trainingConfig"].(*Params); ok && m.Compile == nil {
		if m.Compile, err = compileFromValue(tc); err == nil && m.Compile.Optimizer != nil {
			for js, py := range tfjsOptimizerKeys {
				m.Compile.Optimizer.Config.Rename(js, py)
			}
			if strings.EqualFold(m.Compile.Optimizer.ClassName, "RMSProp") {
				// TensorFlow.js's RMSProp calls its discount factor
				// decay; it is Keras's rho, in the same update.
				m.Compile.Optimizer.Config.Rename("decay", "rho")
			}
		}
	}
	return err
}

// tfjsOptimizerKeys maps the configuration keys TensorFlow.js's own
// optimizers save to Keras's.
var tfjsOptimizerKeys = map[string]string{
	"learningRate": "learning_rate", "beta1": "beta_1", "beta2": "beta_2", "useNesterov": "nesterov",
	"initialAccumulatorValue": "initial_accumulator_value",
}

func compileFromValue(p *Params) (*CompileConfig, error) {
	c, err := convert(p, "training config", 0)
	if err != nil {
		return nil, err
	}
	q, ok := c.(*Params)
	if !ok {
		return nil, fmt.Errorf("saving: training config: expected a dictionary")
	}
	return compileFromParams(q)
}

func parseManifest(v any) ([]weightGroup, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("saving: TensorFlow.js weightsManifest: expected a list, received %s", describe(v))
	}
	var groups []weightGroup
	for i, gv := range list {
		gp, ok := gv.(*Params)
		if !ok {
			return nil, fmt.Errorf("saving: TensorFlow.js weightsManifest group %d: expected a dictionary", i)
		}
		gp.SetOwner(fmt.Sprintf("weightsManifest group %d", i))
		var g weightGroup
		var err error
		if g.paths, err = gp.Strings("paths"); err != nil {
			return nil, err
		}
		ws, ok := gp.Raw("weights").([]any)
		if !ok {
			return nil, fmt.Errorf("saving: TensorFlow.js weightsManifest group %d: expected a list of weights", i)
		}
		for _, wv := range ws {
			e, err := parseEntry(wv, i)
			if err != nil {
				return nil, err
			}
			g.entries = append(g.entries, e)
		}
		groups = append(groups, g)
	}
	return groups, nil
}

func parseEntry(v any, group int) (manifestEntry, error) {
	var e manifestEntry
	p, ok := v.(*Params)
	if !ok {
		return e, fmt.Errorf("saving: TensorFlow.js weightsManifest group %d: expected a weight entry, received %s", group, describe(v))
	}
	p.SetOwner(fmt.Sprintf("weightsManifest group %d", group))
	var err error
	if e.name, err = p.String("name"); err != nil {
		return e, err
	}
	p.SetOwner(fmt.Sprintf("weight %q", e.name))
	if e.shape, err = p.Shape("shape"); err != nil {
		return e, err
	}
	if e.dtype, err = p.String("dtype"); err != nil {
		return e, err
	}
	if e.group, err = p.StringOr("group", ""); err != nil {
		return e, err
	}
	e.n = 1
	for _, d := range e.shape {
		if d < 0 || (d > 0 && e.n > math.MaxInt32/d) {
			return e, fmt.Errorf("saving: weight %q: shape %v", e.name, e.shape)
		}
		e.n *= d
	}
	q, err := p.Params("quantization")
	if err != nil {
		return e, err
	}
	return e, e.sizes(q)
}

// sizes fills the entry's quantization and stored size.
func (e *manifestEntry) sizes(q *Params) error {
	elem := map[string]int{"float32": 4, "int32": 4, "bool": 1}[e.dtype]
	if elem == 0 {
		return fmt.Errorf("saving: weight %q: dtype %q is not supported", e.name, e.dtype)
	}
	if q != nil {
		var err error
		if e.quant, err = q.String("dtype"); err != nil {
			return err
		}
		switch {
		case e.quant == "float16" && e.dtype == "float32":
			elem = 2
		case (e.quant == "uint8" || e.quant == "uint16") && e.dtype != "bool":
			elem = map[string]int{"uint8": 1, "uint16": 2}[e.quant]
			if e.scale, err = q.Float("scale"); err == nil {
				e.min, err = q.Float("min")
			}
			if err != nil {
				return err
			}
		default:
			return fmt.Errorf("saving: weight %q: quantization %q of %s weights is not supported", e.name, e.quant, e.dtype)
		}
	}
	e.bytes = e.n * elem
	return nil
}

// readGroup reads one group's shards, in order, as one stream.
func readGroup(fsys fs.FS, dir string, g weightGroup) ([]Weight, error) {
	want := int64(0)
	for _, e := range g.entries {
		want += int64(e.bytes)
	}
	var files []string
	have := int64(0)
	for _, p := range g.paths {
		full := path.Join(dir, p)
		if !fs.ValidPath(full) || path.IsAbs(p) {
			return nil, fmt.Errorf("saving: TensorFlow.js shard path %q is not a relative path inside the model's directory", p)
		}
		st, err := fs.Stat(fsys, full)
		if err != nil {
			return nil, fmt.Errorf("saving: TensorFlow.js shard: %w", err)
		}
		have += st.Size()
		files = append(files, full)
	}
	if have != want {
		return nil, fmt.Errorf("saving: TensorFlow.js shards %v hold %d bytes, the manifest declares %d", g.paths, have, want)
	}
	r := &shardReader{fsys: fsys, files: files}
	defer r.close()
	out := make([]Weight, 0, len(g.entries))
	for _, e := range g.entries {
		raw := make([]byte, e.bytes)
		if _, err := io.ReadFull(r, raw); err != nil {
			return nil, fmt.Errorf("saving: TensorFlow.js weight %q: %w", e.name, err)
		}
		t, err := decodeEntry(e, raw)
		if err != nil {
			return nil, err
		}
		out = append(out, Weight{Name: e.name, Value: t})
	}
	return out, nil
}

// shardReader reads a list of files one after the other, opening each when
// it is reached.
type shardReader struct {
	fsys  fs.FS
	files []string
	cur   fs.File
}

func (s *shardReader) Read(p []byte) (int, error) {
	for {
		if s.cur == nil {
			if len(s.files) == 0 {
				return 0, io.EOF
			}
			f, err := s.fsys.Open(s.files[0])
			if err != nil {
				return 0, err
			}
			s.cur, s.files = f, s.files[1:]
		}
		n, err := s.cur.Read(p)
		if err == io.EOF {
			s.cur.Close()
			s.cur = nil
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

func (s *shardReader) close() {
	if s.cur != nil {
		s.cur.Close()
	}
}

func decodeEntry(e manifestEntry, raw []byte) (Tensor, error) {
	le := binary.LittleEndian
	if e.dtype == "float32" {
		v := make([]float32, e.n)
		for i := range v {
			switch e.quant {
			case "":
				v[i] = math.Float32frombits(le.Uint32(raw[4*i:]))
			case "float16":
				v[i] = h5.HalfToFloat32(le.Uint16(raw[2*i:]))
			default:
				v[i] = float32(quantized(raw, i, e.quant)*e.scale + e.min)
			}
		}
		return newTensor(e.shape, v)
	}
	v := make([]int32, e.n)
	for i := range v {
		switch {
		case e.dtype == "bool":
			if raw[i] != 0 {
				v[i] = 1
			}
		case e.quant == "":
			v[i] = int32(le.Uint32(raw[4*i:]))
		default:
			v[i] = int32(math.Round(quantized(raw, i, e.quant)*e.scale + e.min))
		}
	}
	return newTensor(e.shape, v)
}

func quantized(raw []byte, i int, q string) float64 {
	if q == "uint8" {
		return float64(raw[i])
	}
	return float64(binary.LittleEndian.Uint16(raw[2*i:]))
}

// DefaultShardSize is TensorFlow.js's shard size, 4 MiB.
const DefaultShardSize = 4 << 20

// WriteTFJS writes m as a TensorFlow.js layers model: model.json, then the
// weight shards "group1-shard<i>of<n>.bin" of at most shardSize bytes
// (DefaultShardSize if shardSize <= 0), each file made by create (names
// relative to model.json's directory) and closed when complete. Weights
// are written as float32 or int32: float64 values are rounded to float32
// and int64 values must fit in int32, since TensorFlow.js has neither type.
// The topology is written in the Keras 2 dialect TensorFlow.js reads.
func WriteTFJS(m *TFJSModel, shardSize int, create func(name string) (io.WriteCloser, error)) error {
	if shardSize <= 0 {
		shardSize = DefaultShardSize
	}
	enc, total, err := tfjsEncoders(m.Weights, "")
	if err != nil {
		return err
	}
	opt, optTotal, err := tfjsEncoders(m.Optimizer, "optimizer")
	if err != nil {
		return err
	}
	enc, total = append(enc, opt...), total+optTotal
	nShards := int((total + int64(shardSize) - 1) / int64(shardSize))
	paths := make([]string, nShards)
	for i := range paths {
		paths[i] = fmt.Sprintf("group1-shard%dof%d.bin", i+1, nShards)
	}
	js, err := m.modelJSON(enc, paths)
	if err != nil {
		return err
	}
	if err := writeWhole(create, "model.json", js); err != nil {
		return err
	}
	sw := &shardWriter{create: create, paths: paths, size: int64(shardSize)}
	buf := make([]byte, 0, 1<<16)
	for _, e := range enc {
		for start := 0; start < e.n; {
			k := min(e.n-start, cap(buf)/4)
			buf = e.put(buf[:0], start, k)
			if _, err := sw.Write(buf); err != nil {
				return err
			}
			start += k
		}
	}
	return sw.Close()
}

func writeWhole(create func(string) (io.WriteCloser, error), name string, data []byte) error {
	w, err := create(name)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}

// tfjsEncoder appends the little-endian bytes of a weight's elements.
type tfjsEncoder struct {
	name  string
	group string
	shape []int
	dtype string
	n     int
	put   func(dst []byte, start, count int) []byte
}

func tfjsEncoders(ws []Weight, group string) ([]tfjsEncoder, int64, error) {
	le := binary.LittleEndian
	var out []tfjsEncoder
	var total int64
	for _, w := range ws {
		if w.Value == nil {
			return nil, 0, fmt.Errorf("saving: weight %q has no value", w.Name)
		}
		e := tfjsEncoder{name: w.Name, group: group, shape: w.Value.Shape(), n: w.Value.Size(), dtype: "float32"}
		switch x := w.Value.(type) {
		case *tensor.Tensor[float32]:
			d := x.Data()
			e.put = func(b []byte, s, k int) []byte {
				for _, v := range d[s : s+k] {
					b = le.AppendUint32(b, math.Float32bits(v))
				}
				return b
			}
		case *tensor.Tensor[float64]:
			d := x.Data()
			e.put = func(b []byte, s, k int) []byte {
				for _, v := range d[s : s+k] {
					b = le.AppendUint32(b, math.Float32bits(float32(v)))
				}
				return b
			}
		case *tensor.Tensor[int32]:
			d := x.Data()
			e.dtype = "int32"
			e.put = func(b []byte, s, k int) []byte {
				for _, v := range d[s : s+k] {
					b = le.AppendUint32(b, uint32(v))
				}
				return b
			}
		case *tensor.Tensor[int64]:
			d := x.Data()
			for _, v := range d {
				if v < math.MinInt32 || v > math.MaxInt32 {
					return nil, 0, fmt.Errorf("saving: weight %q: int64 value %d does not fit TensorFlow.js's int32", w.Name, v)
				}
			}
			e.dtype = "int32"
			e.put = func(b []byte, s, k int) []byte {
				for _, v := range d[s : s+k] {
					b = le.AppendUint32(b, uint32(int32(v)))
				}
				return b
			}
		default:
			return nil, 0, fmt.Errorf("saving: weight %q: cannot store a %T", w.Name, w.Value)
		}
		out = append(out, e)
		total += 4 * int64(e.n)
	}
	return out, total, nil
}

func (m *TFJSModel) modelJSON(enc []tfjsEncoder, paths []string) ([]byte, error) {
	if m.Model == nil {
		return nil, errors.New("saving: WriteTFJS: the model has no topology")
	}
	cfg, err := m.Model.Encode(Keras2)
	if err != nil {
		return nil, err
	}
	w := &jsonWriter{dialect: Keras2}
	w.raw(`{"format": "layers-model", "generatedBy": `)
	w.str(orDefault(m.GeneratedBy, "gokeras"))
	w.raw(`, "convertedBy": null, "modelTopology": {"keras_version": `)
	w.str(orDefault(m.KerasVersion, LegacyKerasVersion))
	w.raw(`, "backend": `)
	w.str(orDefault(m.Backend, "tensor_flow.js"))
	w.raw(`, "model_config": `)
	w.raw(string(cfg))
	if m.Compile != nil {
		w.raw(`, "training_config": `)
		w.compile(m.Compile)
	}
	w.raw(`}, "weightsManifest": [{"paths": `)
	w.value(normalizeValue(paths), "")
	w.raw(`, "weights": [`)
	for i, e := range enc {
		if i > 0 {
			w.raw(", ")
		}
		w.raw(`{"name": `)
		w.str(e.name)
		w.raw(`, "shape": `)
		w.value(normalizeValue(e.shape), "")
		w.raw(`, "dtype": `)
		w.str(e.dtype)
		if e.group != "" {
			w.raw(`, "group": `)
			w.str(e.group)
		}
		w.raw("}")
	}
	w.raw("]}]}")
	return w.b.Bytes(), w.err
}

// shardWriter splits a byte stream over shard files of a fixed size.
type shardWriter struct {
	create func(string) (io.WriteCloser, error)
	paths  []string
	size   int64
	cur    io.WriteCloser
	left   int64
	next   int
}

func (s *shardWriter) Write(p []byte) (int, error) {
	done := 0
	for len(p) > 0 {
		if s.cur == nil {
			if s.next >= len(s.paths) {
				return done, errors.New("saving: internal error: more weight bytes than shards")
			}
			w, err := s.create(s.paths[s.next])
			if err != nil {
				return done, err
			}
			s.cur, s.left = w, s.size
			s.next++
		}
		k := int(min(int64(len(p)), s.left))
		n, err := s.cur.Write(p[:k])
		done += n
		s.left -= int64(n)
		if err != nil {
			return done, err
		}
		p = p[k:]
		if s.left == 0 {
			if err := s.cur.Close(); err != nil {
				return done, err
			}
			s.cur = nil
		}
	}
	return done, nil
}

func (s *shardWriter) Close() error {
	if s.cur != nil {
		err := s.cur.Close()
		s.cur = nil
		return err
	}
	return nil
}

// WriteTFJSDir writes m into directory dir (which must exist) with
// WriteTFJS, each file atomically.
func WriteTFJSDir(dir string, m *TFJSModel, shardSize int) error {
	var open []*AtomicFile
	err := WriteTFJS(m, shardSize, func(name string) (io.WriteCloser, error) {
		f, err := CreateAtomic(filepath.Join(dir, filepath.FromSlash(name)), 0o644)
		if err == nil {
			open = append(open, f)
		}
		return f, err
	})
	if err != nil {
		for _, f := range open {
			f.Abort()
		}
	}
	return err
}
