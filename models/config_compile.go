package models

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/losses"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/saving"
)

// config returns the compile config in Keras 3's form: the optimizer
// serialized, the losses and metrics by identifier.
func (c *compileConfig) config() (*saving.CompileConfig, error) {
	opt, err := optimizerObject(c.optimizer)
	if err != nil {
		return nil, err
	}
	cc := &saving.CompileConfig{Optimizer: opt, Other: saving.NewParams("compile_config")}
	if len(c.losses) == 1 {
		cc.Loss = c.losses[0].Name()
	} else {
		ls := make([]any, len(c.losses))
		for i, l := range c.losses {
			ls[i] = l.Name()
		}
		cc.Loss = ls
	}
	var ms []any
	for _, m := range c.metrics {
		s, ok := m.(string)
		if !ok {
			return nil, fmt.Errorf("models: metric %T cannot be saved in a compile config; save without the optimizer", m)
		}
		ms = append(ms, s)
	}
	if ms != nil {
		cc.Metrics = ms
	}
	if c.lossWeights != nil {
		lw := make([]any, len(c.lossWeights))
		for i, w := range c.lossWeights {
			lw[i] = w
		}
		cc.LossWeights = lw
	}
	return cc, nil
}

// optimizerObject serializes the optimizer in Keras 3's form. Each
// optimizer's config is written and read by its own class in package
// optimizers (optimizers.Serialize, optimizers.Deserialize), which
// imports saving for the config types; this package only dispatches.
func optimizerObject(o optimizers.Optimizer) (*saving.Object, error) {
	obj, err := optimizers.Serialize(o)
	if err != nil {
		return nil, fmt.Errorf("models: the compile config cannot be saved: %w", err)
	}
	return obj, nil
}

// optimizerFrom rebuilds an optimizer from its serialized object; a bare
// identifier gives the optimizer with Keras's defaults.
func optimizerFrom(o *saving.Object) (optimizers.Optimizer, error) {
	if o == nil {
		return nil, fmt.Errorf("models: the compile config names no optimizer")
	}
	return optimizers.Deserialize(o)
}

// compileFrom compiles m as a saved compile config says.
func (m *Model) compileFrom(cc *saving.CompileConfig) error { return m.CompileFromConfig(cc) }

// CompileFromConfig compiles the model as a saved compile config says:
// Keras 3's compile_config (a .keras archive's) or Keras 2's
// training_config (a legacy .h5 file's or a TensorFlow.js model's, as
// saving.ReadH5 and saving.ParseCompileConfig return it), as Keras's
// load_model(compile=True) does. It returns an error, leaving the model as
// it was, for what gokeras cannot reproduce: an optimizer, loss or metric
// it does not know or with arguments it does not take; weighted metrics
// or a sample_weight_mode; metrics that differ between outputs; and a
// Keras 2 optimizer's nonzero decay (Keras 2 decayed the learning rate
// as lr/(1 + decay·iterations); Keras 3 has no such argument and drops
// it, so the file's training cannot be continued as it ran — compile with
// schedules.NewInverseTimeDecay(lr, 1, decay) for the same rate).
//
// Losses, metrics and loss weights may be given per output as lists, or
// as dictionaries by output layer name.
func (m *Model) CompileFromConfig(cc *saving.CompileConfig) error {
	if cc == nil {
		return fmt.Errorf("models: %q: no compile config", m.Name())
	}
	if d, err := optimizers.LegacyDecay(cc.Optimizer); err != nil {
		return err
	} else if d != 0 {
		return fmt.Errorf("models: %q: the optimizer has Keras 2's decay=%v, which Keras 3 drops: the saved training cannot be continued as it ran (compile with a schedules.InverseTimeDecay of decay_rate %v and decay_steps 1 for the same learning rate)",
			m.Name(), d, d)
	}
	opt, err := optimizerFrom(cc.Optimizer)
	if err != nil {
		return err
	}
	outs := m.outputNames()
	loss, err := perOutput(cc.Loss, outs, "loss")
	if err != nil {
		return err
	}
	var lossArg any
	switch {
	case loss == nil:
		return fmt.Errorf("models: %q: the compile config has no loss", m.Name())
	case len(loss) == 1:
		lossArg, err = lossName(loss[0])
	default:
		list := make([]any, len(loss))
		for i, l := range loss {
			if list[i], err = lossName(l); err != nil {
				break
			}
		}
		lossArg = list
	}
	if err != nil {
		return err
	}
	var extra []any
	names, err := metricNames(cc.Metrics, outs)
	if err != nil {
		return err
	}
	if names != nil {
		extra = append(extra, names)
	}
	if wm, err := metricNames(cc.WeightedMetrics, outs); err != nil || len(wm) > 0 {
		return fmt.Errorf("models: %q: weighted metrics (%v) cannot be compiled yet", m.Name(), configValueString(cc.WeightedMetrics))
	}
	lw, err := perOutput(cc.LossWeights, outs, "loss_weights")
	if err != nil {
		return err
	}
	if lw != nil {
		var ws LossWeights
		for _, x := range lw {
			f, ok := toFloat(x)
			if !ok {
				return fmt.Errorf("models: compile config: loss weight %v is not a number", configValueString(x))
			}
			ws = append(ws, f)
		}
		extra = append(extra, ws)
	}
	if cc.Other != nil {
		if mode := cc.Other.Raw("sample_weight_mode"); mode != nil {
			return fmt.Errorf("models: %q: sample_weight_mode %v cannot be compiled", m.Name(), configValueString(mode))
		}
	}
	return m.Compile(opt, lossArg, extra...)
}

