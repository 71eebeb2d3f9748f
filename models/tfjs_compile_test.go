package models

import (
	"os"
	"testing"

	"github.com/gokeras/gokeras/optimizers"
)

// TestLoadTFJSCompiles loads the model TensorFlow.js 4.22 wrote after
// compiling it with Adam (learning rate 0.01), categorical cross-entropy
// and accuracy: its trainingConfig, in TensorFlow.js's own keys, compiles
// the loaded model.
func TestLoadTFJSCompiles(t *testing.T) {
	m, err := LoadTFJS(os.DirFS("../saving/testdata/tfjs_written/sequential"), "model.json")
	if err != nil {
		t.Fatal(err)
	}
	a, ok := m.Optimizer().(*optimizers.Adam)
	if !ok {
		t.Fatalf("optimizer %v, want Adam", m.Optimizer())
	}
	if a.LearningRate() != float64(float32(0.01)) || a.Beta1 != 0.9 || a.Beta2 != 0.999 || a.Epsilon != 1e-7 {
		t.Errorf("Adam %+v, learning rate %v", a, a.LearningRate())
	}
	cc, err := m.comp.config()
	if err != nil {
		t.Fatal(err)
	}
	if ms, _ := cc.Metrics.([]any); cc.Loss != "categorical_crossentropy" || len(ms) != 1 || ms[0] != "accuracy" {
		t.Errorf("loss %v, metrics %v", cc.Loss, cc.Metrics)
	}
}
