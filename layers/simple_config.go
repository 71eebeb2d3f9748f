package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/saving"
)

// fromConfig is the usual shape of a config reader: the common fields,
// then the layer's own fields as options, then the constructor.
func fromConfig(read func(p *saving.Params) ([]Option, error), build func(p *saving.Params, opts []Option) (Layer, error)) FromConfigFunc {
	return func(p *saving.Params) (Layer, error) {
		opts, err := BaseOptions(p)
		if err != nil {
			return nil, err
		}
		if read != nil {
			own, err := read(p)
			if err != nil {
				return nil, err
			}
			opts = append(opts, own...)
		}
		return build(p, opts)
	}
}

// floatOpt reads an optional number into an option.
func floatOpt(p *saving.Params, key string, opt func(float64) Option, out *[]Option) error {
	if !p.Has(key) {
		p.Ignore(key)
		return nil
	}
	v, err := p.Float(key)
	if err != nil {
		return err
	}
	*out = append(*out, opt(v))
	return nil
}

// intsArg reads a list of integers (an integer alone is a list of one).
func intsArg(p *saving.Params, key string) ([]int, error) {
	if v, err := p.Int(key); err == nil {
		return []int{v}, nil
	}
	return p.Ints(key, 0)
}

// Config returns Keras's get_config of ReLU: max_value (null when
// unbounded), negative_slope, threshold.
func (l *ReLU) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	if l.MaxValue != nil {
		p.Set("max_value", *l.MaxValue)
	} else {
		p.Set("max_value", nil)
	}
	p.Set("negative_slope", l.NegativeSlope)
	p.Set("threshold", l.Threshold)
	return p, nil
}

// Config returns Keras's get_config of LeakyReLU: negative_slope.
func (l *LeakyReLU) Config() (*saving.Params, error) {
	return l.BaseConfig().Set("negative_slope", l.NegativeSlope), nil
}

// Config returns Keras's get_config of ELU: alpha.
func (l *ELU) Config() (*saving.Params, error) { return l.BaseConfig().Set("alpha", l.Alpha), nil }

// Config returns Keras's get_config of Softmax: axis, an integer or a
// list.
func (l *Softmax) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	if len(l.Axes) > 0 {
		return p.Set("axis", l.Axes), nil
	}
	return p.Set("axis", l.Axis), nil
}

// Config returns Keras's get_config of Reshape: target_shape.
func (l *Reshape) Config() (*saving.Params, error) {
	return l.BaseConfig().Set("target_shape", l.TargetShape), nil
}

// Config returns Keras's get_config of Permute: dims.
func (l *Permute) Config() (*saving.Params, error) { return l.BaseConfig().Set("dims", l.Dims), nil }

// Config returns Keras's get_config of RepeatVector: n.
func (l *RepeatVector) Config() (*saving.Params, error) { return l.BaseConfig().Set("n", l.N), nil }

// Config returns Keras's get_config of Masking: mask_value.
func (l *Masking) Config() (*saving.Params, error) {
	return l.BaseConfig().Set("mask_value", l.MaskValue), nil
}

// Config returns Keras's get_config of Identity: the common fields.
func (l *Identity) Config() (*saving.Params, error) { return l.BaseConfig(), nil }

// Config returns Keras's get_config of GaussianNoise: stddev, seed (null).
func (l *GaussianNoise) Config() (*saving.Params, error) {
	return l.BaseConfig().Set("stddev", l.Stddev).Set("seed", nil), nil
}

// Config returns Keras's get_config of GaussianDropout: rate, seed (null).
func (l *GaussianDropout) Config() (*saving.Params, error) {
	return l.BaseConfig().Set("rate", l.Rate).Set("seed", nil), nil
}

// Config returns Keras's get_config of AlphaDropout: rate, noise_shape,
// seed (null).
func (l *AlphaDropout) Config() (*saving.Params, error) {
	p := l.BaseConfig().Set("rate", l.Rate).Set("noise_shape", noiseShapeValue(l.NoiseShape))
	return p.Set("seed", nil), nil
}

// Config returns Keras's get_config of ActivityRegularization: l1, l2.
func (l *ActivityRegularization) Config() (*saving.Params, error) {
	return l.BaseConfig().Set("l1", l.L1).Set("l2", l.L2), nil
}

// Config returns Keras's get_config of PReLU: alpha_initializer,
// alpha_regularizer, alpha_constraint, shared_axes.
func (l *PReLU) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	init, err := InitializerObject(l.AlphaInitializer)
	if err != nil {
		return nil, l.Errorf("%v", err)
	}
	p.Set("alpha_initializer", init)
	r, err := RegularizerObject(l.AlphaRegularizer)
	if err != nil {
		return nil, l.Errorf("%v", err)
	}
	p.Set("alpha_regularizer", r)
	c, err := ConstraintObject(l.AlphaConstraint)
	if err != nil {
		return nil, l.Errorf("%v", err)
	}
	p.Set("alpha_constraint", c)
	if l.SharedAxes != nil {
		p.Set("shared_axes", l.SharedAxes)
	} else {
		p.Set("shared_axes", nil)
	}
	return p, nil
}

// noSeed accepts a seed field: gokeras draws a layer's noise from the
// layer's own generator.
func noSeed(p *saving.Params) { p.Ignore("seed") }

func rateArg(key string, build func(float64, ...Option) Layer) FromConfigFunc {
	return fromConfig(nil, func(p *saving.Params, opts []Option) (Layer, error) {
		v, err := p.Float(key)
		if err != nil {
			return nil, err
		}
		noSeed(p)
		return build(v, opts...), nil
	})
}

