package models

import (
	"os"
	"testing"
	"testing/fstest"

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

// TestLoadTFJSOwnTrainingConfig loads a model.json whose trainingConfig
// is TensorFlow.js's own: camelCase loss and optimizer keys, RMSProp's
// discount factor called decay.
func TestLoadTFJSOwnTrainingConfig(t *testing.T) {
	for _, c := range []struct {
		optimizer string
		check     func(o optimizers.Optimizer) bool
	}{
		{`{"class_name": "RMSProp", "config": {"learningRate": 0.01, "decay": 0.95, "momentum": 0.5, "epsilon": 1e-8, "centered": true}}`,
			func(o optimizers.Optimizer) bool {
				r, ok := o.(*optimizers.RMSprop)
				return ok && r.Rho == 0.95 && r.Momentum == 0.5 && r.Epsilon == 1e-8 && r.Centered && r.LearningRate() == float64(float32(0.01))
			}},
		{`{"class_name": "Adam", "config": {"learningRate": 0.1, "beta1": 0.8, "beta2": 0.9, "epsilon": 1e-6}}`,
			func(o optimizers.Optimizer) bool {
				a, ok := o.(*optimizers.Adam)
				return ok && a.Beta1 == 0.8 && a.Beta2 == 0.9 && a.Epsilon == 1e-6
			}},
		{`{"class_name": "SGD", "config": {"learningRate": 0.1}}`,
			func(o optimizers.Optimizer) bool {
				return o.ClassName() == "SGD" && o.LearningRate() == float64(float32(0.1))
			}},
	} {
		js := `{"format": "layers-model", "modelTopology": {"class_name": "Sequential", "config": {"name": "s", "layers": [
			{"class_name": "Dense", "config": {"name": "d", "units": 2, "batch_input_shape": [null, 2]}}]},
			"keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js"},
			"trainingConfig": {"loss": "meanSquaredError", "metrics": ["mae"], "optimizer_config": ` + c.optimizer + `},
			"weightsManifest": [{"paths": ["w.bin"], "weights": [{"name": "d/kernel", "shape": [2, 2], "dtype": "float32"}, {"name": "d/bias", "shape": [2], "dtype": "float32"}]}]}`
		fsys := fstest.MapFS{"model.json": {Data: []byte(js)}, "w.bin": {Data: make([]byte, 24)}}
		m, err := LoadTFJS(fsys, "model.json")
		if err != nil {
			t.Fatal(err)
		}
		if o := m.Optimizer(); o == nil || !c.check(o) {
			t.Errorf("%s: loaded with optimizer %+v", c.optimizer, o)
			continue
		}
		cc, err := m.comp.config()
		if err != nil {
			t.Fatal(err)
		}
		if cc.Loss != "mean_squared_error" {
			t.Errorf("loss %v", cc.Loss)
		}
	}
}
