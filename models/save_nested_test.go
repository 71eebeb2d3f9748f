package models

import (
	"bytes"
	"path/filepath"
	"slices"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// nestedModel returns a functional model that calls a functional model
// and a Sequential model as layers; with share, a Dense layer of the inner
// functional model is called again by the outer one.
func nestedModel(t *testing.T, share bool) *Model {
	t.Helper()
	layers.SetRandomSeed(21)
	shared := layers.NewDense(3, layers.WithActivation("tanh"), layers.WithName("shared"))
	ii := layers.Input(3)
	inner, err := NewModel([]*layers.KerasTensor{ii}, []*layers.KerasTensor{
		layers.NewDense(3, layers.WithName("inner_out")).Apply(shared.Apply(ii))}, layers.WithName("inner"))
	if err != nil {
		t.Fatal(err)
	}
	seq := NewSequentialNamed("stack")
	for _, l := range []layers.Layer{layers.NewDense(4, layers.WithActivation("relu"), layers.WithInputDim(3)), layers.NewDropout(0.1), layers.NewDense(3)} {
		if err := seq.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	x := layers.Input(3)
	h := layers.NewDense(3, layers.WithName("pre")).Apply(x)
	h = inner.Apply(h)
	h = seq.Apply(h)
	if share {
		h = shared.Apply(h)
	} else {
		h = layers.NewDense(3, layers.WithActivation("tanh"), layers.WithName("post")).Apply(h)
	}
	out := layers.NewDense(1, layers.WithName("head")).Apply(h)
	m, err := NewModel([]*layers.KerasTensor{x}, []*layers.KerasTensor{out}, layers.WithName("outer"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSaveNestedModelsKeras3Layout saves a model holding nested models and
// checks the weight paths against the tree Keras 3's saver walks: a
// nested model is an object of its own at layers/<snake_case class>, its
// layers below it, a layer used at two levels saved where it is first met
// (its name still counted at the second place).
func TestSaveNestedModelsKeras3Layout(t *testing.T) {
	m := nestedModel(t, true)
	if err := m.Compile("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	rng := tensor.NewRNG(4)
	x := tensor.Must(tensor.RandUniform[float32](rng, -1, 1, 16, 3))
	y := tensor.Must(tensor.RandUniform[float32](rng, -1, 1, 16, 1))
	if _, err := m.Fit(ctx, x, y, Epochs(2), BatchSize(4), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	a, err := saving.ReadKerasFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		name string
		n    int
	}
	want := map[string]entry{
		"":                                     {"outer", 0},
		"layers/input_layer":                   {"", 0},
		"layers/dense":                         {"pre", 2},
		"layers/functional":                    {"inner", 0},
		"layers/functional/layers/input_layer": {"", 0},
		"layers/functional/layers/dense":       {"shared", 2},
		"layers/functional/layers/dense_1":     {"inner_out", 2},
		"layers/sequential":                    {"stack", 0},
		"layers/sequential/layers/dense":       {"", 2},
		"layers/sequential/layers/dropout":     {"", 0},
		"layers/sequential/layers/dense_1":     {"", 2},
		// layers/dense_1 would be the shared layer, saved already.
		"layers/dense_2": {"head", 2},
		"optimizer":      {"", -1},
	}
	var got []string
	for _, e := range a.Vars.Entries {
		got = append(got, e.Path)
		w, ok := want[e.Path]
		if !ok {
			t.Errorf("unexpected entry %q (%s, %d values)", e.Path, e.Name, len(e.Values))
			continue
		}
		if w.name != "" && e.Name != w.name {
			t.Errorf("%q is named %q, want %q", e.Path, e.Name, w.name)
		}
		if w.n >= 0 && len(e.Values) != w.n {
			t.Errorf("%q holds %d values, want %d", e.Path, len(e.Values), w.n)
		}
	}
	for p := range want {
		if !slices.Contains(got, p) {
			t.Errorf("no entry %q; entries: %q", p, got)
		}
	}
	if e := a.Vars.Get("layers/functional/layers/dense"); e != nil && len(e.Values) == 2 {
		shared, _ := m.GetLayer("inner")
		sw := shared.(*Model).Layers()[1].LayerBase().Weights()[0].Float32()
		if !tensor.Equal(saving.AsFloat32(e.Values[0]), sw) {
			t.Error("layers/functional/layers/dense/vars/0 is not the shared layer's kernel")
		}
	}

	// The config marks the layer written twice (in the inner model and in
	// the outer one) with one shared_object_id, as Keras 3 does, and the
	// loaded model shares it again.
	js, err := a.Model.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(js, []byte(`"shared_object_id": 1`)); n != 2 {
		t.Errorf("shared_object_id 1 written %d times, want 2:\n%s", n, js)
	}
	want1, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadModelBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got1, err := back.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "predictions of the loaded model", want1, got1)
	outer, _ := back.GetLayer("shared")
	innerM, _ := back.GetLayer("inner")
	if in, _ := innerM.(*Model).GetLayer("shared"); outer == nil || in != outer {
		t.Error("the loaded model has two layers named shared instead of one shared layer")
	}
	if back.CountParams() != m.CountParams() {
		t.Errorf("loaded model has %d params, want %d", back.CountParams(), m.CountParams())
	}

}

// TestSaveLoadNestedModels saves a model holding a functional and a
// Sequential model as layers, as .keras and as .weights.h5, and loads
// both: the loaded models predict bit-identically.
func TestSaveLoadNestedModels(t *testing.T) {
	m := nestedModel(t, false)
	if err := m.Compile("adam", "mse"); err != nil {
		t.Fatal(err)
	}
	rng := tensor.NewRNG(5)
	x := tensor.Must(tensor.RandUniform[float32](rng, -1, 1, 16, 3))
	y := tensor.Must(tensor.RandUniform[float32](rng, -1, 1, 16, 1))
	if _, err := m.Fit(ctx, x, y, Epochs(2), BatchSize(4), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	a, err := saving.ReadKerasFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"layers/functional/layers/dense", "layers/functional/layers/dense_1", "layers/sequential/layers/dense_1", "layers/dense_1"} {
		if e := a.Vars.Get(p); e == nil || len(e.Values) != 2 {
			t.Errorf("no kernel and bias at %q", p)
		}
	}

	want1, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadModelBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got1, err := back.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "predictions of the loaded nested model", want1, got1)

	// The weights alone, into a model of the same architecture.
	path := filepath.Join(t.TempDir(), "nested.weights.h5")
	if err := m.SaveWeights(path); err != nil {
		t.Fatal(err)
	}
	fresh := nestedModel(t, false)
	if err := fresh.LoadWeights(path); err != nil {
		t.Fatal(err)
	}
	got2, err := fresh.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "predictions after LoadWeights", want1, got2)
}
