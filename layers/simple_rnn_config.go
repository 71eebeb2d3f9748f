package layers

import (
	"github.com/gokeras/gokeras/saving"
)

func init() { Register("SimpleRNN", simpleRNNFromConfig) }

// Config returns Keras 3's get_config of SimpleRNN: the recurrent layer's
// return_sequences, return_state, go_backwards, stateful, unroll and
// zero_output_for_mask, then units, activation, use_bias, the
// initializers, regularizers and constraints, dropout and
// recurrent_dropout.
func (l *SimpleRNN) Config() (*saving.Params, error) { return l.recurrentConfig(nil, nil) }

// simpleRNNFromConfig builds a SimpleRNN from Keras 3's config or Keras
// 2's (the same fields, without zero_output_for_mask).
func simpleRNNFromConfig(p *saving.Params) (Layer, error) {
	units, opts, err := recurrentOptions(p)
	if err != nil {
		return nil, err
	}
	return NewSimpleRNN(units, opts...), nil
}
