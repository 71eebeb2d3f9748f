package layers

import (
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/saving"
)

func init() { Register("SimpleRNN", simpleRNNFromConfig) }

// Config returns Keras 3's get_config of SimpleRNN: the recurrent layer's
// return_sequences, return_state, go_backwards, stateful, unroll and
// zero_output_for_mask, then units, activation, use_bias, the
// initializers, regularizers and constraints, dropout and
// recurrent_dropout.
func (l *SimpleRNN) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	p.Set("return_sequences", l.ReturnSequences).Set("return_state", l.ReturnState).Set("go_backwards", l.GoBackwards)
	p.Set("stateful", false).Set("unroll", l.Unroll).Set("zero_output_for_mask", false)
	p.Set("units", l.Units)
	act, err := activationValue(&l.Base, l.ActivationName)
	if err != nil {
		return nil, err
	}
	p.Set("activation", act).Set("use_bias", l.UseBias)
	if err := putWeightArgs(&l.Base, p, []initField{
		{"kernel_initializer", l.KernelInitializer}, {"recurrent_initializer", l.RecurrentInitializer}, {"bias_initializer", l.BiasInitializer},
	}, []objField{
		{"kernel_regularizer", func() (any, error) { return RegularizerObject(l.KernelRegularizer) }},
		{"recurrent_regularizer", func() (any, error) { return RegularizerObject(l.RecurrentRegularizer) }},
		{"bias_regularizer", func() (any, error) { return RegularizerObject(l.BiasRegularizer) }},
		{"activity_regularizer", func() (any, error) { return RegularizerObject(l.ActivityRegularizer) }},
		{"kernel_constraint", func() (any, error) { return ConstraintObject(l.KernelConstraint) }},
		{"recurrent_constraint", func() (any, error) { return ConstraintObject(l.RecurrentConstraint) }},
		{"bias_constraint", func() (any, error) { return ConstraintObject(l.BiasConstraint) }},
	}); err != nil {
		return nil, err
	}
	p.Set("dropout", l.Dropout).Set("recurrent_dropout", l.RecurrentDropout)
	return p, nil
}

// simpleRNNFromConfig builds a SimpleRNN from Keras 3's config or Keras
// 2's (the same fields, without zero_output_for_mask).
func simpleRNNFromConfig(p *saving.Params) (Layer, error) {
	opts, err := BaseOptions(p)
	if err != nil {
		return nil, err
	}
	units, err := p.Int("units")
	if err != nil {
		return nil, err
	}
	act := "tanh"
	if p.Has("activation") {
		if act, err = activationArg(p, "activation"); err != nil {
			return nil, err
		}
	} else {
		p.Ignore("activation")
	}
	useBias, err := p.BoolOr("use_bias", true)
	if err != nil {
		return nil, err
	}
	opts = append(opts, WithActivation(act), WithUseBias(useBias))
	wopts, err := weightArgs(p, []initArg{
		{"kernel_initializer", initializers.GlorotUniform(), WithKernelInitializer},
		{"recurrent_initializer", initializers.NewOrthogonal(), WithRecurrentInitializer},
		{"bias_initializer", initializers.Zeros{}, WithBiasInitializer},
	}, []objArg{
		{"kernel_regularizer", WithKernelRegularizer}, {"recurrent_regularizer", WithRecurrentRegularizer},
		{"bias_regularizer", WithBiasRegularizer}, {"activity_regularizer", WithActivityRegularizer},
	}, []objArg{
		{"kernel_constraint", WithKernelConstraint}, {"recurrent_constraint", WithRecurrentConstraint},
		{"bias_constraint", WithBiasConstraint},
	})
	if err != nil {
		return nil, err
	}
	opts = append(opts, wopts...)
	for _, it := range []struct {
		key string
		opt func(float64) Option
	}{{"dropout", WithDropoutRate}, {"recurrent_dropout", WithRecurrentDropout}} {
		v, err := p.FloatOr(it.key, 0)
		if err != nil {
			return nil, err
		}
		opts = append(opts, it.opt(v))
	}
	for _, it := range []struct {
		key string
		opt func(bool) Option
	}{
		{"return_sequences", WithReturnSequences}, {"return_state", WithReturnState}, {"go_backwards", WithGoBackwards},
		{"stateful", WithStateful}, {"unroll", WithUnroll},
	} {
		v, err := p.BoolOr(it.key, false)
		if err != nil {
			return nil, err
		}
		opts = append(opts, it.opt(v))
	}
	// Masks are not propagated in gokeras, so what a masked step outputs
	// does not arise; Keras 3 also drops the cell's seed here.
	if _, err := p.BoolOr("zero_output_for_mask", false); err != nil {
		return nil, err
	}
	p.Ignore("seed")
	return NewSimpleRNN(units, opts...), nil
}