func preluFromConfig(p *saving.Params) ([]Option, error) {
	var opts []Option
	o, err := p.Object("alpha_initializer")
	if err != nil {
		return nil, err
	}
	init, err := InitializerFrom(o, initializers.Zeros{})
	if err != nil {
		return nil, fmt.Errorf("%s: alpha_initializer: %w", p.Owner(), err)
	}
	opts = append(opts, WithAlphaInitializer(init))
	if o, err = p.Object("alpha_regularizer"); err != nil {
		return nil, err
	}
	r, err := RegularizerFrom(o)
	if err != nil {
		return nil, fmt.Errorf("%s: alpha_regularizer: %w", p.Owner(), err)
	}
	if r != nil {
		opts = append(opts, WithAlphaRegularizer(r))
	}
	if o, err = p.Object("alpha_constraint"); err != nil {
		return nil, err
	}
	c, err := ConstraintFrom(o)
	if err != nil {
		return nil, fmt.Errorf("%s: alpha_constraint: %w", p.Owner(), err)
	}
	if c != nil {
		opts = append(opts, WithAlphaConstraint(c))
	}
	if p.Has("shared_axes") {
		axes, err := intsArg(p, "shared_axes")
		if err != nil {
			return nil, err
		}
		opts = append(opts, WithSharedAxes(axes...))
	}
	p.Ignore("shared_axes")
	return opts, nil
}

func init() {
	Register("ReLU", fromConfig(func(p *saving.Params) ([]Option, error) {
		var o []Option
		for _, f := range []struct {
			k   string
			opt func(float64) Option
		}{{"max_value", WithMaxValue}, {"negative_slope", WithNegativeSlope}, {"threshold", WithThreshold}} {
			if err := floatOpt(p, f.k, f.opt, &o); err != nil {
				return nil, err
			}
		}
		return o, nil
	}, func(_ *saving.Params, o []Option) (Layer, error) { return NewReLU(o...), nil }))
	Register("LeakyReLU", fromConfig(func(p *saving.Params) ([]Option, error) {
		var o []Option
		if err := floatOpt(p, "negative_slope", WithNegativeSlope, &o); err != nil {
			return nil, err
		}
		// Keras 2 named the slope alpha.
		return o, floatOpt(p, "alpha", WithNegativeSlope, &o)
	}, func(_ *saving.Params, o []Option) (Layer, error) { return NewLeakyReLU(o...), nil }))
	Register("ELU", fromConfig(func(p *saving.Params) ([]Option, error) {
		var o []Option
		return o, floatOpt(p, "alpha", WithAlpha, &o)
	}, func(_ *saving.Params, o []Option) (Layer, error) { return NewELU(o...), nil }))
	Register("Softmax", fromConfig(func(p *saving.Params) ([]Option, error) {
		if !p.Has("axis") {
			p.Ignore("axis")
			return nil, nil
		}
		axes, err := intsArg(p, "axis")
		if err != nil {
			return nil, err
		}
		if len(axes) == 1 {
			return []Option{WithAxis(axes[0])}, nil
		}
		return []Option{WithAxes(axes...)}, nil
	}, func(_ *saving.Params, o []Option) (Layer, error) { return NewSoftmax(o...), nil }))
	Register("Reshape", fromConfig(nil, func(p *saving.Params, o []Option) (Layer, error) {
		s, err := p.Ints("target_shape", 0)
		if err != nil {
			return nil, err
		}
		return NewReshape(s, o...), nil
	}))
	Register("Permute", fromConfig(nil, func(p *saving.Params, o []Option) (Layer, error) {
		d, err := p.Ints("dims", 0)
		if err != nil {
			return nil, err
		}
		return NewPermute(d, o...), nil
	}))
	Register("RepeatVector", fromConfig(nil, func(p *saving.Params, o []Option) (Layer, error) {
		n, err := p.Int("n")
		if err != nil {
			return nil, err
		}
		return NewRepeatVector(n, o...), nil
	}))
	Register("Masking", fromConfig(func(p *saving.Params) ([]Option, error) {
		var o []Option
		return o, floatOpt(p, "mask_value", WithMaskValue, &o)
	}, func(_ *saving.Params, o []Option) (Layer, error) { return NewMasking(o...), nil }))
	Register("Identity", fromConfig(nil, func(_ *saving.Params, o []Option) (Layer, error) { return NewIdentity(o...), nil }))
	Register("GaussianNoise", rateArg("stddev", func(v float64, o ...Option) Layer { return NewGaussianNoise(v, o...) }))
	Register("GaussianDropout", rateArg("rate", func(v float64, o ...Option) Layer { return NewGaussianDropout(v, o...) }))
	Register("AlphaDropout", fromConfig(func(p *saving.Params) ([]Option, error) {
		if !p.Has("noise_shape") {
			p.Ignore("noise_shape")
			return nil, nil
		}
		s, err := p.Shape("noise_shape")
		if err != nil {
			return nil, err
		}
		return []Option{WithNoiseShape(s...)}, nil
	}, func(p *saving.Params, o []Option) (Layer, error) {
		v, err := p.Float("rate")
		if err != nil {
			return nil, err
		}
		noSeed(p)
		return NewAlphaDropout(v, o...), nil
	}))
	Register("ActivityRegularization", fromConfig(func(p *saving.Params) ([]Option, error) {
		var o []Option
		if err := floatOpt(p, "l1", WithL1, &o); err != nil {
			return nil, err
		}
		return o, floatOpt(p, "l2", WithL2, &o)
	}, func(_ *saving.Params, o []Option) (Layer, error) { return NewActivityRegularization(o...), nil }))
	Register("PReLU", fromConfig(preluFromConfig, func(_ *saving.Params, o []Option) (Layer, error) { return NewPReLU(o...), nil }))
}
