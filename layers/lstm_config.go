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
	p, err := l.gatedConfig(func(p *saving.Params) { p.Set("unit_forget_bias", l.UnitForgetBias) })
	if err != nil {
		return nil, err
	}
	return p.Set("seed", nil), nil
}

// lstmFromConfig builds an LSTM from Keras 3's config or Keras 2's.
func lstmFromConfig(p *saving.Params) (Layer, error) {
	units, opts, err := gatedOptions(p)
	if err != nil {
		return nil, err
	}
	ufb, err := p.BoolOr("unit_forget_bias", true)
	if err != nil {
		return nil, err
	}
	return NewLSTM(units, append(opts, WithUnitForgetBias(ufb))...), nil
}
