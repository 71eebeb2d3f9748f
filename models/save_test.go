package models

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// trainedMLP returns a small model trained for a few epochs with Adam,
// so that its weights and the optimizer's slots are all non-trivial.
func trainedMLP(t *testing.T, x, y *tensor.Tensor[float32], dropout float64) *Model {
	t.Helper()
	layers.SetRandomSeed(3)
	m := NewSequential(
		layers.NewDense(6, layers.WithActivation("tanh"), layers.WithInputDim(2)),
		layers.NewDropout(dropout),
		layers.NewDense(1, layers.WithActivation("sigmoid")),
	)
	if err := m.Compile(optimizers.NewAdamWith(0.02, 0.9, 0.999, 1e-7), "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Fit(ctx, x, y, Epochs(3), BatchSize(16), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	return m.Model
}

func sameTensors(t *testing.T, what string, a, b *tensor.Tensor[float32]) {
	t.Helper()
	ad, bd := a.Data(), b.Data()
	if len(ad) != len(bd) {
		t.Fatalf("%s: %d values, want %d", what, len(bd), len(ad))
	}
	for i := range ad {
		if ad[i] != bd[i] {
			t.Fatalf("%s: value %d is %v, want %v (bit-identical)", what, i, bd[i], ad[i])
		}
	}
}

func TestSaveLoadPredictsBitIdentically(t *testing.T) {
	x, y := separable(64, 5)
	m := trainedMLP(t, x, y, 0.1)
	want, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.keras")
	if err := m.Save(path, IncludeOptimizer(false)); err != nil {
		t.Fatal(err)
	}
	back, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Optimizer() != nil {
		t.Error("a model saved without its optimizer came back compiled")
	}
	got, err := back.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "predictions", want, got)
	if back.Name() != m.Name() || len(back.Layers()) != 3 {
		t.Errorf("loaded %q with %d layers, want %q with 3", back.Name(), len(back.Layers()), m.Name())
	}
}

func TestSaveLoadResumesTrainingExactly(t *testing.T) {
	x, y := separable(64, 6)
	// Without dropout: the state of the dropout masks' random stream is
	// not part of a .keras file (Keras does not save it either).
	m := trainedMLP(t, x, y, 0)
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := LoadModelBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.Optimizer() == nil || back.Optimizer().ClassName() != "Adam" {
		t.Fatalf("loaded optimizer %v, want Adam", back.Optimizer())
	}
	for _, mm := range []*Model{m, back} {
		if _, err := mm.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	}
	if back.Optimizer().Iterations() != m.Optimizer().Iterations() {
		t.Errorf("iterations %d after reload, want %d", back.Optimizer().Iterations(), m.Optimizer().Iterations())
	}
	a, b := m.Weights(), back.Weights()
	for i := range a {
		sameTensors(t, "weight "+a[i].Name(), a[i].Float32(), b[i].Float32())
	}
}

func TestLoadModelErrors(t *testing.T) {
	x, y := separable(16, 7)
	m := trainedMLP(t, x, y, 0.1)
	a, err := m.archive(nil)
	if err != nil {
		t.Fatal(err)
	}
	a.Model.Layers[1].ClassName = "NoSuchLayer"
	var buf bytes.Buffer
	if err := saving.WriteKerasFile(&buf, a); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadModelBytes(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "NoSuchLayer") {
		t.Errorf("unknown class: error %v, want one naming NoSuchLayer", err)
	}
	if _, err := LoadModelBytes(buf.Bytes()[:buf.Len()/2]); err == nil {
		t.Error("a truncated archive loaded")
	}
	if _, err := LoadModelBytes([]byte("not a model")); err == nil {
		t.Error("garbage loaded")
	}
}

// TestSaveKerasLayout checks the archive against Keras 3's layout: layer
// weights at layers/<snake_case class>[_n] (layers without weights keep
// their name), the optimizer's iterations, learning rate and two Adam
// slots per weight at "optimizer".
func TestSaveKerasLayout(t *testing.T) {
	x, y := separable(16, 10)
	m := trainedMLP(t, x, y, 0.1)
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	a, err := saving.ReadKerasFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for path, n := range map[string]int{"layers/dense": 2, "layers/dropout": 0, "layers/dense_1": 2, "optimizer": 2 + 2*4} {
		e := a.Vars.Get(path)
		if e == nil {
			t.Errorf("no vars at %q", path)
			continue
		}
		if len(e.Values) != n {
			t.Errorf("%q holds %d values, want %d", path, len(e.Values), n)
		}
	}
	if it := a.Vars.Get("optimizer").Values[0]; it.Size() != 1 || !strings.HasPrefix(it.DType(), "int") {
		t.Errorf("iterations saved as %s of shape %v, want an integer scalar", it.DType(), it.Shape())
	}
	if a.Model.Kind != saving.Sequential || a.Model.Compile == nil || a.Model.Compile.Optimizer.ClassName != "Adam" {
		t.Errorf("config: kind %v, compile %+v", a.Model.Kind, a.Model.Compile)
	}
}
