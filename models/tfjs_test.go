package models

import (
	"os"
	"testing"
)

func TestTFJSRoundTripPredictsBitIdentically(t *testing.T) {
	x, y := separable(32, 9)
	m := trainedMLP(t, x, y, 0.1)
	want, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := m.SaveTFJS(dir); err != nil {
		t.Fatal(err)
	}
	back, err := LoadModel(dir + "/model.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	sameTensors(t, "predictions", want, got)
}

// TestLoadTFJSWrittenByTFJS loads the two models TensorFlow.js 4.22.0
// saved (every weight's k-th value k/8 − 1) and checks every weight.
func TestLoadTFJSWrittenByTFJS(t *testing.T) {
	for _, dir := range []string{"sequential", "functional"} {
		m, err := LoadTFJS(os.DirFS("../saving/testdata/tfjs_written/"+dir), "model.json")
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		var names []string
		for _, l := range m.savedLayers() {
			for _, v := range layerVars(l) {
				names = append(names, v.Name())
				for k, got := range v.Float32().Data() {
					if want := float32(k)/8 - 1; got != want {
						t.Fatalf("%s: %s[%d] = %v, want %v", dir, v.Name(), k, got, want)
					}
				}
			}
		}
		if dir == "functional" && len(m.Inputs()) != 2 {
			t.Errorf("functional: %d inputs, want 2", len(m.Inputs()))
		}
		if len(names) == 0 {
			t.Errorf("%s: the model has no weights", dir)
		}
	}
}
