package models

import (
	"errors"
	"math"
	"path/filepath"
	"testing"

	"github.com/gokeras/gokeras/saving/savingtest"
	"github.com/gokeras/gokeras/tensor"
)

// TestLoadKerasFixtureMLP loads the ★ sparse cross-entropy MLP that
// Keras 2.3.1 saved (full model, and weights only into the rebuilt
// architecture) and checks its predictions against Keras's within 1e-5.
func TestLoadKerasFixtureMLP(t *testing.T) {
	io, err := savingtest.LoadKnownIO("dl4j/simple_sparse_xent_mlp_keras_2")
	if errors.Is(err, savingtest.ErrNoFixtures) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	path, err := savingtest.Path(io.Model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	x := io.Inputs[io.InputOrder[0]]
	want := io.Predictions[io.OutputOrder[0]]
	check := func(what string, m *Model) {
		t.Helper()
		got, err := m.Predict(ctx, x, Verbose(0))
		if err != nil {
			t.Fatal(err)
		}
		g, w := got.Data(), want.Data()
		if len(g) != len(w) {
			t.Fatalf("%s: %d predictions, want %d", what, len(g), len(w))
		}
		worst := 0.0
		for i := range w {
			worst = math.Max(worst, math.Abs(float64(g[i]-w[i])))
		}
		if worst > 1e-5 {
			t.Errorf("%s: predictions differ from Keras's by up to %g", what, worst)
		}
	}
	check("full model", m)

	// The same architecture with new weights, then the weights-only file.
	mc, err := m.ModelConfig()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := FromConfig(mc)
	if err != nil {
		t.Fatal(err)
	}
	wpath, err := savingtest.Path(io.Weights)
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.LoadWeights(wpath); err != nil {
		t.Fatal(err)
	}
	check("weights-only file", fresh)
	if err := fresh.LoadWeights(wpath, ByName(true)); err != nil {
		t.Fatal(err)
	}
	check("weights-only file by name", fresh)

	// Saved by gokeras as .weights.h5 and loaded back.
	out := filepath.Join(t.TempDir(), "m.weights.h5")
	if err := m.SaveWeights(out); err != nil {
		t.Fatal(err)
	}
	again, _ := FromConfig(mc)
	if err := again.LoadWeights(out); err != nil {
		t.Fatal(err)
	}
	check("gokeras .weights.h5", again)
}

// TestLoadWeightsMismatch checks Keras's shape errors and skip_mismatch.
func TestLoadWeightsMismatch(t *testing.T) {
	dir, err := savingtest.Dir()
	if err != nil {
		t.Skip(err)
	}
	x, y := separable(16, 8)
	m := trainedMLP(t, x, y, 0)
	w := filepath.Join(dir, "dl4j/simple_sparse_xent_mlp_keras_2_weights.h5")
	if err := m.LoadWeights(w); err == nil {
		t.Error("weights of another architecture loaded by position")
	}
	before := m.GetWeights()
	if err := m.LoadWeights(w, ByName(true), SkipMismatch(true)); err != nil {
		t.Fatalf("by name, skipping mismatches: %v", err)
	}
	after := m.GetWeights()
	for i := range before {
		sameTensors(t, "untouched weight", before[i].(*tensor.Tensor[float32]), after[i].(*tensor.Tensor[float32]))
	}
}
