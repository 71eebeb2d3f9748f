package optimizers

// Configs of optimizers in Keras 3's get_config form; see the package
// documentation for why they live here.

import (
	"fmt"
	"strings"

	"github.com/gokeras/gokeras/optimizers/schedules"
	"github.com/gokeras/gokeras/saving"
)

// Module is the module Keras 3 writes in a serialized optimizer.
const Module = "keras.optimizers"

// Configurer is an optimizer that can describe itself in Keras's
// get_config form. Every optimizer of this package is one.
type Configurer interface {
	Optimizer
	// Config returns the optimizer's config: the arguments every optimizer
	// takes (name, learning_rate, weight_decay, clipnorm, global_clipnorm,
	// clipvalue, use_ema, ema_momentum, ema_overwrite_frequency,
	// loss_scale_factor, gradient_accumulation_steps) followed by the
	// class's own, with Keras 3's names, order and null for "not set".
	Config() (*saving.Params, error)
}

// FromConfigFunc builds an optimizer of one class from its config. It
// reads the fields through the typed getters of p, whose errors name the
// optimizer and the field; Deserialize checks afterwards that every field
// was read, and the optimizer's Err.
type FromConfigFunc func(p *saving.Params) (Optimizer, error)

var classes = saving.Registry[FromConfigFunc]{FoldCase: true}

// Register makes Deserialize build optimizers of class className with fn.
// Class names match case-insensitively, as Keras's deserialize does for
// its built-in optimizers ("adam" and "Adam" are one class). Each
// optimizer's file registers its own class; registering a class twice
// replaces the first.
func Register(className string, fn FromConfigFunc) { classes.Register(className, fn) }

// Registered returns the class names Deserialize knows, sorted.
func Registered() []string { return classes.Names() }

// Serialize returns o as Keras 3 serializes an optimizer: {"module":
// "keras.optimizers", "class_name", "config", "registered_name": null}. A
// learning-rate schedule is serialized inside learning_rate (see
// schedules.Serialize). An optimizer without a config, or whose
// constructor failed, is an error naming it.
func Serialize(o Optimizer) (*saving.Object, error) {
	if o == nil {
		return nil, fmt.Errorf("optimizers: Serialize: nil optimizer")
	}
	if e, ok := o.(interface{ Err() error }); ok && e.Err() != nil {
		return nil, e.Err()
	}
	c, ok := o.(Configurer)
	if !ok {
		return nil, fmt.Errorf("optimizers: %s has no config (it does not implement optimizers.Configurer): it cannot be saved", o.ClassName())
	}
	p, err := c.Config()
	if err != nil {
		return nil, err
	}
	obj := saving.NewObject(o.ClassName())
	obj.Module = Module
	obj.Config = p
	return obj, nil
}

// Deserialize rebuilds an optimizer from its serialized object: Keras 3's
// form (a compile_config's "optimizer"), Keras 2's (class_name and config,
// as in a legacy training_config's "optimizer_config", with "lr" for
// learning_rate), or a bare identifier such as "rmsprop", which gives
// Keras's defaults. The learning rate may be a number or a serialized
// schedule.
//
// As Keras 3, it refuses fields the class does not take, naming them, and
// ignores "decay" (which Keras 3 drops with a warning; see LegacyDecay for
// what it meant in Keras 2). It also accepts the fields tf.keras 2.11+
// wrote that have no effect on the numerics, "jit_compile" and
// "is_legacy_optimizer" (Keras 3 itself rejects them).
// A field of the wrong type is an error naming the optimizer and the
// field. o is not changed.
func Deserialize(o *saving.Object) (Optimizer, error) {
	if o == nil {
		return nil, fmt.Errorf("optimizers: Deserialize: no optimizer")
	}
	if o.Identifier {
		return Get(o.ClassName)
	}
	class := strings.TrimPrefix(o.ClassName, "Custom>")
	fn, name, ok := classes.Lookup(class)
	if !ok {
		return nil, fmt.Errorf("optimizers: unknown optimizer class %q: expected one of %s (or register it with optimizers.Register)",
			o.ClassName, strings.Join(Registered(), ", "))
	}
	p := o.Config.Clone()
	if p == nil {
		p = saving.NewParams("")
	}
	p.SetOwner("optimizer " + name)
	if !p.Has("learning_rate") && p.Has("lr") {
		p.Rename("lr", "learning_rate")
	}
	opt, err := fn(p)
	if err != nil {
		return nil, err
	}
	if err := p.CheckUsed(); err != nil {
		return nil, err
	}
	if x, ok := opt.(interface{ Err() error }); ok && x.Err() != nil {
		return nil, x.Err()
	}
	return opt, nil
}