// compileLegacy compiles a model loaded from a legacy .h5 file as its
// training_config (nil if none) says, if CompileFromConfig can; if not,
// the model stays uncompiled, so that a file with training settings
// gokeras cannot reproduce still loads for inference (LoadModel documents
// this; CompileFromConfig gives the reason).
func (m *Model) compileLegacy(cc *saving.CompileConfig) {
	if cc != nil {
		_ = m.CompileFromConfig(cc)
	}
}

// outputNames returns the names of the layers that produce the model's
// outputs, the keys of Keras's per-output dictionaries.
func (m *Model) outputNames() []string {
	var out []string
	for _, t := range m.outputs {
		name := ""
		if c, _ := t.Source(); c != nil && c.Layer != nil {
			name = c.Layer.LayerBase().Name()
		}
		out = append(out, name)
	}
	return out
}

// perOutput turns a compile config's per-output value into a list: nil
// for none, one element for a single value, the list itself, or a
// dictionary's values in the order of the outputs named outs.
func perOutput(v any, outs []string, what string) ([]any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case []any:
		return x, nil
	case *saving.Params:
		var out []any
		for _, name := range outs {
			if !x.Has(name) {
				return nil, fmt.Errorf("models: compile config: %s has no entry for output %q (keys %q)", what, name, x.Keys())
			}
			out = append(out, x.Raw(name))
		}
		if x.Len() != len(outs) {
			return nil, fmt.Errorf("models: compile config: %s has keys %q, the outputs are %q", what, x.Keys(), outs)
		}
		return out, nil
	}
	return []any{v}, nil
}

// lossName returns the identifier of a loss: a name, or a serialized loss
// object with Keras's default arguments (Keras 2 wrote
// {"class_name": "MeanSquaredError", "config": {"reduction": "auto",
// "name": "mean_squared_error"}}).
func lossName(v any) (string, error) {
	switch l := v.(type) {
	case string:
		return knownLoss(l), nil
	case *saving.Object:
		if l.Identifier {
			return knownLoss(l.ClassName), nil
		}
		for _, k := range l.Config.Keys() {
			val := l.Config.Raw(k)
			switch {
			case k == "name" || k == "fn" || val == nil:
			case k == "reduction" && (val == "auto" || val == "sum_over_batch_size"):
			case k == "from_logits" && val == false:
			case k == "dtype" && val == "float32":
			case k == "label_smoothing" && isNumber(val, 0), k == "axis" && isNumber(val, -1):
			default:
				return "", fmt.Errorf("models: compile config: loss %s with %s=%v cannot be loaded yet", l.ClassName, k, configValueString(val))
			}
		}
		if fn, ok := l.Config.Raw("fn").(string); ok && l.ClassName == "LossFunctionWrapper" {
			return fn, nil
		}
		return knownLoss(l.ClassName), nil
	}
	return "", fmt.Errorf("models: compile config: loss %v cannot be loaded yet", configValueString(v))
}

