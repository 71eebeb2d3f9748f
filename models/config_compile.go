package models

import (
	"encoding/json"
	"fmt"
	"strings"

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

// optimizerObject serializes the optimizers whose arguments gokeras knows
// how to write: SGD, Adam and RMSprop.
func optimizerObject(o optimizers.Optimizer) (*saving.Object, error) {
	obj := saving.NewObject(o.ClassName())
	obj.Module = "keras.optimizers"
	p := obj.Config
	var base *optimizers.Base
	switch o := o.(type) {
	case *optimizers.SGD:
		base = &o.Base
		defer func() { p.Set("momentum", o.Momentum).Set("nesterov", o.Nesterov) }()
	case *optimizers.Adam:
		base = &o.Base
		defer func() {
			p.Set("beta_1", o.Beta1).Set("beta_2", o.Beta2).Set("epsilon", o.Epsilon).Set("amsgrad", o.Amsgrad)
		}()
	default:
		return nil, fmt.Errorf("models: optimizer %s cannot be saved yet (SGD and Adam can)", o.ClassName())
	}
	p.Set("name", base.Name())
	p.Set("learning_rate", base.LearningRate())
	nullable := func(k string, v float64) {
		if v > 0 {
			p.Set(k, v)
		} else {
			p.Set(k, nil)
		}
	}
	nullable("weight_decay", base.WeightDecay)
	nullable("clipnorm", base.Clipnorm)
	nullable("global_clipnorm", base.GlobalClipnorm)
	nullable("clipvalue", base.Clipvalue)
	p.Set("use_ema", base.UseEMA)
	p.Set("ema_momentum", base.EMAMomentum)
	p.Set("ema_overwrite_frequency", nil)
	if base.EMAOverwriteFrequency > 0 {
		p.Set("ema_overwrite_frequency", base.EMAOverwriteFrequency)
	}
	return obj, nil
}

// optimizerFrom rebuilds an optimizer from its serialized object; a bare
// identifier gives the optimizer with Keras's defaults.
func optimizerFrom(o *saving.Object) (optimizers.Optimizer, error) {
	if o == nil {
		return nil, fmt.Errorf("models: the compile config names no optimizer")
	}
	if o.Identifier {
		return optimizers.Get(o.ClassName)
	}
	p := o.Config
	var opts []optimizers.Option
	if name, err := p.StringOr("name", ""); err != nil {
		return nil, err
	} else if name != "" {
		opts = append(opts, optimizers.WithName(name))
	}
	floats := []struct {
		key string
		opt func(float64) optimizers.Option
	}{
		{"weight_decay", optimizers.WithWeightDecay},
		{"clipnorm", optimizers.WithClipnorm},
		{"global_clipnorm", optimizers.WithGlobalClipnorm},
		{"clipvalue", optimizers.WithClipvalue},
		{"ema_momentum", optimizers.WithEMAMomentum},
	}
	switch o.ClassName {
	case "SGD":
		floats = append(floats, struct {
			key string
			opt func(float64) optimizers.Option
		}{"momentum", optimizers.WithMomentum})
	case "Adam":
		floats = append(floats, []struct {
			key string
			opt func(float64) optimizers.Option
		}{{"beta_1", optimizers.WithBeta1}, {"beta_2", optimizers.WithBeta2}, {"epsilon", optimizers.WithEpsilon}}...)
	default:
		return nil, fmt.Errorf("models: optimizer class %q cannot be loaded yet (SGD and Adam can)", o.ClassName)
	}
	if p.Has("learning_rate") {
		lr, err := p.Float("learning_rate")
		if err != nil {
			return nil, fmt.Errorf("models: optimizer %s: learning_rate: %w (schedules are not loaded yet)", o.ClassName, err)
		}
		opts = append(opts, optimizers.WithLearningRate(lr))
	}
	for _, f := range floats {
		if p.Has(f.key) {
			v, err := p.Float(f.key)
			if err != nil {
				return nil, err
			}
			opts = append(opts, f.opt(v))
		}
		p.Ignore(f.key)
	}
	bools := map[string]func(bool) optimizers.Option{"use_ema": optimizers.WithUseEMA}
	switch o.ClassName {
	case "SGD":
		bools["nesterov"] = optimizers.WithNesterov
	case "Adam":
		bools["amsgrad"] = optimizers.WithAmsgrad
	}
	for k, fn := range bools {
		if p.Has(k) {
			v, err := p.Bool(k)
			if err != nil {
				return nil, err
			}
			opts = append(opts, fn(v))
		}
		p.Ignore(k)
	}
	if n, err := p.IntOr("ema_overwrite_frequency", 0); err != nil {
		return nil, err
	} else if n > 0 {
		opts = append(opts, optimizers.WithEMAOverwriteFrequency(n))
	}
	// Keras 3 fields with no effect on gokeras's numerics.
	p.Ignore("loss_scale_factor", "gradient_accumulation_steps", "is_legacy_optimizer", "decay", "jit_compile")
	if err := p.CheckUsed(); err != nil {
		return nil, err
	}
	if strings.EqualFold(o.ClassName, "SGD") {
		return optimizers.NewSGD(opts...), nil
	}
	return optimizers.NewAdam(opts...), nil
}

// compileFrom compiles m as a saved compile config says.
func (m *Model) compileFrom(cc *saving.CompileConfig) error {
	opt, err := optimizerFrom(cc.Optimizer)
	if err != nil {
		return err
	}
	var loss any
	switch l := cc.Loss.(type) {
	case string:
		loss = l
	case []any:
		loss = l
	case *saving.Object:
		loss = l.ClassName
		if !l.Identifier {
			return fmt.Errorf("models: loss %s with a config cannot be loaded yet", l.ClassName)
		}
	default:
		return fmt.Errorf("models: the compile config's loss %T cannot be loaded yet", cc.Loss)
	}
	var extra []any
	if ms, ok := cc.Metrics.([]any); ok {
		var names []string
		for _, x := range ms {
			s, ok := x.(string)
			if !ok {
				return fmt.Errorf("models: metric %v cannot be loaded yet", x)
			}
			names = append(names, s)
		}
		extra = append(extra, names)
	}
	if lw, ok := cc.LossWeights.([]any); ok {
		var ws LossWeights
		for _, x := range lw {
			f, ok := toFloat(x)
			if !ok {
				return fmt.Errorf("models: loss weight %v is not a number", x)
			}
			ws = append(ws, f)
		}
		extra = append(extra, ws)
	}
	return m.Compile(opt, loss, extra...)
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
