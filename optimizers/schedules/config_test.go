package schedules

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/saving"
)

// config returns s's config, failing the test on an error.
func config(t *testing.T, s LearningRateSchedule) *saving.Params {
	t.Helper()
	o, err := Serialize(s)
	if err != nil {
		t.Fatal(err)
	}
	return o.Config
}

// throughJSON writes o as the learning_rate of an optimizer in a Keras 3
// compile config, parses that JSON back and returns the learning_rate
// object read, and the JSON of the schedule as written.
func throughJSON(t *testing.T, o *saving.Object) (*saving.Object, string) {
	t.Helper()
	opt := saving.NewObject("Adam")
	opt.Module = "keras.optimizers"
	opt.Config.Set("learning_rate", o)
	b, err := (&saving.CompileConfig{Optimizer: opt, Other: saving.NewParams("")}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Optimizer struct {
			Config struct {
				LearningRate json.RawMessage `json:"learning_rate"`
			} `json:"config"`
		} `json:"optimizer"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	c, err := saving.ParseCompileConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	lr, err := c.Optimizer.Config.Object("learning_rate")
	if err != nil {
		t.Fatal(err)
	}
	return lr, string(raw.Optimizer.Config.LearningRate)
}

// allSchedules returns one schedule of every class, every argument away
// from its default.
func allSchedules() []LearningRateSchedule {
	return []LearningRateSchedule{
		&ExponentialDecay{InitialLearningRate: 0.25, DecaySteps: 7, DecayRate: 0.5, Staircase: true, Name: "exp"},
		&InverseTimeDecay{InitialLearningRate: 0.3, DecaySteps: 3, DecayRate: 1.5, Staircase: true, Name: "inv"},
		&PolynomialDecay{InitialLearningRate: 0.2, DecaySteps: 11, EndLearningRate: 0.01, Power: 0.5, Cycle: true, Name: "poly"},
		&PiecewiseConstantDecay{Boundaries: []int64{2, 5, 100000000000}, Values: []float64{0.1, 0.05, 1e-3, 1e-9}, Name: "pw"},
		&CosineDecay{InitialLearningRate: 0.01, DecaySteps: 20, Alpha: 0.1, WarmupTarget: new(0.3), WarmupSteps: 4, Name: "cos"},
		&CosineDecay{InitialLearningRate: 0.01, DecaySteps: 20, Name: "CosineDecay"}, // no warmup
		&CosineDecayRestarts{InitialLearningRate: 0.4, FirstDecaySteps: 6, TMul: 1.5, MMul: 0.75, Alpha: 0.05, Name: "sgdr"},
	}
}

func TestEveryScheduleRoundTrips(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range allSchedules() {
		seen[s.ClassName()] = true
		o, err := Serialize(s)
		if err != nil {
			t.Fatalf("%s: %v", s.ClassName(), err)
		}
		if o.Module != Module || o.ClassName != s.ClassName() {
			t.Errorf("%s: serialized as %s.%s", s.ClassName(), o.Module, o.ClassName)
		}
		back, js := throughJSON(t, o)
		if !strings.HasPrefix(js, `{"module": "keras.optimizers.schedules", "class_name": "`+s.ClassName()+`", "config": {`) ||
			!strings.HasSuffix(js, `}, "registered_name": null}`) {
			t.Errorf("%s: written as %s", s.ClassName(), js)
		}
		got, err := Deserialize(back)
		if err != nil {
			t.Fatalf("%s: %v", s.ClassName(), err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("%s: round trip gave %+v, want %+v", s.ClassName(), got, s)
		}
		for _, step := range []int64{0, 1, 3, 9, 40} {
			a, err1 := Evaluate(s, step)
			b, err2 := Evaluate(got, step)
			if err1 != nil || err2 != nil || a != b {
				t.Errorf("%s at step %d: %v (%v) after the round trip, want %v (%v)", s.ClassName(), step, b, err2, a, err1)
			}
		}
	}
	for _, class := range Registered() {
		if !seen[class] {
			t.Errorf("registered schedule %s is not tested", class)
		}
	}
}

// TestScheduleConfigJSON checks configs against Keras 3's get_config,
// written by hand from its source: the keys in its order, and Keras's
// default names.
func TestScheduleConfigJSON(t *testing.T) {
	for _, c := range []struct {
		s    LearningRateSchedule
		want string
	}{
		{NewExponentialDecay(0.1, 1000, 0.96),
			`{"module": "keras.optimizers.schedules", "class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1000, "decay_rate": 0.96, "staircase": false, "name": "ExponentialDecay"}, "registered_name": null}`},
		{NewPiecewiseConstantDecay([]int64{100, 200}, []float64{1, 0.5, 0.1}),
			`{"module": "keras.optimizers.schedules", "class_name": "PiecewiseConstantDecay", "config": {"boundaries": [100, 200], "values": [1.0, 0.5, 0.1], "name": "PiecewiseConstant"}, "registered_name": null}`},
		{NewCosineDecay(0.1, 500),
			`{"module": "keras.optimizers.schedules", "class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 500, "alpha": 0.0, "name": "CosineDecay", "warmup_target": null, "warmup_steps": 0}, "registered_name": null}`},
		{NewCosineDecayRestarts(0.1, 50),
			`{"module": "keras.optimizers.schedules", "class_name": "CosineDecayRestarts", "config": {"initial_learning_rate": 0.1, "first_decay_steps": 50, "t_mul": 2.0, "m_mul": 1.0, "alpha": 0.0, "name": "SGDRDecay"}, "registered_name": null}`},
		{NewPolynomialDecay(0.1, 10),
			`{"module": "keras.optimizers.schedules", "class_name": "PolynomialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "end_learning_rate": 0.0001, "power": 1.0, "cycle": false, "name": "PolynomialDecay"}, "registered_name": null}`},
		{NewInverseTimeDecay(0.1, 1, 0.5),
			`{"module": "keras.optimizers.schedules", "class_name": "InverseTimeDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.5, "staircase": false, "name": "InverseTimeDecay"}, "registered_name": null}`},
	} {
		o, err := Serialize(c.s)
		if err != nil {
			t.Fatal(err)
		}
		if _, js := throughJSON(t, o); js != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.s.ClassName(), js, c.want)
		}
	}
}