// knownLoss returns a loss identifier as gokeras knows it: name, or its
// snake_case if only that is known (TensorFlow.js writes
// "meanSquaredError", and class names such as "MeanSquaredError" are
// Keras's identifiers in snake_case).
func knownLoss(name string) string {
	if _, err := losses.Get(name); err != nil {
		if _, err := losses.Get(saving.SnakeCase(name)); err == nil {
			return saving.SnakeCase(name)
		}
	}
	return name
}

// metricNames returns the metric identifiers of a compile config's
// metrics, which gokeras applies to every output: a list, a list per
// output or a dictionary by output, the same for every output.
func metricNames(v any, outs []string) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	var per []any
	switch x := v.(type) {
	case *saving.Params:
		var err error
		if per, err = perOutput(x, outs, "metrics"); err != nil {
			return nil, err
		}
	case []any:
		nested := len(x) > 0
		for _, e := range x {
			if _, ok := e.([]any); !ok && e != nil {
				nested = false
			}
		}
		if !nested {
			return flatMetrics(x)
		}
		per = x
	default:
		return flatMetrics([]any{v})
	}
	var first []string
	for i, p := range per {
		list, ok := p.([]any)
		if !ok && p != nil {
			list = []any{p}
		}
		names, err := flatMetrics(list)
		if err != nil {
			return nil, err
		}
		if i > 0 && !slices.Equal(names, first) {
			return nil, fmt.Errorf("models: compile config: metrics differ between outputs (%q, %q): gokeras applies the same metrics to every output", first, names)
		}
		first = names
	}
	return first, nil
}

// flatMetrics returns the identifiers of a list of metrics: names, or
// serialized metrics Keras 2 wrote for them (MeanMetricWrapper of a
// metric function, or a metric class with its default config).
func flatMetrics(list []any) ([]string, error) {
	var out []string
	for _, x := range list {
		switch v := x.(type) {
		case string:
			out = append(out, v)
		case *saving.Object:
			name, err := metricName(v)
			if err != nil {
				return nil, err
			}
			out = append(out, name)
		default:
			return nil, fmt.Errorf("models: compile config: metric %v cannot be loaded yet", configValueString(x))
		}
	}
	return out, nil
}

func metricName(o *saving.Object) (string, error) {
	if o.Identifier {
		return o.ClassName, nil
	}
	name, _ := o.Config.Raw("name").(string)
	if name == "accuracy" || name == "acc" {
		// Keras resolves "accuracy" from the loss and shapes, as gokeras
		// does; a file wrote the metric it resolved to.
		return "accuracy", nil
	}
	fn, _ := o.Config.Raw("fn").(string)
	if o.ClassName == "MeanMetricWrapper" && fn != "" && (name == "" || name == fn) {
		return fn, nil
	}
	if snake := saving.SnakeCase(o.ClassName); name == "" || name == snake {
		for _, k := range o.Config.Keys() {
			if k != "name" && k != "dtype" {
				return "", fmt.Errorf("models: compile config: metric %s with argument %s cannot be loaded yet", o.ClassName, k)
			}
		}
		return snake, nil
	}
	return "", fmt.Errorf("models: compile config: metric %s named %q cannot be loaded yet", o.ClassName, name)
}

// configValueString shows a config value in an error message.
func configValueString(v any) string {
	switch x := v.(type) {
	case *saving.Object:
		return "an object of class " + x.ClassName
	case *saving.Params:
		return fmt.Sprintf("a dictionary with keys %q", x.Keys())
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}

// isNumber reports whether a config value is the number want.
func isNumber(v any, want float64) bool {
	f, ok := toFloat(v)
	return ok && f == want
}

func toFloat(x any) (float64, bool) {
	switch v := x.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil
	case float64:
		return v, true
	case int:
		return float64(v), true
	}
	return 0, false
}
