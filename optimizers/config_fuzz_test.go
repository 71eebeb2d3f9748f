package optimizers

import (
	"testing"

	"github.com/gokeras/gokeras/saving"
)

// FuzzDeserialize feeds arbitrary serialized optimizers to Deserialize:
// it must not panic, and an optimizer it accepts must serialize, and
// read back to the same config.
func FuzzDeserialize(f *testing.F) {
	for _, s := range []string{
		`"adam"`,
		`{"class_name": "RMSprop", "config": {"lr": 0.001, "rho": 0.9, "decay": 0.0, "epsilon": 1e-07}}`,
		`{"module": "keras.optimizers", "class_name": "Adagrad", "config": {"name": "adagrad", "learning_rate": 0.01, "initial_accumulator_value": 0.1, "epsilon": 1e-07}, "registered_name": null}`,
		`{"class_name": "Ftrl", "config": {"learning_rate_power": -0.5, "beta": 0.1, "use_ema": true, "ema_overwrite_frequency": 3}}`,
		`{"class_name": "SGD", "config": {"learning_rate": {"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "warmup_target": 0.2, "warmup_steps": 2}}, "momentum": 0.9}}`,
		`{"class_name": "Adam", "config": {"learning_rate": {"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [1, 2], "values": [0.1, 0.01, 0.001]}}}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, js string) {
		c, err := saving.ParseCompileConfig([]byte(`{"optimizer": ` + js + `}`))
		if err != nil || c.Optimizer == nil {
			return
		}
		o, err := Deserialize(c.Optimizer)
		if err != nil {
			return
		}
		obj, err := Serialize(o)
		if err != nil {
			t.Fatalf("%s: accepted, but does not serialize: %v", js, err)
		}
		again, err := Deserialize(reparse(t, obj))
		if err != nil {
			t.Fatalf("%s: its serialization %s is refused: %v", js, optimizerJSON(t, obj), err)
		}
		obj2, err := Serialize(again)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := optimizerJSON(t, obj), optimizerJSON(t, obj2); a != b {
			t.Fatalf("%s: written as\n%s\nthen\n%s", js, a, b)
		}
	})
}