// LegacyDecay returns the "decay" field of a serialized optimizer, 0 when
// absent or null. Keras 2's optimizers took decay=d to scale the learning
// rate to lr/(1 + d·iterations); Keras 3 has no such argument (it ignores
// it with a warning), so a file that trained with a nonzero decay cannot
// be resumed as it trained by a Keras 3 optimizer of the same config.
// schedules.NewInverseTimeDecay(lr, 1, d) is the same learning rate.
func LegacyDecay(o *saving.Object) (float64, error) {
	if o == nil || o.Identifier || o.Config == nil {
		return 0, nil
	}
	p := o.Config.Clone()
	p.SetOwner("optimizer " + o.ClassName)
	return p.FloatOr("decay", 0)
}

// baseConfig returns the arguments every optimizer writes, in Keras 3's
// order.
func (b *Base) baseConfig() (*saving.Params, error) {
	if b.err != nil {
		return nil, b.err
	}
	if b.lr == nil && b.schedule == nil {
		return nil, fmt.Errorf("optimizers: an optimizer not made by its constructor (New...) has no config")
	}
	p := saving.NewParams(fmt.Sprintf("optimizer %q (%s)", b.name, b.class))
	p.Set("name", b.name)
	if b.schedule != nil {
		s, err := schedules.Serialize(b.schedule)
		if err != nil {
			return nil, fmt.Errorf("optimizers: %s: learning_rate: %w", b.name, err)
		}
		p.Set("learning_rate", s)
	} else {
		// The variable's float32 value, widened, as Keras writes it
		// (0.001 is written 0.0010000000474974513).
		p.Set("learning_rate", float64(b.lr.Float32().Data()[0]))
	}
	nullable := func(k string, v float64) {
		if v > 0 {
			p.Set(k, v)
		} else {
			p.Set(k, nil)
		}
	}
	nullable("weight_decay", b.WeightDecay)
	nullable("clipnorm", b.Clipnorm)
	nullable("global_clipnorm", b.GlobalClipnorm)
	nullable("clipvalue", b.Clipvalue)
	p.Set("use_ema", b.UseEMA)
	p.Set("ema_momentum", b.EMAMomentum)
	if b.EMAOverwriteFrequency > 0 {
		p.Set("ema_overwrite_frequency", b.EMAOverwriteFrequency)
	} else {
		p.Set("ema_overwrite_frequency", nil)
	}
	nullable("loss_scale_factor", b.LossScaleFactor)
	if b.GradientAccumulationSteps > 0 {
		p.Set("gradient_accumulation_steps", b.GradientAccumulationSteps)
	} else {
		p.Set("gradient_accumulation_steps", nil)
	}
	return p, nil
}

// configOptions reads the arguments every optimizer takes, then the
// class's own numeric (nums) and boolean (flags) arguments, into options.
// Absent or null fields keep the constructor's defaults.
func configOptions(p *saving.Params, nums, flags []string) ([]Option, error) {
	var opts []Option
	name, err := p.StringOr("name", "")
	if err != nil {
		return nil, err
	}
	if name != "" {
		opts = append(opts, WithName(name))
	}
	if p.Has("learning_rate") {
		switch v := p.Raw("learning_rate").(type) {
		case *saving.Object:
			s, err := schedules.Deserialize(v)
			if err != nil {
				return nil, fmt.Errorf("optimizers: %s: learning_rate: %w", p.Owner(), err)
			}
			opts = append(opts, WithLearningRate(s))
		default:
			lr, err := p.Float("learning_rate")
			if err != nil {
				return nil, err
			}
			opts = append(opts, WithLearningRate(lr))
		}
	}
	for _, k := range append([]string{"weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "ema_momentum"}, nums...) {
		if p.Has(k) {
			v, err := p.Float(k)
			if err != nil {
				return nil, err
			}
			opts = append(opts, numOpt(k, v))
		}
		p.Ignore(k)
	}
	for _, k := range append([]string{"use_ema"}, flags...) {
		if p.Has(k) {
			v, err := p.Bool(k)
			if err != nil {
				return nil, err
			}
			opts = append(opts, flagOpt(k, v))
		}
		p.Ignore(k)
	}
	if n, err := p.IntOr("ema_overwrite_frequency", 0); err != nil {
		return nil, err
	} else if n > 0 {
		opts = append(opts, WithEMAOverwriteFrequency(n))
	}
	if f, err := p.FloatOr("loss_scale_factor", 0); err != nil {
		return nil, err
	} else if f != 0 {
		opts = append(opts, WithLossScaleFactor(f))
	}
	if n, err := p.IntOr("gradient_accumulation_steps", 0); err != nil {
		return nil, err
	} else if n != 0 {
		opts = append(opts, WithGradientAccumulationSteps(n))
	}
	// Keras 3 drops decay (see LegacyDecay); tf.keras 2.11+ wrote
	// jit_compile and is_legacy_optimizer, which change no numerics.
	if _, err := p.FloatOr("decay", 0); err != nil {
		return nil, err
	}
	for _, k := range []string{"jit_compile", "is_legacy_optimizer"} {
		if _, err := p.BoolOr(k, false); err != nil {
			return nil, err
		}
	}
	return opts, nil
}
