package layers

import (
	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/saving"
)

// Gated is what Keras's gated recurrent layers (LSTM and GRU) add to
// Recurrent: the activation of their gates. Both also take Keras's
// implementation= (1 or 2), which picks how Keras groups its products and
// not what they compute, so it is checked and not kept.
type Gated struct {
	Recurrent
	// RecurrentActivation is applied to the gates; its name is
	// RecurrentActivationName.
	RecurrentActivation     activations.Func
	RecurrentActivationName string
}

// WithRecurrentActivation sets the activation of an LSTM's or a GRU's
// gates (Keras's recurrent_activation=, default "sigmoid").
func WithRecurrentActivation(a any) Option { return Kwarg("recurrent_activation", a) }

// WithImplementation is Keras's implementation= for LSTM and GRU (1 or 2,
// default 2); both compute the same values.
func WithImplementation(n int) Option { return Kwarg("implementation", float64(n)) }

// initGated sets up the gated layer self of class from its options, as
// initRecurrent does, with extra its own arguments beyond the gates'.
func (l *Gated) initGated(self Layer, class string, units int, opts []Option, extra ...string) *Kwargs {
	k := l.initRecurrent(self, class, units, opts, append([]string{"recurrent_activation", "implementation"}, extra...)...)
	ra := k.Value("recurrent_activation")
	if ra == nil {
		ra = "sigmoid"
	}
	var err error
	if l.RecurrentActivation, l.RecurrentActivationName, err = resolveActivation(ra); err != nil {
		l.Fail(l.Errorf("%v", err))
	}
	if impl := k.float("implementation", 2); impl != 1 && impl != 2 {
		l.Fail(l.Errorf("expected implementation 1 or 2, received %v", impl))
	}
	return k
}

// gatedConfig writes Keras 3's get_config of a gated layer: Recurrent's
// fields with recurrent_activation after activation, after written before
// the dropouts (nil: nothing).
func (l *Gated) gatedConfig(after func(p *saving.Params)) (*saving.Params, error) {
	return l.recurrentConfig(func(p *saving.Params) error {
		ra, err := activationValue(&l.Base, l.RecurrentActivationName)
		if err != nil {
			return err
		}
		p.Set("recurrent_activation", ra)
		return nil
	}, after)
}

// gatedOptions reads the fields every gated layer's config has, from
// Keras 3's config or Keras 2's, into options, with its units.
func gatedOptions(p *saving.Params) (int, []Option, error) {
	units, opts, err := recurrentOptions(p)
	if err != nil {
		return 0, nil, err
	}
	if p.Has("recurrent_activation") {
		ra, err := activationArg(p, "recurrent_activation")
		if err != nil {
			return 0, nil, err
		}
		opts = append(opts, WithRecurrentActivation(ra))
	} else {
		p.Ignore("recurrent_activation")
	}
	impl, err := p.IntOr("implementation", 2)
	if err != nil {
		return 0, nil, err
	}
	// Keras 3 writes use_cudnn ("auto"): which kernels run, not what they
	// compute.
	p.Ignore("use_cudnn")
	return units, append(opts, WithImplementation(impl)), nil
}
