package optimizers

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/optimizers/schedules"
	"github.com/gokeras/gokeras/saving"
)

// optimizerJSON returns the JSON Keras 3's compile_config would hold for
// o's serialized object, as gokeras writes it.
func optimizerJSON(t *testing.T, obj *saving.Object) string {
	t.Helper()
	b, err := (&saving.CompileConfig{Optimizer: obj, Other: saving.NewParams("")}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Optimizer json.RawMessage `json:"optimizer"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	// The writer's spacing is kept: RawMessage holds the bytes as written.
	return string(raw.Optimizer)
}

// reparse writes obj into a compile config's JSON and parses it back.
func reparse(t *testing.T, obj *saving.Object) *saving.Object {
	t.Helper()
	b, err := (&saving.CompileConfig{Optimizer: obj, Other: saving.NewParams("")}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	c, err := saving.ParseCompileConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	return c.Optimizer
}

// parseOptimizer parses a serialized optimizer given as JSON.
func parseOptimizer(t *testing.T, js string) *saving.Object {
	t.Helper()
	c, err := saving.ParseCompileConfig([]byte(`{"optimizer": ` + js + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return c.Optimizer
}

// exported returns the exported fields of the struct o points to,
// embedded structs (Base, Adam) flattened, by name.
func exported(o any) map[string]any {
	out := map[string]any{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if f.Anonymous {
				walk(v.Field(i))
			} else if f.IsExported() {
				out[f.Name] = v.Field(i).Interface()
			}
		}
	}
	walk(reflect.ValueOf(o).Elem())
	return out
}

// everyOptimizer returns one optimizer of every class with every argument
// away from its default.
func everyOptimizer() []Optimizer {
	return []Optimizer{
		NewSGD(WithLearningRate(0.05), WithMomentum(0.8), WithNesterov(true), WithName("my_sgd"), WithClipnorm(1.5)),
		NewRMSprop(WithLearningRate(0.003), WithRho(0.8), WithMomentum(0.5), WithEpsilon(1e-6), WithCentered(true), WithWeightDecay(0.01)),
		NewAdam(WithLearningRate(0.02), WithBeta1(0.8), WithBeta2(0.99), WithEpsilon(1e-8), WithAmsgrad(true), WithGlobalClipnorm(2)),
		NewAdamW(WithLearningRate(0.01), WithWeightDecay(0.1), WithBeta1(0.85), WithAmsgrad(true), WithClipvalue(0.5)),
		NewAdagrad(WithLearningRate(0.1), WithInitialAccumulatorValue(0.5), WithEpsilon(1e-5), WithUseEMA(true), WithEMAMomentum(0.9), WithEMAOverwriteFrequency(3)),
		NewAdadelta(WithLearningRate(1), WithRho(0.9), WithEpsilon(1e-6)),
		NewAdamax(WithLearningRate(0.002), WithBeta1(0.7), WithBeta2(0.9), WithEpsilon(1e-6)),
		NewNadam(WithLearningRate(0.004), WithBeta1(0.8), WithBeta2(0.95), WithEpsilon(1e-6)),
		NewLion(WithLearningRate(0.0003), WithBeta1(0.95), WithBeta2(0.98)),
		NewFtrl(WithLearningRate(0.2), WithLearningRatePower(-0.7), WithInitialAccumulatorValue(0.3), WithL1RegularizationStrength(0.01),
			WithL2RegularizationStrength(0.02), WithL2ShrinkageRegularizationStrength(0.03), WithBeta(0.4)),
		NewLamb(WithLearningRate(0.01), WithBeta1(0.85), WithBeta2(0.9), WithEpsilon(1e-6)),
		NewAdam(WithLearningRate(schedules.NewExponentialDecay(0.1, 7, 0.5)), WithName("scheduled")),
		NewSGD(WithLearningRate(&schedules.CosineDecay{InitialLearningRate: 0.1, DecaySteps: 9, WarmupTarget: new(0.2), WarmupSteps: 2, Name: "warm"})),
	}
}

func TestEveryOptimizerConfigRoundTrips(t *testing.T) {
	seen := map[string]bool{}
	for _, o := range everyOptimizer() {
		if err := o.(interface{ Err() error }).Err(); err != nil {
			t.Fatal(err)
		}
		seen[o.ClassName()] = true
		obj, err := Serialize(o)
		if err != nil {
			t.Fatalf("%s: %v", o.ClassName(), err)
		}
		js := optimizerJSON(t, obj)
		back, err := Deserialize(reparse(t, obj))
		if err != nil {
			t.Fatalf("%s: %v\n%s", o.ClassName(), err, js)
		}
		if reflect.TypeOf(back) != reflect.TypeOf(o) {
			t.Fatalf("%s came back as %T", o.ClassName(), back)
		}
		if a, b := exported(o), exported(back); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: fields %v after the round trip, want %v", o.ClassName(), b, a)
		}
		b1 := o.(interface{ Name() string }).Name()
		b2 := back.(interface{ Name() string }).Name()
		if b1 != b2 || o.LearningRate() != back.LearningRate() {
			t.Errorf("%s: name %q, learning rate %v after the round trip, want %q, %v", o.ClassName(), b2, back.LearningRate(), b1, o.LearningRate())
		}
		obj2, err := Serialize(back)
		if err != nil {
			t.Fatal(err)
		}
		if js2 := optimizerJSON(t, obj2); js2 != js {
			t.Errorf("%s: written again as\n%s\nwant\n%s", o.ClassName(), js2, js)
		}
		if !strings.HasPrefix(js, `{"module": "keras.optimizers", "class_name": "`+o.ClassName()+`", "config": {"name": `) ||
			!strings.HasSuffix(js, `, "registered_name": null}`) {
			t.Errorf("%s: written as %s", o.ClassName(), js)
		}
	}
	for _, class := range Registered() {
		if !seen[class] {
			t.Errorf("registered optimizer %s is not tested", class)
		}
	}
	for _, name := range []string{"sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam", "lion", "ftrl", "lamb"} {
		o, _ := Get(name)
		if !seen[o.ClassName()] {
			t.Errorf("optimizer %s has no registered config", o.ClassName())
		}
	}
}

// TestConfigJSONKnownAnswers compares configs with what Keras 3.16's
// get_config returns for the same optimizers (expected JSON written by
// hand from its source): the common keys in BaseOptimizer.get_config's
// order, then the class's own; the learning rate read back from its
// float32 variable; the default name, the snake_case of the class.
func TestConfigJSONKnownAnswers(t *testing.T) {
	const base = `"weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null`
	for _, c := range []struct {
		o    Optimizer
		want string
	}{
		{NewRMSprop(),
			`{"module": "keras.optimizers", "class_name": "RMSprop", "config": {"name": "rm_sprop", "learning_rate": 0.0010000000474974513, ` + base +
				`, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07, "centered": false}, "registered_name": null}`},
		{NewAdagrad(),
			`{"module": "keras.optimizers", "class_name": "Adagrad", "config": {"name": "adagrad", "learning_rate": 0.0010000000474974513, ` + base +
				`, "initial_accumulator_value": 0.1, "epsilon": 1e-07}, "registered_name": null}`},
		{NewRMSprop(WithLearningRate(0.01), WithMomentum(0.9), WithCentered(true), WithClipnorm(1)),
			`{"module": "keras.optimizers", "class_name": "RMSprop", "config": {"name": "rm_sprop", "learning_rate": 0.009999999776482582, "weight_decay": null, "clipnorm": 1.0, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null` +
				`, "rho": 0.9, "momentum": 0.9, "epsilon": 1e-07, "centered": true}, "registered_name": null}`},
		{NewAdagrad(WithLearningRate(schedules.NewExponentialDecay(0.1, 100, 0.5)), WithInitialAccumulatorValue(0)),
			`{"module": "keras.optimizers", "class_name": "Adagrad", "config": {"name": "adagrad", "learning_rate": {"module": "keras.optimizers.schedules", "class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 100, "decay_rate": 0.5, "staircase": false, "name": "ExponentialDecay"}, "registered_name": null}, ` + base +
				`, "initial_accumulator_value": 0.0, "epsilon": 1e-07}, "registered_name": null}`},
		{NewAdamW(),
			`{"module": "keras.optimizers", "class_name": "AdamW", "config": {"name": "adam_w", "learning_rate": 0.0010000000474974513, "weight_decay": 0.004, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null, "loss_scale_factor": null, "gradient_accumulation_steps": null` +
				`, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}, "registered_name": null}`},
		{NewFtrl(),
			`{"module": "keras.optimizers", "class_name": "Ftrl", "config": {"name": "ftrl", "learning_rate": 0.0010000000474974513, ` + base +
				`, "learning_rate_power": -0.5, "initial_accumulator_value": 0.1, "l1_regularization_strength": 0.0, "l2_regularization_strength": 0.0, "l2_shrinkage_regularization_strength": 0.0, "beta": 0.0}, "registered_name": null}`},
		{NewSGD(),
			`{"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "sgd", "learning_rate": 0.009999999776482582, ` + base +
				`, "momentum": 0.0, "nesterov": false}, "registered_name": null}`},
		{NewLion(),
			`{"module": "keras.optimizers", "class_name": "Lion", "config": {"name": "lion", "learning_rate": 0.0010000000474974513, ` + base +
				`, "beta_1": 0.9, "beta_2": 0.99}, "registered_name": null}`},
	} {
		obj, err := Serialize(c.o)
		if err != nil {
			t.Fatal(err)
		}
		if got := optimizerJSON(t, obj); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.o.ClassName(), got, c.want)
		}
		// Keras's JSON reads back into the same optimizer.
		back, err := Deserialize(parseOptimizer(t, c.want))
		if err != nil {
			t.Fatalf("%s: %v", c.o.ClassName(), err)
		}
		obj, err = Serialize(back)
		if err != nil {
			t.Fatal(err)
		}
		if got := optimizerJSON(t, obj); got != c.want {
			t.Errorf("%s read from Keras's JSON:\n got %s\nwant %s", c.o.ClassName(), got, c.want)
		}
	}
}

// TestDeserializeKeras2Forms reads optimizer configs as Keras 2 and
// tf.keras wrote them in legacy training configs.
func TestDeserializeKeras2Forms(t *testing.T) {
	// Keras 2.1: lr, decay, no name.
	o, err := Deserialize(parseOptimizer(t, `{"class_name": "RMSprop", "config": {"lr": 0.0010000000474974513, "rho": 0.8999999761581421, "epsilon": 1e-07, "decay": 0.0}}`))
	if err != nil {
		t.Fatal(err)
	}
	r := o.(*RMSprop)
	if r.Rho != 0.8999999761581421 || r.LearningRate() != float64(float32(0.001)) || r.Name() != "rm_sprop" {
		t.Errorf("Keras 2.1 RMSprop read as %+v, lr %v, name %q", exported(r), r.LearningRate(), r.Name())
	}
	// tf.keras 2.11+: jit_compile and is_legacy_optimizer.
	o, err = Deserialize(parseOptimizer(t, `{"class_name": "Custom>Adam", "config": {"name": "Adam", "weight_decay": null, "clipnorm": null, "global_clipnorm": null, "clipvalue": null, "use_ema": false, "ema_momentum": 0.99, "ema_overwrite_frequency": null, "jit_compile": true, "is_legacy_optimizer": false, "learning_rate": 0.004999999888241291, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-07, "amsgrad": false}}`))
	if err != nil {
		t.Fatal(err)
	}
	if a := o.(*Adam); a.Name() != "Adam" || a.LearningRate() != float64(float32(0.005)) {
		t.Errorf("tf.keras 2.11 Adam read as %q, lr %v", a.Name(), a.LearningRate())
	}
	// A bare identifier gives Keras's defaults; class names match in any
	// case, as Keras's deserialize does for its own optimizers.
	for _, js := range []string{`"adagrad"`, `{"class_name": "adagrad", "config": {}}`} {
		o, err := Deserialize(parseOptimizer(t, js))
		if err != nil || o.ClassName() != "Adagrad" {
			t.Errorf("%s: %v, %v", js, o, err)
		}
	}
	obj := parseOptimizer(t, `{"class_name": "SGD", "config": {"lr": 0.1, "decay": 0.01}}`)
	if d, err := LegacyDecay(obj); err != nil || d != 0.01 {
		t.Errorf("LegacyDecay %v, %v; want 0.01", d, err)
	}
	if d, err := LegacyDecay(parseOptimizer(t, `"sgd"`)); err != nil || d != 0 {
		t.Errorf("LegacyDecay of an identifier %v, %v; want 0", d, err)
	}
	if _, err := LegacyDecay(parseOptimizer(t, `{"class_name": "SGD", "config": {"decay": "x"}}`)); err == nil || !strings.Contains(err.Error(), `"decay"`) {
		t.Errorf("LegacyDecay of a string: %v", err)
	}
	// Deserialize does not consume the object: the decay is still there.
	if _, err := Deserialize(obj); err != nil {
		t.Fatal(err)
	}
	if d, _ := LegacyDecay(obj); d != 0.01 {
		t.Errorf("Deserialize changed the object: decay %v", d)
	}
}

func TestDeserializeErrors(t *testing.T) {
	for _, c := range []struct{ js, want string }{
		{`{"class_name": "Adafactor", "config": {}}`, `unknown optimizer class "Adafactor"`},
		{`{"class_name": "RMSprop", "config": {"rho": 0.9, "beta_1": 0.9}}`, `optimizer RMSprop: unrecognized config field(s) "beta_1"`},
		{`{"class_name": "Adam", "config": {"nesterov": true}}`, `"nesterov"`},
		{`{"class_name": "RMSprop", "config": {"rho": "high"}}`, `optimizer RMSprop: config field "rho": expected a number`},
		{`{"class_name": "Adagrad", "config": {"initial_accumulator_value": [0.1]}}`, `optimizer Adagrad: config field "initial_accumulator_value"`},
		{`{"class_name": "SGD", "config": {"nesterov": "yes"}}`, `optimizer SGD: config field "nesterov": expected true or false`},
		{`{"class_name": "Ftrl", "config": {"learning_rate": true}}`, `optimizer Ftrl: config field "learning_rate"`},
		{`{"class_name": "Lion", "config": {"name": 3}}`, `optimizer Lion: config field "name"`},
		{`{"class_name": "Nadam", "config": {"ema_overwrite_frequency": 2.5}}`, `optimizer Nadam: config field "ema_overwrite_frequency"`},
		{`{"class_name": "Lamb", "config": {"use_ema": 1}}`, `optimizer Lamb: config field "use_ema"`},
		{`{"class_name": "Adamax", "config": {"decay": "none"}}`, `optimizer Adamax: config field "decay"`},
		{`{"class_name": "Adadelta", "config": {"jit_compile": "xla"}}`, `optimizer Adadelta: config field "jit_compile"`},
		{`{"class_name": "AdamW", "config": {"gradient_accumulation_steps": 1}}`, `gradient_accumulation_steps must be an integer ≥ 2`},
		{`{"class_name": "AdamW", "config": {"loss_scale_factor": -2.0}}`, `expected loss_scale_factor > 0`},
		{`{"class_name": "Adam", "config": {"learning_rate": {"class_name": "NoDecay", "config": {}}}}`, `learning_rate: schedules: unknown learning rate schedule class "NoDecay"`},
		{`{"class_name": "Adam", "config": {"learning_rate": {"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": "ten", "decay_rate": 0.5}}}}`, `config field "decay_steps"`},
		// Values Keras's constructors reject.
		{`{"class_name": "Lion", "config": {"beta_1": 0.0}}`, `beta_1`},
		{`{"class_name": "SGD", "config": {"momentum": 1.5}}`, `momentum must be`},
		{`{"class_name": "Adam", "config": {"clipnorm": 1.0, "clipvalue": 1.0}}`, `only one of clipnorm`},
		{`{"class_name": "Adam", "config": {"learning_rate": -1.0}}`, `learning rate ≥ 0`},
		{`{"class_name": "Ftrl", "config": {"learning_rate_power": 0.5}}`, `learning_rate_power`},
	} {
		_, err := Deserialize(parseOptimizer(t, c.js))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %s", c.js, err, c.want)
		}
	}
	if _, err := Serialize(nil); err == nil {
		t.Error("nil optimizer serialized")
	}
	if _, err := Serialize(NewLion(WithBeta1(0))); err == nil {
		t.Error("an optimizer with a constructor error serialized")
	}
	if _, err := (&RMSprop{}).Config(); err == nil {
		t.Error("a zero RMSprop has a config")
	}
	if _, err := (NewLion(WithBeta1(0))).Config(); err == nil {
		t.Error("an optimizer with a constructor error has a config")
	}
	// An object without a config gives the class's defaults.
	if o, err := Deserialize(&saving.Object{ClassName: "Adadelta"}); err != nil || o.(*Adadelta).Rho != 0.95 {
		t.Errorf("Adadelta without a config: %v, %v", o, err)
	}
	if _, err := Deserialize(nil); err == nil {
		t.Error("nil object deserialized")
	}
}

