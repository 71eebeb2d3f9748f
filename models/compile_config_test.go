package models

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/saving/savingtest"
)

// readH5Fixture reads a legacy .h5 fixture written by Keras.
func readH5Fixture(t *testing.T, rel string) *saving.H5Model {
	t.Helper()
	dir, err := savingtest.Dir()
	if err != nil {
		t.Skip(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	h, err := saving.ReadH5(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// smallModel returns an uncompiled 4 → 3 model whose output layer is
// named "out".
func smallModel(t *testing.T) *Model {
	t.Helper()
	m := NewSequential(layers.NewDense(3, layers.WithInputDim(4), layers.WithName("out")))
	if err := m.Err(); err != nil {
		t.Fatal(err)
	}
	return m.Model
}

// TestCompileFromFixtureTrainingConfigs compiles a model as the
// training_config of every Keras-written fixture that has one says
// (Keras 2.1 to tf.keras 2.14), or checks the reason it cannot.
func TestCompileFromFixtureTrainingConfigs(t *testing.T) {
	for _, c := range []struct {
		file    string
		class   string
		check   func(o optimizers.Optimizer) bool
		loss    string
		metrics []any
		err     string
	}{
		{file: "dl4j/cnn_batch_norm/cnn_batch_norm.h5", class: "Adam", loss: "mean_squared_error",
			check: func(o optimizers.Optimizer) bool {
				a := o.(*optimizers.Adam)
				return a.Beta1 == 0.8999999761581421 && a.Beta2 == 0.9990000128746033 && a.Epsilon == 1e-7 && a.LearningRate() == float64(float32(0.001))
			}},
		{file: "dl4j/issue_9349.hdf5", class: "Adam", loss: "categorical_crossentropy", metrics: []any{"accuracy", "categorical_accuracy"},
			check: func(o optimizers.Optimizer) bool {
				a := o.(*optimizers.Adam)
				return a.Epsilon == 1e-8 && a.LearningRate() == float64(float32(0.0011449999874457717)) && a.Name() == "Adam"
			}},
		{file: "dl4j/keras-attention.h5", class: "Adam", loss: "mean_squared_error",
			check: func(o optimizers.Optimizer) bool { return o.LearningRate() == float64(float32(0.005)) }},
		{file: "dl4j/simple_rnn_tf_keras_2_model.h5", class: "RMSprop", loss: "mean_squared_error",
			check: func(o optimizers.Optimizer) bool {
				r := o.(*optimizers.RMSprop)
				return r.Rho == 0.8999999761581421 && r.Epsilon == 1e-7 && r.Momentum == 0 && !r.Centered
			}},
		{file: "dl4j/simple_flatten_lstm_tf_keras_2_model.h5", class: "RMSprop", loss: "mean_squared_error"},
		{file: "hls4ml/hostpipe_parallel_keras_model.keras", class: "Adam", loss: "mean_squared_error"},
		{file: "mlcommons_tiny/pretrainedResnet.h5", class: "Adam", loss: "categorical_crossentropy", metrics: []any{"accuracy"},
			check: func(o optimizers.Optimizer) bool { return o.LearningRate() == float64(float32(6.636851594521431e-06)) }},
		// Keras 2's decay has no Keras 3 equivalent.
		{file: "dl4j/simple_sparse_xent_mlp_keras_2_model.h5", err: "decay=9.999999974752427e-07"},
		// Precision and Recall at a threshold of one class.
		{file: "mlcommons_tiny/str_ww_ref_model.h5", err: "metric Precision with argument thresholds"},
	} {
		h := readH5Fixture(t, c.file)
		if h.Compile == nil {
			t.Fatalf("%s: no training_config", c.file)
		}
		m := smallModel(t)
		err := m.CompileFromConfig(h.Compile)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want one containing %q", c.file, err, c.err)
			}
			if m.Optimizer() != nil {
				t.Errorf("%s: compiled despite the error", c.file)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.file, err)
			continue
		}
		o := m.Optimizer()
		if o.ClassName() != c.class || (c.check != nil && !c.check(o)) {
			t.Errorf("%s: optimizer %s %+v", c.file, o.ClassName(), o)
		}
		cc, err := m.comp.config()
		if err != nil {
			t.Fatal(err)
		}
		if cc.Loss != c.loss {
			t.Errorf("%s: loss %v, want %s", c.file, cc.Loss, c.loss)
		}
		if len(c.metrics) > 0 || cc.Metrics != nil {
			if got, ok := cc.Metrics.([]any); !ok || len(got) != len(c.metrics) || (len(got) > 0 && got[0] != c.metrics[0]) {
				t.Errorf("%s: metrics %v, want %v", c.file, cc.Metrics, c.metrics)
			}
		}
	}
}

// TestCompileFromConfigForms covers the per-output forms and what cannot
// be compiled.
func TestCompileFromConfigForms(t *testing.T) {
	for _, c := range []struct{ js, err string }{
		{`{"optimizer": "adam", "loss": {"out": "mse"}, "loss_weights": {"out": 0.5}, "metrics": {"out": ["mae"]}}`, ""},
		{`{"optimizer": "sgd", "loss": ["mse"], "loss_weights": [2.0], "metrics": [["mae", "mse"]]}`, ""},
		{`{"optimizer": {"module": "keras.optimizers", "class_name": "Nadam", "config": {"name": "nadam", "learning_rate": 0.01}, "registered_name": null}, "loss": {"module": "keras.losses", "class_name": "MeanSquaredError", "config": {"name": "mean_squared_error", "reduction": "sum_over_batch_size"}, "registered_name": null}, "metrics": null, "loss_weights": null, "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}`, ""},
		{`{"optimizer": "adam", "loss": {"other": "mse"}}`, `no entry for output "out"`},
		{`{"optimizer": "adam", "loss": "mse", "weighted_metrics": ["mae"]}`, "weighted metrics"},
		{`{"optimizer": "adam", "loss": "mse", "sample_weight_mode": "temporal"}`, "sample_weight_mode"},
		{`{"optimizer": "adam", "loss": {"class_name": "Huber", "config": {"delta": 2.0}}}`, "loss Huber with delta"},
		{`{"optimizer": "adam"}`, "no loss"},
		{`{"optimizer": "adam", "loss": "mse", "metrics": [{"class_name": "MeanMetricWrapper", "config": {"name": "mine", "fn": "my_metric"}}]}`, `metric MeanMetricWrapper named "mine"`},
		{`{"optimizer": "adam", "loss": "mse", "loss_weights": ["heavy"]}`, "not a number"},
		{`{"optimizer_config": {"class_name": "Adam", "config": {"lr": 0.01, "decay": 0.5}}, "loss": "mse"}`, "decay=0.5"},
		{`{"optimizer_config": {"class_name": "Adam", "config": {"epsilon": "tiny"}}, "loss": "mse"}`, `optimizer Adam: config field "epsilon"`},
		{`{"optimizer_config": {"class_name": "Yogi", "config": {}}, "loss": "mse"}`, `unknown optimizer class "Yogi"`},
	} {
		cc, err := saving.ParseCompileConfig([]byte(c.js))
		if err != nil {
			t.Fatal(err)
		}
		m := smallModel(t)
		err = m.CompileFromConfig(cc)
		if c.err == "" && err != nil {
			t.Errorf("%s: %v", c.js, err)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("%s: error %v, want one containing %q", c.js, err, c.err)
		}
	}
}
