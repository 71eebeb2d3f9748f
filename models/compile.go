package models

import (
	"fmt"

	"github.com/gokeras/gokeras/losses"
	"github.com/gokeras/gokeras/metrics"
	"github.com/gokeras/gokeras/optimizers"
)

// compileConfig is what Compile resolved.
type compileConfig struct {
	optimizer   optimizers.Optimizer
	losses      []losses.Loss // one per output
	lossWeights []float64
	metrics     []any // identifiers or metrics.Metric, applied to every output
}

// LossWeights weights the losses of a model's outputs in the total loss
// (Keras's loss_weights=); pass it to Compile among the metrics.
type LossWeights []float64

// Compile configures the model for training, as Keras's compile: the
// optimizer (an identifier such as "rmsprop", an optimizers.Optimizer, or
// nil for RMSprop), the loss (an identifier, a losses.Loss, or a []any
// with one per output) and metrics (identifiers such as "accuracy" or
// metrics.Metric values; a LossWeights value among them weights the
// outputs' losses). Unknown names are errors. The train and test functions
// are compiled when first needed.
func (m *Model) Compile(optimizer, loss any, metricsAndOptions ...any) error {
	if err := m.Err(); err != nil {
		return err
	}
	opt, err := optimizers.Resolve(optimizer)
	if err != nil {
		return fmt.Errorf("models: Compile: %w", err)
	}
	cfg := &compileConfig{optimizer: opt}
	var lossList []any
	switch l := loss.(type) {
	case []any:
		lossList = l
	case []string:
		for _, s := range l {
			lossList = append(lossList, s)
		}
	default:
		lossList = []any{loss}
	}
	for _, l := range lossList {
		lo, err := losses.Resolve(l)
		if err != nil {
			return fmt.Errorf("models: Compile: %w", err)
		}
		cfg.losses = append(cfg.losses, lo)
	}
	for _, a := range metricsAndOptions {
		switch a := a.(type) {
		case LossWeights:
			cfg.lossWeights = append([]float64(nil), a...)
		case string:
			if a != "accuracy" && a != "acc" {
				if _, err := metrics.Get(a); err != nil {
					return fmt.Errorf("models: Compile: %w", err)
				}
			}
			cfg.metrics = append(cfg.metrics, a)
		case []string:
			for _, s := range a {
				if s != "accuracy" && s != "acc" {
					if _, err := metrics.Get(s); err != nil {
						return fmt.Errorf("models: Compile: %w", err)
					}
				}
				cfg.metrics = append(cfg.metrics, s)
			}
		case metrics.Metric:
			cfg.metrics = append(cfg.metrics, a)
		default:
			return fmt.Errorf("models: Compile: expected metric identifiers, metrics.Metric values or LossWeights, received %T", a)
		}
	}
	if m.Built() {
		if err := cfg.check(m); err != nil {
			return err
		}
	}
	m.mu.Lock()
	m.comp = cfg
	if m.rt != nil {
		m.rt.train, m.rt.test = nil, nil
	}
	m.mu.Unlock()
	return nil
}

// check matches the losses and loss weights with the model's outputs.
func (c *compileConfig) check(m *Model) error {
	n := len(m.outputs)
	if len(c.losses) == 1 && n > 1 {
		for len(c.losses) < n {
			c.losses = append(c.losses, c.losses[0])
		}
	}
	if len(c.losses) != n {
		return fmt.Errorf("models: Compile: %d losses for a model with %d outputs", len(c.losses), n)
	}
	if c.lossWeights == nil {
		c.lossWeights = make([]float64, n)
		for i := range c.lossWeights {
			c.lossWeights[i] = 1
		}
	}
	if len(c.lossWeights) != n {
		return fmt.Errorf("models: Compile: %d loss weights for a model with %d outputs", len(c.lossWeights), n)
	}
	return nil
}

// Optimizer returns the optimizer Compile set, or nil.
func (m *Model) Optimizer() optimizers.Optimizer {
	if m.comp == nil {
		return nil
	}
	return m.comp.optimizer
}
