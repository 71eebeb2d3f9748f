package layers

import (
	"github.com/gokeras/gokeras/saving"
)

func init() { Register("LSTM", lstmFromConfig) }

// Config returns Keras 3's get_config of LSTM: SimpleRNN's fields with
// recurrent_activation after activation, unit_forget_bias before the
// dropouts, and seed (null: the masks come from the graph's streams).
// Keras 3 does not write implementation, and neither does Config.
func (l *LSTM) Config() (*saving.Params, error) {
	p, err := l.recurrentConfig(func(p *saving.Params) error {
		ra, err := activationValue(&l.Base, l.RecurrentActivationName)
		if err != nil {
			return err
		}
		p.Set("recurrent_activation", ra)
		return nil
	}, func(p *saving.Params) { p.Set("unit_forget_bias", l.UnitForgetBias) })
	if err != nil {
		return nil, err
	}
	return p.Set("seed", nil), nil
}

// lstmFromConfig builds an LSTM from Keras 3's config or Keras 2's.
func lstmFromConfig(p *saving.Params) (Layer, error) {
	units, opts, err := recurrentOptions(p)
	if err != nil {
		return nil, err
	}
	if p.Has("recurrent_activation") {
		ra, err := activationArg(p, "recurrent_activation")
		if err != nil {
			return nil, err
		}
		opts = append(opts, WithRecurrentActivation(ra))
	} else {
		p.Ignore("recurrent_activation")
	}
	ufb, err := p.BoolOr("unit_forget_bias", true)
	if err != nil {
		return nil, err
	}
	impl, err := p.IntOr("implementation", 2)
	if err != nil {
		return nil, err
	}
	// Keras 3 writes use_cudnn ("auto"): which kernels run, not what they
	// compute.
	p.Ignore("use_cudnn")
	return NewLSTM(units, append(opts, WithUnitForgetBias(ufb), WithImplementation(impl))...), nil
}
