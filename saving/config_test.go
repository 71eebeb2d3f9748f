package saving_test

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving"
)

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustParse(t *testing.T, data []byte) *saving.ModelConfig {
	t.Helper()
	m, err := saving.ParseModelConfig(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestKeras3RoundTrip parses configs written as Keras 3 writes config.json
// (Python's json.dumps of serialize_keras_object) and writes them back: the
// bytes must be identical.
func TestKeras3RoundTrip(t *testing.T) {
	for _, name := range []string{"keras3_sequential_config.json", "keras3_functional_config.json"} {
		data := mustRead(t, "testdata/"+name)
		m := mustParse(t, data)
		if m.Dialect != saving.Keras3 {
			t.Errorf("%s: dialect %v", name, m.Dialect)
		}
		out, err := m.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out, data) {
			t.Errorf("%s: written back differently:\n got %s\nwant %s", name, out, data)
		}
	}
}

func TestKeras3Functional(t *testing.T) {
	m := mustParse(t, mustRead(t, "testdata/keras3_functional_config.json"))
	if m.Kind != saving.Functional || m.Name != "two_towers" || len(m.Layers) != 8 {
		t.Fatalf("kind %v name %q layers %d", m.Kind, m.Name, len(m.Layers))
	}
	if got := refStrings(m.Inputs.Refs); !reflect.DeepEqual(got, []string{"in_a[0][0]", "in_b[0][0]"}) || m.Inputs.Single {
		t.Errorf("inputs %v single %v", got, m.Inputs.Single)
	}
	if got := refStrings(m.Outputs.Refs); !reflect.DeepEqual(got, []string{"head[1][0]"}) || !m.Outputs.Single {
		t.Errorf("outputs %v single %v", got, m.Outputs.Single)
	}
	shared := m.Layer("shared")
	if inboundString(shared) != "in_a[0][0]; in_b[0][0]" {
		t.Errorf("shared layer calls: %s", inboundString(shared))
	}
	cat := m.Layer("concatenate").Inbound[0]
	list, ok := cat.Args[0].([]any)
	if !ok || len(list) != 2 {
		t.Fatalf("Concatenate args %v", cat.Args)
	}
	if r := list[1].(saving.TensorRef); r.Layer != "shared" || r.Node != 1 || !reflect.DeepEqual(r.Shape, []int{-1, 8}) || r.DType != "float32" {
		t.Errorf("second Concatenate input %+v", r)
	}
	mha := m.Layer("mha_é").Inbound[0]
	if got := refStrings(mha.Tensors()); !reflect.DeepEqual(got, []string{"reshape[0][0]", "reshape[0][0]"}) {
		t.Errorf("attention tensors %v", got)
	}
	if v, ok := mha.Kwargs.Raw("value").(saving.TensorRef); !ok || v.Layer != "reshape" {
		t.Errorf("value kwarg %v", mha.Kwargs.Raw("value"))
	}
	if training, err := mha.Kwargs.Bool("training"); err != nil || training {
		t.Errorf("training kwarg %v %v", training, err)
	}
	head := m.Layer("head")
	if head.Model == nil || head.Model.Kind != saving.Sequential || len(head.Model.Layers) != 2 {
		t.Fatalf("nested model %+v", head.Model)
	}
	if dtype, err := m.Layer("shared").Config.DType("dtype"); err != nil || dtype != "float32" {
		t.Errorf("dtype policy %q %v", dtype, err)
	}
	if m.Compile == nil || m.Compile.Optimizer.ClassName != "Adam" || m.Compile.Loss != "mean_squared_error" {
		t.Fatalf("compile %+v", m.Compile)
	}
	if eps, err := m.Compile.Optimizer.Config.Float("epsilon"); err != nil || eps != 1e-7 {
		t.Errorf("epsilon %v %v", eps, err)
	}
	if steps, err := m.Compile.Other.Int("steps_per_execution"); err != nil || steps != 1 {
		t.Errorf("steps_per_execution %v %v", steps, err)
	}
	if m.BuildConfig == nil || m.BuildConfig.Has("input_shape") {
		t.Errorf("build_config %v", m.BuildConfig.Keys())
	}
}

// TestKeras2Dialect writes a Keras 2 fixture-like config in both dialects
// and reads each back to the same architecture.
func TestKeras2Dialect(t *testing.T) {
	const legacy = `{"class_name": "Model", "config": {"name": "m", "layers": [
	 {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "x"}, "name": "x", "inbound_nodes": []},
	 {"class_name": "Dense", "config": {"name": "d", "trainable": true, "batch_input_shape": [null, 3], "dtype": {"class_name": "Policy", "config": {"name": "mixed_float16"}}, "units": 2,
	   "kernel_initializer": {"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "normal", "seed": null}},
	   "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}},
	   "bias_regularizer": {"class_name": "L1L2", "config": {"l1": 0.5, "l2": 0.0}},
	   "activity_regularizer": {"class_name": "L1L2", "config": {"l1": 0.5, "l2": 0.25}}},
	  "name": "d", "inbound_nodes": [[["x", 0, 0, {}]]]},
	 {"class_name": "Add", "config": {"name": "add"}, "name": "add", "inbound_nodes": [[["d", 0, 0, {}], ["x", 0, 0, {}]]]}],
	 "input_layers": [["x", 0, 0]], "output_layers": [["add", 0, 0]]}, "keras_version": "2.2.4", "backend": "tensorflow"}`
	m := mustParse(t, []byte(legacy))
	if m.ClassName != "Functional" || m.Dialect != saving.Keras2 || m.KerasVersion != "2.2.4" {
		t.Errorf("class %q dialect %v version %q", m.ClassName, m.Dialect, m.KerasVersion)
	}
	in := m.Layer("x").Config
	if shape, err := in.Shape("batch_shape"); err != nil || !reflect.DeepEqual(shape, []int{-1, 3}) {
		t.Errorf("InputLayer batch_shape %v %v", shape, err)
	}
	d := m.Layer("d").Config
	if d.Has("batch_input_shape") {
		t.Error("Dense kept batch_input_shape")
	}
	if dt, err := d.DType("dtype"); dt != "mixed_float16" || err != nil {
		t.Errorf("dtype %q %v", dt, err)
	}
	init, _ := d.Object("kernel_initializer")
	if dist, _ := init.Config.String("distribution"); dist != "truncated_normal" {
		t.Errorf("VarianceScaling distribution %q", dist)
	}
	for key, want := range map[string]string{"kernel_regularizer": "L2", "bias_regularizer": "L1", "activity_regularizer": "L1L2"} {
		if o, _ := d.Object(key); o.ClassName != want {
			t.Errorf("%s class %q, want %q", key, o.ClassName, want)
		}
	}
	if got := inboundString(m.Layer("add")); got != "d[0][0], x[0][0]" {
		t.Errorf("add inputs %s", got)
	}
	for _, d := range []saving.Dialect{saving.Keras3, saving.Keras2} {
		out, err := m.Encode(d)
		if err != nil {
			t.Fatal(err)
		}
		back := mustParse(t, out)
		if back.Dialect != d {
			t.Errorf("written as %v, read as %v", d, back.Dialect)
		}
		if inboundString(back.Layer("add")) != "d[0][0], x[0][0]" || back.Layer("d") == nil || len(back.Layers) != 3 {
			t.Errorf("%v: architecture changed: %s", d, out)
		}
		if d == saving.Keras2 && (bytes.Contains(out, []byte(`"module"`)) || !bytes.Contains(out, []byte(`"class_name": "Model"`)) ||
			!bytes.Contains(out, []byte(`"batch_input_shape"`)) || !bytes.Contains(out, []byte(`"dtype": "mixed_float16"`)) ||
			!bytes.Contains(out, []byte(`"kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}}`))) {
			t.Errorf("Keras 2 dialect output: %s", out)
		}
	}
}

// TestKeras2Sequential checks the implicit InputLayer of Keras 2.1's
// list-form Sequential config.
func TestKeras2Sequential(t *testing.T) {
	m := mustParse(t, []byte(`{"class_name": "Sequential", "config": [
		{"class_name": "Dense", "config": {"name": "dense_1", "units": 2, "batch_input_shape": [null, 5], "dtype": "float64"}},
		{"class_name": "Dense", "config": {"name": "dense_2", "units": 1}}]}`))
	if len(m.Layers) != 3 || m.Layers[0].Name != "dense_1_input" || m.Layers[0].ClassName != "InputLayer" {
		t.Fatalf("layers %v", m.Layers)
	}
	if dt, _ := m.Layers[0].Config.DType("dtype"); dt != "float64" {
		t.Errorf("implicit input dtype %q", dt)
	}
}

func TestCompileConfigs(t *testing.T) {
	c, err := saving.ParseCompileConfig([]byte(`{"optimizer_config": {"class_name": "Custom>Adam", "config": {"lr": 0.01, "beta_1": 0.9}},
		"loss": {"out": {"class_name": "CategoricalCrossentropy", "config": {"from_logits": true}}}, "metrics": [["accuracy"]],
		"weighted_metrics": null, "loss_weights": [1.0, 0.5], "sample_weight_mode": null}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Optimizer.ClassName != "Adam" || !c.Optimizer.Config.Has("learning_rate") || c.Optimizer.Config.Has("lr") {
		t.Errorf("optimizer %q %v", c.Optimizer.ClassName, c.Optimizer.Config.Keys())
	}
	loss, ok := c.Loss.(*saving.Params)
	if !ok {
		t.Fatalf("loss %T", c.Loss)
	}
	if o, err := loss.Object("out"); err != nil || o.ClassName != "CategoricalCrossentropy" {
		t.Errorf("loss for out: %v %v", o, err)
	}
	if !c.Other.Has("sample_weight_mode") == c.Other.Has("x") {
		t.Errorf("other fields %v", c.Other.Keys())
	}
	k3, err := c.MarshalJSON()
	if err != nil || !strings.HasPrefix(string(k3), `{"optimizer": {"module": "keras.optimizers", "class_name": "Adam"`) ||
		!strings.Contains(string(k3), `"loss": {"out": {"module": "keras.losses"`) {
		t.Errorf("Keras 3 compile config %s %v", k3, err)
	}
	k2, err := c.EncodeTrainingConfig()
	if err != nil || !strings.HasPrefix(string(k2), `{"optimizer_config": {"class_name": "Adam"`) {
		t.Errorf("Keras 2 training config %s %v", k2, err)
	}
	if c2, err := saving.ParseCompileConfig(k2); err != nil || c2.Optimizer.ClassName != "Adam" {
		t.Errorf("training config read back: %v %v", c2, err)
	}
	if c, err := saving.ParseCompileConfig([]byte(`{"optimizer": "rmsprop", "loss": "mse"}`)); err != nil || !c.Optimizer.Identifier || c.Optimizer.ClassName != "rmsprop" {
		t.Errorf("optimizer by name: %+v %v", c, err)
	}
}

// TestConfigErrors feeds malformed configs: each gives an error naming
// what is wrong and where.
func TestConfigErrors(t *testing.T) {
	cases := []struct{ json, want string }{
		{`not json`, "invalid JSON"},
		{`[1, 2]`, "expected an object with a class_name"},
		{`{"class_name": 3}`, "class_name"},
		{`{"class_name": "Sequential", "config": {"name": "s"}}`, `"layers": expected a list of layers`},
		{`{"class_name": "Sequential", "config": {"layers": [3]}}`, "layer 0: expected a serialized layer"},
		{`{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {}}]}}`, "layer 0 (Dense): missing name"},
		{`{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": {"name": "a"}}, {"class_name": "Dense", "config": {"name": "a"}}]}}`, `two layers are named "a"`},
		{`{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "config": {"name": "a"}, "name": "a"}], "input_layers": [], "output_layers": []}}`, `layer "a" (Dense): inbound_nodes: expected a list`},
		{`{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "config": {"name": "a"}, "name": "a", "inbound_nodes": [[["ghost", 0, 0, {}]]]}], "input_layers": [], "output_layers": [["a", 0, 0]]}}`, `layer "a" refers to layer "ghost"`},
		{`{"class_name": "Functional", "config": {"layers": [], "input_layers": [["x", 0]], "output_layers": []}}`, "expected [layer, node, index]"},
		{`{"class_name": "Functional", "config": {"layers": [], "input_layers": [["x", 0, 0]], "output_layers": []}}`, `refers to layer "x"`},
		{`{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "config": {"name": "a"}, "name": "a", "inbound_nodes": [{"args": 3}]}], "input_layers": [], "output_layers": []}}`, "expected args to be a list"},
		{`{"class_name": "Sequential", "config": {"layers": [{"class_name": "Dense", "config": "units"}]}}`, "expected a dictionary"},
		{`{"class_name": "Sequential", "module": 5, "config": {"layers": []}}`, "module: expected a string"},
		{`{"class_name": "Functional", "config": {"layers": [{"class_name": "Dense", "config": {"name": "a"}, "name": "a", "inbound_nodes": [[{"class_name": "__keras_tensor__", "config": {}}]]}], "input_layers": [], "output_layers": []}}`, "keras_history"},
	}
	for _, c := range cases {
		_, err := saving.ParseModelConfig([]byte(c.json))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n error %v\n want one containing %q", c.json, err, c.want)
		}
	}
}

// TestParamsGetters reads fields as layer constructors do, and checks the
// errors name the layer and field.
func TestParamsGetters(t *testing.T) {
	m := mustParse(t, []byte(`{"class_name": "Sequential", "config": {"layers": [{"class_name": "Conv2D", "config": {
		"name": "conv", "filters": 8, "kernel_size": 3, "strides": [2, 2], "rate": 0.5, "units_f": 3.0, "bad": "x",
		"shape": [null, 4], "on": true, "nothing": null, "names": ["a", "b"], "scales": [1, 2.5], "init": "he_normal", "extra": 1}}]}}`))
	p := m.Layers[0].Config
	if v, err := p.Int("filters"); v != 8 || err != nil {
		t.Errorf("Int: %v %v", v, err)
	}
	if v, err := p.Int("units_f"); v != 3 || err != nil {
		t.Errorf("Int of 3.0: %v %v", v, err)
	}
	if v, err := p.Ints("kernel_size", 2); !reflect.DeepEqual(v, []int{3, 3}) || err != nil {
		t.Errorf("Ints of a scalar: %v %v", v, err)
	}
	if v, err := p.Ints("strides", 2); !reflect.DeepEqual(v, []int{2, 2}) || err != nil {
		t.Errorf("Ints: %v %v", v, err)
	}
	if _, err := p.Ints("strides", 3); err == nil {
		t.Error("a list of 2 read as 3 integers")
	}
	if v, err := p.IntOr("nothing", 7); v != 7 || err != nil {
		t.Errorf("IntOr of null: %v %v", v, err)
	}
	if v, err := p.FloatOr("absent", 0.25); v != 0.25 || err != nil {
		t.Errorf("FloatOr: %v %v", v, err)
	}
	if v, err := p.Shape("shape"); !reflect.DeepEqual(v, []int{-1, 4}) || err != nil {
		t.Errorf("Shape: %v %v", v, err)
	}
	if v, err := p.Strings("names"); !reflect.DeepEqual(v, []string{"a", "b"}) || err != nil {
		t.Errorf("Strings: %v %v", v, err)
	}
	if v, err := p.Floats("scales"); !reflect.DeepEqual(v, []float64{1, 2.5}) || err != nil {
		t.Errorf("Floats: %v %v", v, err)
	}
	if o, err := p.Object("init"); err != nil || !o.Identifier || o.ClassName != "he_normal" {
		t.Errorf("Object of a name: %+v %v", o, err)
	}
	if v, err := p.Bool("on"); !v || err != nil {
		t.Errorf("Bool: %v %v", v, err)
	}
	_, err := p.Int("bad")
	if err == nil || err.Error() != `saving: layer "conv" (Conv2D): config field "bad": expected an integer, received "x"` {
		t.Errorf("Int error: %v", err)
	}
	if _, err := p.Float("rate"); err != nil {
		t.Error(err)
	}
	if _, err := p.String("missing"); err == nil || !strings.Contains(err.Error(), `layer "conv" (Conv2D): missing config field "missing"`) {
		t.Errorf("missing field error: %v", err)
	}
	p.Ignore("name")
	err = p.CheckUsed()
	if err == nil || !strings.HasSuffix(err.Error(), `unrecognized config field(s) "extra"`) {
		t.Errorf("CheckUsed: %v", err)
	}
	if _, err := p.Bool("rate"); err == nil || !strings.Contains(err.Error(), "expected true or false, received 0.5") {
		t.Errorf("Bool error: %v", err)
	}
}

func TestParamsEditing(t *testing.T) {
	p := saving.NewParams(`layer "d" (Dense)`)
	p.Set("units", 4).Set("rate", 1.0).Set("shape", []int{2, 3}).Set("names", []string{"a"}).Set("x", nil)
	p.Set("units", 5)
	p.Rename("rate", "dropout")
	p.Delete("x")
	if got := p.Keys(); !reflect.DeepEqual(got, []string{"units", "dropout", "shape", "names"}) {
		t.Errorf("keys %v", got)
	}
	m := &saving.ModelConfig{Kind: saving.Sequential, Name: "s"}
	m.Object = *saving.NewObject("Sequential")
	m.Layers = []*saving.LayerConfig{{Object: saving.Object{ClassName: "Dense", Config: p}, Name: "d"}}
	out, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if compact, err := json.Marshal(m); err != nil || !json.Valid(compact) {
		t.Errorf("json.Marshal: %s %v", compact, err)
	}
	want := `{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [{"module": "keras.layers", "class_name": "Dense", ` +
		`"config": {"name": "d", "units": 5, "dropout": 1.0, "shape": [2, 3], "names": ["a"]}, "registered_name": null}]}, "registered_name": null}`
	if string(out) != want {
		t.Errorf("written\n %s\nwant\n %s", out, want)
	}
	c := p.Clone()
	c.Set("units", 6)
	if v, _ := p.Int("units"); v != 5 {
		t.Error("Clone shares storage")
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{
		"Dense": "dense", "Conv2D": "conv2d", "BatchNormalization": "batch_normalization", "PReLU": "p_re_lu",
		"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "simple_rnn", "GlobalAveragePooling2D": "global_average_pooling2d",
		"MultiHeadAttention": "multi_head_attention", "LeakyReLU": "leaky_re_lu", "Conv2DTranspose": "conv2d_transpose",
		"DepthwiseConv2D": "depthwise_conv2d", "Adam": "adam", "My.Layer": "my_layer", "ReLU": "re_lu",
	} {
		if got := saving.SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
	var n saving.Namer
	var got []string
	for _, c := range []string{"Dense", "Dense", "Conv2D", "Dense"} {
		got = append(got, n.Name(c))
	}
	if !reflect.DeepEqual(got, []string{"dense", "dense_1", "conv2d", "dense_2"}) {
		t.Errorf("Namer gave %v", got)
	}
}

// TestBuiltConfigs writes configs built in Go rather than parsed, with
// fields left empty.
func TestBuiltConfigs(t *testing.T) {
	dense := &saving.LayerConfig{Object: saving.Object{ClassName: "Dense"}, Name: "d"}
	reg := &saving.Object{ClassName: "L2"}
	dense.Config = saving.NewParams("").Set("kernel_regularizer", reg).Set("bias_regularizer", saving.NewObject("L1"))
	m := &saving.ModelConfig{Kind: saving.Functional, Name: "f", Layers: []*saving.LayerConfig{
		{Object: saving.Object{ClassName: "InputLayer", Config: saving.NewParams("").Set("batch_shape", []int{-1, 2})}, Name: "x"}, dense},
		Inputs:  saving.Endpoints{Refs: []saving.TensorRef{{Layer: "x"}}, Single: true},
		Outputs: saving.Endpoints{Refs: []saving.TensorRef{{Layer: "d"}}, Keys: []string{"out"}}}
	dense.Inbound = []saving.Node{{Args: []any{saving.TensorRef{Layer: "x", Shape: []int{-1, 2}}}}}
	for _, d := range []saving.Dialect{saving.Keras3, saving.Keras2} {
		out, err := m.Encode(d)
		if err != nil {
			t.Fatal(err)
		}
		back, err := saving.ParseModelConfig(out)
		if err != nil {
			t.Fatalf("%v: %v\n%s", d, err, out)
		}
		if inboundString(back.Layer("d")) != "x[0][0]" || back.Name != "f" {
			t.Errorf("%v: read back %s", d, out)
		}
		if d == saving.Keras3 && (!bytes.Contains(out, []byte(`"output_layers": {"out": ["d", 0, 0]}`)) || !bytes.Contains(out, []byte(`"input_layers": ["x", 0, 0]`))) {
			t.Errorf("endpoints: %s", out)
		}
		if d == saving.Keras2 && !bytes.Contains(out, []byte(`"bias_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.0}}`)) {
			t.Errorf("L1 with no factor: %s", out)
		}
	}
}
