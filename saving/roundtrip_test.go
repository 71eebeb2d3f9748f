package saving_test

import (
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

func equalTensors(a, b saving.Tensor) bool {
	if a == nil || b == nil || a.DType() != b.DType() || !reflect.DeepEqual(a.Shape(), b.Shape()) {
		return false
	}
	switch x := a.(type) {
	case *tensor.Tensor[float32]:
		return reflect.DeepEqual(x.Data(), b.(*tensor.Tensor[float32]).Data())
	case *tensor.Tensor[float64]:
		return reflect.DeepEqual(x.Data(), b.(*tensor.Tensor[float64]).Data())
	case *tensor.Tensor[int32]:
		return reflect.DeepEqual(x.Data(), b.(*tensor.Tensor[int32]).Data())
	case *tensor.Tensor[int64]:
		return reflect.DeepEqual(x.Data(), b.(*tensor.Tensor[int64]).Data())
	}
	return false
}

func equalWeights(t *testing.T, what string, a, b []saving.Weight) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d weights, then %d", what, len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !equalTensors(a[i].Value, b[i].Value) {
			t.Errorf("%s: weight %d %q differs from %q after the round trip", what, i, a[i].Name, b[i].Name)
		}
	}
}

// TestH5RoundTrip writes every legacy fixture back with WriteH5 and reads
// it again: configs, names and every value are unchanged.
func TestH5RoundTrip(t *testing.T) {
	for rel := range fixtureWeights {
		t.Run(rel, func(t *testing.T) {
			m := readH5File(t, rel)
			data, err := saving.EncodeH5(m)
			if err != nil {
				t.Fatal(err)
			}
			if f, err := saving.DetectFormat(bytes.NewReader(data), int64(len(data))); f != saving.FormatH5 || err != nil {
				t.Errorf("written file detected as %v (%v)", f, err)
			}
			back, err := saving.ReadH5(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if len(back.Layers) != len(m.Layers) {
				t.Fatalf("%d layers, then %d", len(m.Layers), len(back.Layers))
			}
			for i := range m.Layers {
				if back.Layers[i].Name != m.Layers[i].Name {
					t.Errorf("layer %d: %q, then %q", i, m.Layers[i].Name, back.Layers[i].Name)
				}
				equalWeights(t, m.Layers[i].Name, m.Layers[i].Weights, back.Layers[i].Weights)
			}
			equalWeights(t, "optimizer", m.Optimizer, back.Optimizer)
			if (m.Model == nil) != (back.Model == nil) || (m.Compile == nil) != (back.Compile == nil) {
				t.Fatalf("model config present %v/%v, training config %v/%v", m.Model != nil, back.Model != nil, m.Compile != nil, back.Compile != nil)
			}
			if m.Model != nil {
				a, _ := m.Model.Encode(saving.Keras3)
				b, _ := back.Model.Encode(saving.Keras3)
				if !bytes.Equal(a, b) {
					t.Errorf("model config changed:\n%s\n%s", a, b)
				}
			}
		})
	}
}

func nestedArchive(t *testing.T) (*saving.Archive, []byte) {
	data := mustRead(t, "testdata/keras3_nested_container.keras")
	a, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return a, data
}

// TestKerasFile reads the .keras file Keras 3.15 wrote (testdata, from the
// Keras repository's own test data) and checks its content against h5py's
// reading of it (crc32 values from ../internal/h5/testdata/listing.golden).
func TestKerasFile(t *testing.T) {
	a, data := nestedArchive(t)
	if f, _ := saving.DetectFormat(bytes.NewReader(data), int64(len(data))); f != saving.FormatKeras {
		t.Errorf("detected %v", f)
	}
	if v, _ := a.Metadata.String("keras_version"); v != "3.15.0" {
		t.Errorf("keras_version %q", v)
	}
	m := a.Model
	if m.Kind != saving.OtherModel || m.ClassName != "NestedDenseModel" || m.RegisteredName != "legacy_nested_container>NestedDenseModel" || m.Module != "" {
		t.Errorf("model %v %q %q %q", m.Kind, m.ClassName, m.RegisteredName, m.Module)
	}
	if n, err := m.Config.Int("num"); n != 3 || err != nil {
		t.Errorf("num %v %v", n, err)
	}
	want := []struct {
		path, name string
		shapes     [][]int
		crc        []uint32
	}{
		{"", "nested_dense_model", nil, nil},
		{"layers/dense", "d_0", [][]int{{4, 4}}, []uint32{0x04030ec4}},
		{"layers/dense_1", "d_1", [][]int{{4, 4}}, []uint32{0xab17c6ca}},
		{"layers/dense_2", "d_2", [][]int{{4, 4}}, []uint32{0xd72443fb}},
		{"layers/dense_3", "dense", [][]int{{4, 2}, {2}}, []uint32{0x34251b6a, 0x6522df69}},
	}
	if len(a.Vars.Entries) != len(want) {
		t.Fatalf("%d entries", len(a.Vars.Entries))
	}
	for i, w := range want {
		e := a.Vars.Entries[i]
		var shapes [][]int
		var crcs []uint32
		for _, v := range e.Values {
			shapes = append(shapes, v.Shape())
			c, _ := crcFloat32(saving.Weight{Value: v})
			crcs = append(crcs, c)
		}
		if e.Path != w.path || e.Name != w.name || !reflect.DeepEqual(shapes, w.shapes) || !reflect.DeepEqual(crcs, w.crc) {
			t.Errorf("entry %d: %q %q %v %x, want %+v", i, e.Path, e.Name, shapes, crcs, w)
		}
	}
	if a.Vars.Get("layers/dense_3") != a.Vars.Entries[4] || a.Vars.Get("nope") != nil {
		t.Error("Get")
	}
}

func TestKerasFileRoundTrip(t *testing.T) {
	a, _ := nestedArchive(t)
	a.Assets = map[string][]byte{"vocab.txt": []byte("a\nb\n")}
	var first, second bytes.Buffer
	if err := saving.WriteKerasFile(&first, a); err != nil {
		t.Fatal(err)
	}
	b, err := saving.ReadKerasFile(bytes.NewReader(first.Bytes()), int64(first.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if err := saving.WriteKerasFile(&second, b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("writing a read archive again gives different bytes")
	}
	if string(b.Assets["vocab.txt"]) != "a\nb\n" {
		t.Errorf("assets %v", b.Assets)
	}
	for i, e := range a.Vars.Entries {
		f := b.Vars.Entries[i]
		if e.Path != f.Path || e.Name != f.Name || len(e.Values) != len(f.Values) {
			t.Fatalf("entry %d: %+v, then %+v", i, e, f)
		}
		for j := range e.Values {
			if !equalTensors(e.Values[j], f.Values[j]) {
				t.Errorf("entry %s value %d changed", e.Path, j)
			}
		}
	}
	ca, _ := a.Model.MarshalJSON()
	cb, _ := b.Model.MarshalJSON()
	if !bytes.Equal(ca, cb) {
		t.Errorf("config changed:\n%s\n%s", ca, cb)
	}
}

// TestLegacyToKeras converts a Keras 2 fixture into a .keras archive the
// way the model layer will: config in Keras 3's dialect, weights at
// layers/<snake_case class>[_n]/vars, optimizer state at optimizer/vars.
func TestLegacyToKeras(t *testing.T) {
	m := readH5File(t, "dl4j/cnn_batch_norm/cnn_batch_norm.h5")
	store := &saving.VarStore{}
	var n saving.Namer
	if _, err := store.Add("", m.Model.Name); err != nil {
		t.Fatal(err)
	}
	for _, l := range m.Model.Layers {
		var vals []saving.Tensor
		if lw := m.Layer(l.Name); lw != nil {
			for _, w := range lw.Weights {
				vals = append(vals, w.Value)
			}
		}
		if _, err := store.Add("layers/"+n.Name(l.ClassName), l.Name, vals...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.Add("optimizer", "adam", tensor.Scalar[int64](7), tensor.Must(tensor.Zeros[float32](3, 3))); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Add("optimizer", "again"); err == nil {
		t.Error("a path added twice")
	}
	meta := saving.NewParams("metadata").Set("keras_version", "3.6.0").Set("date_saved", "2025-01-01@00:00:00")
	var buf bytes.Buffer
	if err := saving.WriteKerasFile(&buf, &saving.Archive{Metadata: meta, Model: m.Model, Vars: store}); err != nil {
		t.Fatal(err)
	}
	a, err := saving.ReadKerasFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range a.Vars.Entries {
		paths = append(paths, e.Path)
	}
	want := []string{"", "layers/activation", "layers/batch_normalization", "layers/conv2d", "layers/conv2d_1",
		"layers/dense", "layers/flatten", "layers/input_layer", "optimizer"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("paths %v, want %v", paths, want)
	}
	bn := a.Vars.Get("layers/batch_normalization")
	if bn.Name != "batch_normalization_1" || len(bn.Values) != 4 || !equalTensors(bn.Values[0], m.Layer("batch_normalization_1").Weights[0].Value) {
		t.Errorf("batch norm entry %+v", bn)
	}
	if it := a.Vars.Get("optimizer").Values[0].(*tensor.Tensor[int64]); it.Rank() != 0 || it.Data()[0] != 7 {
		t.Errorf("iteration %v", it)
	}
	if a.Model.Dialect != saving.Keras3 || a.Model.Layers[0].ClassName != "InputLayer" {
		t.Errorf("config read back: %v %v", a.Model.Dialect, a.Model.Layers[0].ClassName)
	}
}

func TestWeightsH5RoundTrip(t *testing.T) {
	s := &saving.VarStore{}
	must := func(_ *saving.Vars, err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Add("layers/dense", "dense", tensor.Must(tensor.New([]int{2, 2}, []float32{1, 2, 3, 4})), tensor.FromSlice([]float32{0.5, -0.5})))
	must(s.Add("layers/lstm/cell", "lstm_cell", tensor.FromSlice([]float64{math.Pi})))
	must(s.Add("layers/lstm", "lstm"))
	must(s.Add("optimizer", "", tensor.Scalar[int64](1<<40), tensor.FromSlice([]int32{-1, 2})))
	for _, bad := range []string{"a//b", "layers/vars", "/x", "..", "x/"} {
		if _, err := s.Add(bad, ""); err == nil {
			t.Errorf("path %q accepted", bad)
		}
	}
	data, err := saving.EncodeWeightsH5(s)
	if err != nil {
		t.Fatal(err)
	}
	if f, _ := saving.DetectFormat(bytes.NewReader(data), int64(len(data))); f != saving.FormatWeightsH5 {
		t.Errorf("detected %v", f)
	}
	if _, err := saving.ReadH5(bytes.NewReader(data), int64(len(data))); err == nil || !strings.Contains(err.Error(), "ReadWeightsH5") {
		t.Errorf("ReadH5 of a Keras 3 weights file: %v", err)
	}
	back, err := saving.ReadWeightsH5(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range s.Entries {
		g := back.Get(e.Path)
		if g == nil || g.Name != e.Name || len(g.Values) != len(e.Values) {
			t.Fatalf("%q: %+v", e.Path, g)
		}
		for i := range e.Values {
			if !equalTensors(e.Values[i], g.Values[i]) {
				t.Errorf("%q value %d changed", e.Path, i)
			}
		}
	}
}

func sparseXentTFJS(t *testing.T) *saving.TFJSModel {
	h := readH5File(t, "dl4j/simple_sparse_xent_mlp_keras_2_model.h5")
	m := &saving.TFJSModel{Model: h.Model, Compile: h.Compile}
	for _, l := range h.Layers {
		for _, w := range l.Weights {
			m.Weights = append(m.Weights, saving.Weight{Name: strings.TrimSuffix(w.Name, ":0"), Value: w.Value})
		}
	}
	m.Weights = append(m.Weights, saving.Weight{Name: "steps", Value: tensor.FromSlice([]int32{3, -4})})
	return m
}

func TestTFJSRoundTrip(t *testing.T) {
	m := sparseXentTFJS(t)
	dir := t.TempDir()
	if err := saving.WriteTFJSDir(dir, m, 20); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1+4 { // model.json and 4 shards of 20 bytes for 68 bytes
		t.Errorf("files %v", files)
	}
	js := mustRead(t, filepath.Join(dir, "model.json"))
	if f, _ := saving.DetectFormat(bytes.NewReader(js), int64(len(js))); f != saving.FormatJSON {
		t.Errorf("model.json detected as %v", f)
	}
	back, err := saving.ReadTFJS(os.DirFS(dir), "model.json")
	if err != nil {
		t.Fatal(err)
	}
	equalWeights(t, "weights", m.Weights, back.Weights)
	if back.Format != "layers-model" || back.GeneratedBy != "gokeras" || back.KerasVersion != saving.LegacyKerasVersion || back.Backend != "tensor_flow.js" {
		t.Errorf("header %q %q %q %q", back.Format, back.GeneratedBy, back.KerasVersion, back.Backend)
	}
	if back.Model.Dialect != saving.Keras2 || len(back.Model.Layers) != 3 || back.Compile.Loss != "sparse_categorical_crossentropy" {
		t.Errorf("model %v %d %v", back.Model.Dialect, len(back.Model.Layers), back.Compile.Loss)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, ".*")); len(leftovers) != 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

// tfjsFS builds a model.json with the given manifest weights and one shard.
func tfjsFS(weights string, shard []byte) fstest.MapFS {
	js := `{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [
		{"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 2]}}]},
		"keras_version": "tfjs-layers 4.0.0", "backend": "tensor_flow.js"},
		"trainingConfig": {"loss": "meanSquaredError", "optimizer_config": {"class_name": "SGD", "config": {"learningRate": 0.1}}},
		"weightsManifest": [{"paths": ["m/w.bin"], "weights": [` + weights + `]}]}`
	return fstest.MapFS{"model.json": {Data: []byte(js)}, "m/w.bin": {Data: shard}}
}

func TestTFJSQuantized(t *testing.T) {
	var shard []byte
	shard = append(shard, 0, 10, 255)                           // uint8 quantized float32: q*0.5 - 1
	shard = binary.LittleEndian.AppendUint16(shard, 0x3c00)     // float16 1.0
	shard = binary.LittleEndian.AppendUint16(shard, 0xc000)     // float16 -2.0
	shard = binary.LittleEndian.AppendUint16(shard, 3)          // uint16 quantized int32: round(q*1.5 + 0.2)
	shard = append(shard, 1, 0)                                 // bool
	shard = binary.LittleEndian.AppendUint32(shard, 0xfffffffe) // int32 -2
	weights := `{"name": "a", "shape": [3], "dtype": "float32", "quantization": {"dtype": "uint8", "scale": 0.5, "min": -1}},
		{"name": "b", "shape": [2, 1], "dtype": "float32", "quantization": {"dtype": "float16"}},
		{"name": "c", "shape": [], "dtype": "int32", "quantization": {"dtype": "uint16", "scale": 1.5, "min": 0.2}},
		{"name": "d", "shape": [2], "dtype": "bool"},
		{"name": "e", "shape": [1], "dtype": "int32"}`
	m, err := saving.ReadTFJS(tfjsFS(weights, shard), "model.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []any{[]float32{-1, 4, 126.5}, []float32{1, -2}, []int32{5}, []int32{1, 0}, []int32{-2}}
	for i, w := range m.Weights {
		var got any
		switch x := w.Value.(type) {
		case *tensor.Tensor[float32]:
			got = x.Data()
		case *tensor.Tensor[int32]:
			got = x.Data()
		}
		if !reflect.DeepEqual(got, want[i]) {
			t.Errorf("%s = %v, want %v", w.Name, got, want[i])
		}
	}
	if m.Compile == nil || m.Compile.Optimizer.ClassName != "SGD" || m.KerasVersion != "tfjs-layers 4.0.0" {
		t.Errorf("training config %+v, version %q", m.Compile, m.KerasVersion)
	}
	if m.Model.Layers[0].ClassName != "InputLayer" {
		t.Errorf("layers %v", m.Model.Layers[0].ClassName)
	}
}

func TestTFJSErrors(t *testing.T) {
	f32 := `{"name": "a", "shape": [2], "dtype": "float32"}`
	cases := []struct {
		weights string
		shard   []byte
		want    string
	}{
		{f32, make([]byte, 7), "hold 7 bytes, the manifest declares 8"},
		{f32, make([]byte, 9), "hold 9 bytes"},
		{`{"name": "a", "shape": [2], "dtype": "string"}`, nil, `dtype "string" is not supported`},
		{`{"name": "a", "shape": [2], "dtype": "float32", "quantization": {"dtype": "int4"}}`, nil, `quantization "int4"`},
		{`{"name": "a", "shape": [2], "dtype": "bool", "quantization": {"dtype": "uint8", "scale": 1, "min": 0}}`, nil, "quantization"},
		{`{"name": "a", "shape": [-1], "dtype": "float32"}`, nil, "shape"},
		{`{"name": "a", "shape": [65536, 65536], "dtype": "float32"}`, nil, "shape"},
		{`{"shape": [2], "dtype": "float32"}`, nil, `missing config field "name"`},
	}
	for _, c := range cases {
		_, err := saving.ReadTFJS(tfjsFS(c.weights, c.shard), "model.json")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.weights, err, c.want)
		}
	}
	fsys := tfjsFS(f32, make([]byte, 8))
	fsys["model.json"].Data = bytes.Replace(fsys["model.json"].Data, []byte("m/w.bin"), []byte("../w.bin"), 1)
	if _, err := saving.ReadTFJS(fsys, "model.json"); err == nil || !strings.Contains(err.Error(), "not a relative path") {
		t.Errorf("escaping shard path: %v", err)
	}
	fsys = tfjsFS(f32, make([]byte, 8))
	fsys["model.json"].Data = bytes.Replace(fsys["model.json"].Data, []byte(`"layers-model"`), []byte(`"graph-model"`), 1)
	if _, err := saving.ReadTFJS(fsys, "model.json"); err == nil || !strings.Contains(err.Error(), "graph models") {
		t.Errorf("graph model: %v", err)
	}
	if _, err := saving.ReadTFJS(fstest.MapFS{}, "model.json"); err == nil {
		t.Error("missing model.json accepted")
	}
	w := &saving.TFJSModel{Model: readH5File(t, "dl4j/simple_sparse_xent_mlp_keras_2_model.h5").Model,
		Weights: []saving.Weight{{Name: "big", Value: tensor.FromSlice([]int64{1 << 40})}}}
	if err := saving.WriteTFJSDir(t.TempDir(), w, 0); err == nil || !strings.Contains(err.Error(), "int32") {
		t.Errorf("int64 out of int32 range: %v", err)
	}
}

// fixedValues is the pattern testdata/tfjs_check/make_written.mjs gave the
// weights of the models TensorFlow.js saved: k/8 - 1 for k = 0, 1, ...
func fixedValues(n int) []float32 {
	v := make([]float32, n)
	for k := range v {
		v[k] = float32(k)/8 - 1
	}
	return v
}

// TestTFJSWrittenByTFJS reads models TensorFlow.js 4.22 saved itself
// (testdata/tfjs_written): its Sequential with a training config and
// optimizer weights, and a functional model with two inputs.
func TestTFJSWrittenByTFJS(t *testing.T) {
	seq, err := saving.ReadTFJS(os.DirFS("testdata/tfjs_written/sequential"), "model.json")
	if err != nil {
		t.Fatal(err)
	}
	if seq.GeneratedBy != "TensorFlow.js tfjs-layers v4.22.0" || seq.KerasVersion != "tfjs-layers 4.22.0" {
		t.Errorf("header %q %q", seq.GeneratedBy, seq.KerasVersion)
	}
	m := seq.Model
	if m.Kind != saving.Sequential || m.Name != "seq" || len(m.Layers) != 3 || m.Layers[0].Name != "hidden_input" {
		t.Fatalf("model %v %q %d", m.Kind, m.Name, len(m.Layers))
	}
	if reg, _ := m.Layer("out").Config.Object("kernel_regularizer"); reg == nil || reg.ClassName != "L2" {
		t.Errorf("regularizer %+v", reg)
	}
	shapes := [][]int{{4, 3}, {3}, {3, 2}, {2}}
	for i, w := range seq.Weights {
		if !reflect.DeepEqual(w.Value.Shape(), shapes[i]) || !reflect.DeepEqual(w.Float32().Data(), fixedValues(w.Value.Size())) {
			t.Errorf("weight %s = %v %v", w.Name, w.Value.Shape(), w.Float32().Data())
		}
	}
	if len(seq.Optimizer) != 1 || seq.Optimizer[0].Name != "iter" || seq.Optimizer[0].Value.DType() != "int32" {
		t.Errorf("optimizer weights %+v", seq.Optimizer)
	}
	c := seq.Compile
	if c == nil || c.Loss != "categorical_crossentropy" || c.Optimizer.ClassName != "Adam" {
		t.Fatalf("training config %+v", c)
	}
	if lr, err := c.Optimizer.Config.Float("learning_rate"); err != nil || lr != 0.01 {
		t.Errorf("learning rate %v %v", lr, err)
	}
	fn, err := saving.ReadTFJS(os.DirFS("testdata/tfjs_written"), "functional/model.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := refStrings(fn.Model.Inputs.Refs); !reflect.DeepEqual(got, []string{"a[0][0]", "b[0][0]"}) || fn.Model.ClassName != "Functional" {
		t.Errorf("inputs %v class %q", got, fn.Model.ClassName)
	}
	if inboundString(fn.Model.Layer("cat")) != "a[0][0], b[0][0]" || len(fn.Weights) != 2 {
		t.Errorf("functional model read as %s, %d weights", inboundString(fn.Model.Layer("cat")), len(fn.Weights))
	}
	dir := t.TempDir()
	if err := saving.WriteTFJSDir(dir, seq, 0); err != nil {
		t.Fatal(err)
	}
	back, err := saving.ReadTFJS(os.DirFS(dir), "model.json")
	if err != nil {
		t.Fatal(err)
	}
	equalWeights(t, "weights", seq.Weights, back.Weights)
	equalWeights(t, "optimizer", seq.Optimizer, back.Optimizer)
}
