package saving_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/saving/savingtest"
)

// The expected values of these tests come from h5py and Python's json
// module, not from this package: testdata/h5py_fixture_facts.py printed
// them once into fixture_facts_test.go.

type wantWeight struct {
	name  string
	shape []int
	crc   uint32 // crc32 of the values as float32, little-endian
	first float64
}

type wantLayerWeights struct {
	layer   string // "<optimizer>" for the optimizer weights
	weights []wantWeight
}

type wantLayer struct {
	class, name string
	inbound     string // "a[0][0], b[0][0]" per call, calls separated by "; "
}

type wantModel struct {
	class           string
	layers          []wantLayer
	inputs, outputs []string
}

func fixture(t *testing.T, rel string) string {
	t.Helper()
	p, err := savingtest.Path(rel)
	if err != nil {
		t.Skip(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("fixture %s missing: %v", rel, err)
	}
	return p
}

// openReaderAt opens a file as an io.ReaderAt (the *os.File itself, not
// its bytes in memory).
func openReaderAt(t *testing.T, path string) (*os.File, int64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return f, st.Size()
}

func readH5File(t *testing.T, rel string) *saving.H5Model {
	t.Helper()
	f, size := openReaderAt(t, fixture(t, rel))
	if fm, err := saving.DetectFormat(f, size); err != nil || fm != saving.FormatH5 {
		t.Fatalf("%s: DetectFormat = %v, %v; want legacy HDF5", rel, fm, err)
	}
	m, err := saving.ReadH5(f, size)
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return m
}

func crcFloat32(w saving.Weight) (uint32, float64) {
	v := w.Float32().Data()
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	first := 0.0
	if len(v) > 0 {
		first = float64(v[0])
	}
	return crc32.ChecksumIEEE(b), first
}

// TestFixtureWeights reads every legacy HDF5 fixture and checks every
// layer's weights (name, shape, a crc32 of all values, the first value) and
// the optimizer's weights against what h5py read.
func TestFixtureWeights(t *testing.T) {
	for rel, want := range fixtureWeights {
		t.Run(rel, func(t *testing.T) {
			m := readH5File(t, rel)
			var got []wantLayerWeights
			for _, l := range m.Layers {
				got = append(got, wantLayerWeights{l.Name, describeWeights(l.Weights)})
			}
			if m.Optimizer != nil {
				got = append(got, wantLayerWeights{"<optimizer>", describeWeights(m.Optimizer)})
			}
			if len(got) != len(want) {
				t.Fatalf("%d layers (with the optimizer), want %d", len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("layer %d:\n got %+v\nwant %+v", i, got[i], want[i])
				}
			}
		})
	}
}

func describeWeights(ws []saving.Weight) []wantWeight {
	out := []wantWeight{}
	for _, w := range ws {
		crc, first := crcFloat32(w)
		out = append(out, wantWeight{w.Name, w.Value.Shape(), crc, first})
	}
	return out
}

// modelConfigOf returns a fixture's parsed model config: the model_config
// attribute of an HDF5 file, or a to_json file.
func modelConfigOf(t *testing.T, rel string) *saving.ModelConfig {
	if strings.HasSuffix(rel, ".json") {
		data, err := os.ReadFile(fixture(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		m, err := saving.ParseModelConfig(data)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		return m
	}
	return readH5File(t, rel).Model
}

// TestFixtureArchitectures parses every fixture's model config and checks
// each layer's class, name and inbound connections, and the model's inputs
// and outputs, against what Python's json module read. Keras 2 Sequential
// models without an InputLayer gain the one Keras 2 created implicitly,
// named "<first layer>_input".
func TestFixtureArchitectures(t *testing.T) {
	for rel, want := range fixtureArchitectures {
		t.Run(rel, func(t *testing.T) {
			m := modelConfigOf(t, rel)
			if m.Dialect != saving.Keras2 {
				t.Errorf("dialect %v, want Keras 2", m.Dialect)
			}
			wantClass := map[string]string{"Model": "Functional"}[want.class]
			if wantClass == "" {
				wantClass = want.class
			}
			if m.ClassName != wantClass {
				t.Errorf("class %q, want %q", m.ClassName, wantClass)
			}
			layers := want.layers
			if want.class == "Sequential" && layers[0].class != "InputLayer" {
				layers = append([]wantLayer{{"InputLayer", layers[0].name + "_input", ""}}, layers...)
			}
			var got []wantLayer
			for _, l := range m.Layers {
				got = append(got, wantLayer{l.ClassName, l.Name, inboundString(l)})
			}
			if !reflect.DeepEqual(got, layers) {
				t.Errorf("layers:\n got %v\nwant %v", got, layers)
			}
			if want.inputs != nil {
				if g := refStrings(m.Inputs.Refs); !reflect.DeepEqual(g, want.inputs) {
					t.Errorf("inputs %v, want %v", g, want.inputs)
				}
				if g := refStrings(m.Outputs.Refs); !reflect.DeepEqual(g, want.outputs) {
					t.Errorf("outputs %v, want %v", g, want.outputs)
				}
			}
		})
	}
}

func inboundString(l *saving.LayerConfig) string {
	var nodes []string
	for _, n := range l.Inbound {
		nodes = append(nodes, strings.Join(refStrings(n.Tensors()), ", "))
	}
	return strings.Join(nodes, "; ")
}

func refStrings(refs []saving.TensorRef) []string {
	var out []string
	for _, r := range refs {
		out = append(out, r.String())
	}
	return out
}

// TestFixtureLayerConfigs reads layer fields through the typed getters, as
// a layer constructor will, checking values stated in the fixture README.
func TestFixtureLayerConfigs(t *testing.T) {
	check := func(t *testing.T, got, want any, err error) {
		t.Helper()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %v (%v), want %v", got, err, want)
		}
	}
	t.Run("cnn_batch_norm", func(t *testing.T) {
		m := modelConfigOf(t, "dl4j/cnn_batch_norm/cnn_batch_norm.h5")
		shape, err := m.Layer("conv2d_1_input").Config.Shape("batch_shape")
		check(t, shape, []int{-1, 10, 10, 3}, err)
		conv := m.Layer("conv2d_1").Config
		filters, err := conv.Int("filters")
		check(t, filters, 1, err)
		ks, err := conv.Ints("kernel_size", 2)
		check(t, ks, []int{3, 3}, err)
		pad, err := conv.String("padding")
		check(t, pad, "valid", err)
		init, err := conv.Object("kernel_initializer")
		check(t, init.ClassName, "VarianceScaling", err)
		dist, err := init.Config.String("distribution")
		check(t, dist, "uniform", err)
		bn := m.Layer("batch_normalization_1").Config
		eps, err := bn.Float("epsilon")
		check(t, eps, 1e-3, err)
		axis, err := bn.Ints("axis", 1)
		check(t, axis, []int{-1}, err)
	})
	t.Run("simple_flatten_lstm", func(t *testing.T) {
		m := modelConfigOf(t, "dl4j/simple_flatten_lstm_tf_keras_2_config.json")
		if m.KerasVersion != "2.1.3" || m.Backend != "tensorflow" {
			t.Errorf("version %q backend %q", m.KerasVersion, m.Backend)
		}
		shape, err := m.Layers[0].Config.Shape("batch_shape")
		check(t, shape, []int{25, 1, 1}, err)
		lstm := m.Layer("lstm_1").Config
		ra, err := lstm.String("recurrent_activation")
		check(t, ra, "hard_sigmoid", err)
		units, err := lstm.Int("units")
		check(t, units, 50, err)
		if lstm.Has("batch_input_shape") {
			t.Error("batch_input_shape left on the LSTM")
		}
	})
	t.Run("issue_9349", func(t *testing.T) {
		h := readH5File(t, "dl4j/issue_9349.hdf5")
		dtype, err := h.Model.Layer("input_1").Config.DType("dtype")
		check(t, dtype, "uint16", err)
		rate, err := h.Model.Layer("dropout").Config.Float("rate")
		check(t, rate, 0.2584, err)
		opt := h.Compile.Optimizer
		check(t, opt.ClassName, "Adam", nil)
		lr, err := opt.Config.Float("learning_rate")
		check(t, float32(lr), float32(0.001145), err)
		check(t, h.Compile.Loss, "categorical_crossentropy", nil)
		check(t, h.KerasVersion, "2.4.0", nil)
	})
	t.Run("keras-attention", func(t *testing.T) {
		h := readH5File(t, "dl4j/keras-attention.h5")
		check(t, h.Compile.Optimizer.ClassName, "Adam", nil) // written as Custom>Adam
		score, err := h.Model.Layer("attention").Config.String("score_mode")
		check(t, score, "dot", err)
		check(t, h.Compile.Loss, "mean_squared_error", nil)
	})
	t.Run("str_ww", func(t *testing.T) {
		m := modelConfigOf(t, "mlcommons_tiny/str_ww_ref_model.h5")
		axis, err := m.Layer("batch_normalization").Config.Ints("axis", 0)
		check(t, axis, []int{3}, err)
		bias, err := m.Layer("conv2d").Config.Bool("use_bias")
		check(t, bias, false, err)
	})
	t.Run("simple_sparse_xent", func(t *testing.T) {
		h := readH5File(t, "dl4j/simple_sparse_xent_mlp_keras_2_model.h5")
		check(t, h.Compile.Loss, "sparse_categorical_crossentropy", nil)
		check(t, h.Compile.Metrics, []any{"accuracy"}, nil)
		check(t, h.Compile.Optimizer.ClassName, "RMSprop", nil)
		if !h.Compile.Optimizer.Config.Has("learning_rate") {
			t.Error("optimizer has no learning_rate")
		}
	})
	t.Run("simple_rnn lr", func(t *testing.T) {
		h := readH5File(t, "dl4j/simple_rnn_tf_keras_2_model.h5")
		lr, err := h.Compile.Optimizer.Config.Float("learning_rate") // Keras 2.1 wrote "lr"
		if err != nil || lr <= 0 {
			t.Errorf("learning_rate %v (%v)", lr, err)
		}
	})
}

// TestKotlinDLOrderMatching checks the KotlinDL pair, whose weights file
// and model.json come from different runs: the layers with weights match
// by position (Keras's default) with equal shapes, though not by name.
func TestKotlinDLOrderMatching(t *testing.T) {
	w := readH5File(t, "kotlindl/lstm/weights.h5")
	if w.Model != nil {
		t.Error("weights-only file has a model config")
	}
	m := modelConfigOf(t, "kotlindl/lstm/model.json")
	var withWeights []string
	for _, l := range m.Layers {
		if l.ClassName == "LSTM" || l.ClassName == "Dense" {
			withWeights = append(withWeights, l.Name)
		}
	}
	got := w.WithWeights()
	if len(got) != len(withWeights) {
		t.Fatalf("%d layers with weights, model has %d", len(got), len(withWeights))
	}
	wantShapes := [][][]int{
		{{41, 256}, {64, 256}, {256}}, {{64, 256}, {64, 256}, {256}}, {{64, 256}, {64, 256}, {256}}, {{64, 41}, {41}},
	}
	for i, l := range got {
		var shapes [][]int
		for _, wt := range l.Weights {
			shapes = append(shapes, wt.Value.Shape())
		}
		if !reflect.DeepEqual(shapes, wantShapes[i]) {
			t.Errorf("%s (for %s): shapes %v, want %v", l.Name, withWeights[i], shapes, wantShapes[i])
		}
	}
	if b := got[0].Weights[0].BaseName(); b != "kernel" || got[0].Weights[0].Name != "lstm_9/lstm_cell_9/kernel:0" {
		t.Errorf("first weight %q (base %q)", got[0].Weights[0].Name, b)
	}
}

// TestHDF5NamedKeras checks the hls4ml file: HDF5 under a .keras name, which
// format detection recognizes by content.
func TestHDF5NamedKeras(t *testing.T) {
	f, size := openReaderAt(t, fixture(t, "hls4ml/hostpipe_parallel_keras_model.keras"))
	if _, err := saving.ReadKerasFile(f, size); err == nil || !strings.Contains(err.Error(), "ReadH5") {
		t.Errorf("ReadKerasFile error %v, want one pointing to ReadH5", err)
	}
	m := readH5File(t, "hls4ml/hostpipe_parallel_keras_model.keras")
	bias := m.Layer("gru").Weights[2]
	if bias.Name != "gru/gru_cell/bias:0" || !reflect.DeepEqual(bias.Value.Shape(), []int{2, 48}) {
		t.Errorf("GRU bias %q %v", bias.Name, bias.Value.Shape())
	}
	reset, err := m.Model.Layer("gru").Config.Bool("reset_after")
	if err != nil || !reset {
		t.Errorf("reset_after %v %v", reset, err)
	}
}

// TestKnownIO reads the known inputs and outputs of the ★ fixtures, the
// values the model-level tests compare predictions with.
func TestKnownIO(t *testing.T) {
	if _, err := savingtest.Dir(); err != nil {
		t.Skip(err)
	}
	want := map[string]struct {
		in, out []int
		first   float32
		loss    float64
	}{
		"dl4j/cnn_batch_norm":                 {[]int{5, 10, 10, 3}, []int{5, 1}, -0.0520611, math.NaN()},
		"dl4j/simple_flatten_lstm_tf_keras_2": {[]int{25, 1, 1}, []int{25, 1}, 0, 0},
		"dl4j/simple_rnn_tf_keras_2":          {[]int{25, 1, 1}, []int{25, 1}, 0, 0},
		"dl4j/simple_sparse_xent_mlp_keras_2": {[]int{3, 4}, []int{3, 3}, 0.43900433, 1.1552067},
	}
	for _, name := range savingtest.KnownIONames() {
		k, err := savingtest.LoadKnownIO(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		w := want[name]
		in, out := k.Inputs[k.InputOrder[0]], k.Predictions[k.OutputOrder[0]]
		if !reflect.DeepEqual(in.Shape(), w.in) || !reflect.DeepEqual(out.Shape(), w.out) {
			t.Errorf("%s: input %v output %v", name, in.Shape(), out.Shape())
		}
		if w.first != 0 && math.Abs(float64(out.Data()[0]-w.first)) > 1e-7 {
			t.Errorf("%s: first prediction %v, want %v", name, out.Data()[0], w.first)
		}
		if w.loss != 0 && !(math.IsNaN(w.loss) && math.IsNaN(k.Loss)) && math.Abs(k.Loss-w.loss) > 1e-6 {
			t.Errorf("%s: loss %v, want %v", name, k.Loss, w.loss)
		}
		m := readH5File(t, k.Model)
		if m.Model.Layer(k.InputOrder[0]) == nil || m.Model.Layer(k.OutputOrder[0]) == nil {
			t.Errorf("%s: model has no layer %s or %s", name, k.InputOrder[0], k.OutputOrder[0])
		}
	}
	k, _ := savingtest.LoadKnownIO("dl4j/cnn_batch_norm")
	readme := []float64{-0.0520611, 0.04986075, 0.16297522, 0.15389983, 0.15537278} // the fixture README
	for i, v := range k.Predictions["dense_1"].Data() {
		if math.Abs(float64(v)-readme[i]) > 1e-7 {
			t.Errorf("cnn_batch_norm prediction %d = %v, want %v", i, v, readme[i])
		}
	}
	if _, err := savingtest.LoadKnownIO("nope"); err == nil {
		t.Error("unknown fixture accepted")
	}
}

func TestFixturesFromMemory(t *testing.T) {
	data, err := os.ReadFile(fixture(t, "dl4j/simple_sparse_xent_mlp_keras_2_weights.h5"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := saving.ReadH5(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if m.Model != nil || len(m.Layers) != 2 || len(m.Layers[1].Weights) != 0 {
		t.Errorf("weights-only file read as %+v", m)
	}
}
