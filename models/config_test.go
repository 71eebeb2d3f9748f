package models

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// reparse writes mc as Keras 3's JSON and parses it back.
func reparse(t *testing.T, mc *saving.ModelConfig) (*saving.ModelConfig, string) {
	t.Helper()
	data, err := mc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := saving.ParseModelConfig(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return back, string(data)
}

func TestSequentialConfigRoundTrip(t *testing.T) {
	s := NewSequentialNamed("seq", layers.NewDense(5, layers.WithInputDim(3), layers.WithActivation("relu"), layers.WithName("h")),
		layers.NewDropout(0.5, layers.WithName("dr")), layers.NewDense(2, layers.WithName("out")))
	mc, err := s.ModelConfig()
	if err != nil {
		t.Fatal(err)
	}
	back, js := reparse(t, mc)
	for _, want := range []string{`"class_name": "Sequential"`, `"class_name": "InputLayer"`, `"units": 5`, `"rate": 0.5`, `"build_config": {"input_shape": [null, 3]}`} {
		if !strings.Contains(js, want) {
			t.Errorf("config lacks %s:\n%s", want, js)
		}
	}
	m, err := FromConfig(back)
	if err != nil {
		t.Fatal(err)
	}
	if m.Name() != "seq" || !m.sequential || !m.Built() {
		t.Fatalf("rebuilt %q sequential=%v built=%v", m.Name(), m.sequential, m.Built())
	}
	var names []string
	for _, l := range m.Layers() {
		names = append(names, l.LayerBase().Name())
	}
	if got := strings.Join(names, ","); got != "h,dr,out" {
		t.Errorf("layers %s, want h,dr,out", got)
	}
	if m.CountParams() != s.CountParams() {
		t.Errorf("%d parameters, want %d", m.CountParams(), s.CountParams())
	}
	if s := m.Outputs()[0].Shape(); len(s) != 2 || s[1] != 2 {
		t.Errorf("output shape %v", s)
	}
}

func TestFunctionalConfigRoundTrip(t *testing.T) {
	a := layers.InputWith("a", graph.Float32, 4)
	b := layers.InputWith("b", graph.Float32, 4)
	shared := layers.NewDense(3, layers.WithName("shared"))
	ha := layers.Apply(shared, a)[0]
	hb := layers.Apply(shared, b)[0]
	out := layers.Apply(layers.NewDense(1, layers.WithName("out")), ha)[0]
	m, err := NewModel([]*layers.KerasTensor{a, b}, []*layers.KerasTensor{out, hb}, layers.WithName("fn"))
	if err != nil {
		t.Fatal(err)
	}
	mc, err := m.ModelConfig()
	if err != nil {
		t.Fatal(err)
	}
	back, js := reparse(t, mc)
	if !strings.Contains(js, `"class_name": "Functional"`) || !strings.Contains(js, `"__keras_tensor__"`) {
		t.Errorf("not Keras 3's functional form:\n%s", js)
	}
	// The shared layer is called twice: its second call is node 1.
	if r := back.Outputs.Refs[1]; r.Layer != "shared" || r.Node != 1 {
		t.Errorf("second output %v, want shared[1][0]", r)
	}
	m2, err := FromConfig(back)
	if err != nil {
		t.Fatal(err)
	}
	if len(m2.Inputs()) != 2 || len(m2.Outputs()) != 2 || m2.CountParams() != m.CountParams() {
		t.Errorf("rebuilt %d inputs, %d outputs, %d params", len(m2.Inputs()), len(m2.Outputs()), m2.CountParams())
	}
	l, err := m2.GetLayer("shared")
	if err != nil || l.LayerBase().Name() != "shared" {
		t.Errorf("shared layer: %v", err)
	}
}

func TestFromConfigErrors(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "i"}}, {"class_name": "ConvLSTM2D", "config": {"name": "l", "filters": 2}}]}}`, `"ConvLSTM2D"`},
		{`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [null, 3], "name": "i"}}, {"class_name": "Dense", "config": {"name": "d", "units": -2}}]}}`, "units"},
		{`{"class_name": "MyModel", "config": {"name": "s"}}`, `"MyModel"`},
	} {
		mc, err := saving.ParseModelConfig([]byte(tc.json))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := FromConfig(mc); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("FromConfig(%s) = %v, want an error naming %s", tc.json, err, tc.want)
		}
	}
}

// A Keras 2 config's hard_sigmoid is Keras 2's, clip(0.2x+0.5, 0, 1), not
// Keras 3's clip(x/6+0.5, 0, 1); such a model cannot be saved in Keras 3's
// format, where no activation computes it.
func TestKeras2HardSigmoid(t *testing.T) {
	mc, err := saving.ParseModelConfig([]byte(`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 1, "activation": "hard_sigmoid", "batch_input_shape": [null, 1], "kernel_initializer": {"class_name": "Ones", "config": {}}}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if mc.Dialect != saving.Keras2 {
		t.Fatalf("dialect %v, want Keras 2", mc.Dialect)
	}
	m, err := FromConfig(mc)
	if err != nil {
		t.Fatal(err)
	}
	x := tensor.Must(tensor.New([]int{3, 1}, []float32{-1, 1, 3}))
	got, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	// Keras 2: 0.3, 0.7, 1; Keras 3 would give 1/3, 2/3, 1.
	for i, want := range []float32{0.3, 0.7, 1} {
		if d := got.Data()[i] - want; d > 1e-6 || d < -1e-6 {
			t.Errorf("hard_sigmoid(%v) = %v, want Keras 2's %v", x.Data()[i], got.Data()[i], want)
		}
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err == nil || !strings.Contains(err.Error(), "hard_sigmoid") {
		t.Errorf("saving in Keras 3's format: %v, want an error naming hard_sigmoid", err)
	}
}
