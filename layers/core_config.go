package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/saving"
)

// Config returns Keras's get_config of Dense: units, activation, use_bias,
// the initializers, regularizers and constraints.
func (l *Dense) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("units", l.Units)
	if err := l.putAffine(&l.Base, p, false); err != nil {
		return nil, err
	}
	// Keras's Dense writes activity_regularizer in its base config.
	ar, err := RegularizerObject(l.ActivityRegularizer)
	if err != nil {
		return nil, l.Errorf("%v", err)
	}
	if ar != nil {
		p.Set("activity_regularizer", ar)
	}
	return p, nil
}

// initField is an initializer a layer's config writes.
type initField struct {
	key  string
	init initializers.Initializer
}

// objField is a regularizer or constraint a layer's config writes, as the
// function serializing it.
type objField struct {
	key string
	fn  func() (any, error)
}

// putWeightArgs writes a layer's initializers, then its regularizers and
// constraints, into its config p.
func putWeightArgs(b *Base, p *saving.Params, inits []initField, objs []objField) error {
	for _, it := range inits {
		o, err := InitializerObject(it.init)
		if err != nil {
			return b.Errorf("%v", err)
		}
		p.Set(it.key, o)
	}
	for _, it := range objs {
		v, err := it.fn()
		if err != nil {
			return b.Errorf("%v", err)
		}
		p.Set(it.key, v)
	}
	return nil
}

// initArg is an initializer field of a layer's config, its default and
// the option that sets it.
type initArg struct {
	key string
	def initializers.Initializer
	opt func(any) Option
}

// objArg is a regularizer or constraint field of a layer's config and the
// option that sets it.
type objArg struct {
	key string
	opt func(any) Option
}

// weightArgs reads the initializer, regularizer and constraint fields of a
// layer's config into options; an absent or null regularizer or
// constraint gives none.
func weightArgs(p *saving.Params, inits []initArg, regs, cons []objArg) ([]Option, error) {
	var opts []Option
	for _, it := range inits {
		o, err := p.Object(it.key)
		if err != nil {
			return nil, err
		}
		init, err := InitializerFrom(o, it.def)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", p.Owner(), it.key, err)
		}
		opts = append(opts, it.opt(init))
	}
	for i, list := range [][]objArg{regs, cons} {
		for _, it := range list {
			o, err := p.Object(it.key)
			if err != nil {
				return nil, err
			}
			var v any
			if i == 0 {
				r, err := RegularizerFrom(o)
				if err != nil {
					return nil, fmt.Errorf("%s: %s: %w", p.Owner(), it.key, err)
				}
				if r != nil {
					v = r
				}
			} else {
				c, err := ConstraintFrom(o)
				if err != nil {
					return nil, fmt.Errorf("%s: %s: %w", p.Owner(), it.key, err)
				}
				if c != nil {
					v = c
				}
			}
			if v != nil {
				opts = append(opts, it.opt(v))
			}
		}
	}
	return opts, nil
}

func denseFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	units, err := p.Int("units")
	if err != nil {
		return nil, err
	}
	aopts, err := affineOptions(p)
	if err != nil {
		return nil, err
	}
	return NewDense(units, append(opts, aopts...)...), nil
}

// Config returns Keras's get_config of Activation: activation.
func (l *Activation) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	act, err := activationValue(&l.Base, l.FnName)
	if err != nil {
		return nil, err
	}
	p.Set("activation", act)
	return p, nil
}

func activationFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	if !p.Has("activation") {
		return nil, fmt.Errorf("layers: %s: expected an activation", p.Owner())
	}
	act, err := activationArg(p, "activation")
	if err != nil {
		return nil, err
	}
	return NewActivation(act, opts...), nil
}

// Config returns Keras's get_config of Dropout: rate, seed (null) and
// noise_shape (null for the input's shape).
func (l *Dropout) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("rate", l.Rate)
	p.Set("seed", nil)
	p.Set("noise_shape", noiseShapeValue(l.NoiseShape))
	return p, nil
}

func dropoutFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	rate, err := p.Float("rate")
	if err != nil {
		return nil, err
	}
	if p.Has("noise_shape") {
		s, err := p.Shape("noise_shape")
		if err != nil {
			return nil, err
		}
		opts = append(opts, WithNoiseShape(s...))
	}
	// The seed only picks the random stream of the masks, which gokeras
	// draws from the layer's own generator.
	p.Ignore("noise_shape", "seed")
	return NewDropout(rate, opts...), nil
}

// Config returns Keras's get_config of Flatten: data_format.
func (l *Flatten) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("data_format", "channels_last")
	return p, nil
}

func flattenFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	df, err := p.StringOr("data_format", "channels_last")
	if err != nil {
		return nil, err
	}
	return NewFlatten(append(opts, WithDataFormat(df))...), nil
}

func init() {
	Register("Dense", denseFromConfig)
	Register("Activation", activationFromConfig)
	Register("Dropout", dropoutFromConfig)
	Register("Flatten", flattenFromConfig)
}
