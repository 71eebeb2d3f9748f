package models

import (
	"encoding/json"
	"fmt"

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