// bare is an optimizer without a config.
type bare struct{ *SGD }

func (bare) Config() {}

func TestSerializeWithoutConfig(t *testing.T) {
	if _, err := Serialize(bare{NewSGD()}); err == nil || !strings.Contains(err.Error(), "no config") {
		t.Errorf("error %v, want one saying SGD has no config", err)
	}
}

// TestSlotOrder checks the order of the optimizers' variables after one
// step against the order Keras 3's build methods create them in
// (keras/src/optimizers/*.py), which is the order of optimizer/vars in a
// .keras file.
func TestSlotOrder(t *testing.T) {
	k, b := "dense/kernel/", "dense/bias/"
	for _, c := range []struct {
		o    Optimizer
		want []string
	}{
		{NewSGD(), []string{"iterations", "learning_rate"}},
		{NewSGD(WithMomentum(0.9)), []string{"iterations", "learning_rate", k + "momentum", b + "momentum"}},
		{NewRMSprop(), []string{"iterations", "learning_rate", k + "velocity", b + "velocity"}},
		{NewRMSprop(WithMomentum(0.5), WithCentered(true)), []string{"iterations", "learning_rate",
			k + "velocity", b + "velocity", k + "momentum", b + "momentum", k + "average_gradient", b + "average_gradient"}},
		{NewAdam(), []string{"iterations", "learning_rate", k + "momentum", k + "velocity", b + "momentum", b + "velocity"}},
		{NewAdamW(WithAmsgrad(true)), []string{"iterations", "learning_rate", k + "momentum", k + "velocity", b + "momentum", b + "velocity",
			k + "velocity_hat", b + "velocity_hat"}},
		{NewAdagrad(), []string{"iterations", "learning_rate", k + "accumulator", b + "accumulator"}},
		{NewAdadelta(), []string{"iterations", "learning_rate", k + "accumulated_grad", k + "accumulated_delta_var", b + "accumulated_grad", b + "accumulated_delta_var"}},
		{NewAdamax(), []string{"iterations", "learning_rate", k + "momentum", k + "norm", b + "momentum", b + "norm"}},
		{NewNadam(), []string{"iterations", "learning_rate", k + "momentum", k + "velocity", b + "momentum", b + "velocity", "u_product"}},
		{NewLion(), []string{"iterations", "learning_rate", k + "momentum", b + "momentum"}},
		{NewFtrl(), []string{"iterations", "learning_rate", k + "accumulator", k + "linear", b + "accumulator", b + "linear"}},
		{NewLamb(), []string{"iterations", "learning_rate", k + "momentum", k + "velocity", b + "momentum", b + "velocity"}},
		// The moving averages come first (BaseOptimizer.build, called at
		// the start of each build); a schedule has no variable.
		{NewNadam(WithUseEMA(true), WithLearningRate(schedules.NewExponentialDecay(0.1, 2, 0.5))), []string{"iterations", k + "average", b + "average",
			k + "momentum", k + "velocity", b + "momentum", b + "velocity", "u_product"}},
	} {
		run(t, c.o, graph.Float32)
		prefix := c.o.(interface{ Name() string }).Name() + "/"
		var got []string
		for _, v := range c.o.Variables() {
			got = append(got, strings.TrimPrefix(v.Name(), prefix))
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: variables\n%q\nwant\n%q", c.o.ClassName(), got, c.want)
		}
	}
}