// parse parses a serialized schedule given as JSON, as the learning_rate
// of an optimizer in a training config.
func parse(t *testing.T, js string) *saving.Object {
	t.Helper()
	c, err := saving.ParseCompileConfig([]byte(`{"optimizer_config": {"class_name": "SGD", "config": {"learning_rate": ` + js + `}}}`))
	if err != nil {
		t.Fatal(err)
	}
	o, err := c.Optimizer.Config.Object("learning_rate")
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestDeserializeKeras2Form(t *testing.T) {
	s, err := Deserialize(parse(t, `{"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "staircase": true, "name": null}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := &ExponentialDecay{InitialLearningRate: 0.1, DecaySteps: 10, DecayRate: 0.5, Staircase: true}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got %+v, want %+v", s, want)
	}
	// Optional arguments take Keras's defaults.
	s, err = Deserialize(parse(t, `{"class_name": "PolynomialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10.0}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(s, NewPolynomialDecay(0.1, 10)) {
		t.Errorf("defaults: got %+v", s)
	}
}

func TestDeserializeErrors(t *testing.T) {
	for _, c := range []struct{ js, want string }{
		{`{"class_name": "NoSuchDecay", "config": {}}`, `"NoSuchDecay"`},
		{`{"class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 10, "decay_rate": 0.5, "warmup": 1}}`, `"warmup"`},
		{`{"class_name": "ExponentialDecay", "config": {"initial_learning_rate": "fast", "decay_steps": 10, "decay_rate": 0.5}}`, `schedule ExponentialDecay: config field "initial_learning_rate"`},
		{`{"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 2.5}}`, `schedule CosineDecay: config field "decay_steps"`},
		{`{"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 0}}`, `decay_steps must be > 0`},
		{`{"class_name": "CosineDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 5, "warmup_target": "high"}}`, `"warmup_target"`},
		{`{"class_name": "ExponentialDecay", "config": {"decay_steps": 10, "decay_rate": 0.5}}`, `"initial_learning_rate"`},
		{`{"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [1, 2], "values": [0.1, 0.2]}}`, `1 less than`},
		{`{"class_name": "PiecewiseConstantDecay", "config": {"boundaries": [1, "x"], "values": [0.1, 0.2, 0.3]}}`, `schedule PiecewiseConstantDecay: config field "boundaries"`},
		{`{"class_name": "InverseTimeDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.5, "staircase": 1}}`, `"staircase"`},
	} {
		_, err := Deserialize(parse(t, c.js))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %s", c.js, err, c.want)
		}
	}
	if _, err := Serialize(nil); err == nil {
		t.Error("nil schedule serialized")
	}
}

// plain is a schedule without a config.
type plain struct{ ExponentialDecay }

func (*plain) Config() {}

func TestSerializeWithoutConfig(t *testing.T) {
	if _, err := Serialize(&plain{*NewExponentialDecay(0.1, 1, 0.5)}); err == nil || !strings.Contains(err.Error(), "no config") {
		t.Errorf("error %v, want one saying the schedule has no config", err)
	}
}
