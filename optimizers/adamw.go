package optimizers

import "github.com/gokeras/gokeras/saving"

func init() {
	register("adamw", func() Optimizer { return NewAdamW() })
	Register("AdamW", adamwFromConfig)
}

// AdamW is Adam with decoupled weight decay (Loshchilov and Hutter), as
// Keras 3's AdamW: each step first decays the weights, w ← w −
// w·weight_decay·lr, then applies Adam's update (see Adam). Defaults:
// learning rate 0.001, weight_decay 0.004, beta_1 0.9, beta_2 0.999,
// epsilon 1e-7, amsgrad false.
type AdamW struct {
	Adam
}

// NewAdamW returns AdamW with Keras's defaults, changed by opts (the
// common options, WithBeta1, WithBeta2, WithEpsilon, WithAmsgrad).
func NewAdamW(opts ...Option) *AdamW {
	o := &AdamW{}
	o.setupAdam("AdamW", 0.004, opts)
	return o
}

// ClassName returns "AdamW".
func (*AdamW) ClassName() string { return "AdamW" }

// Config returns Keras 3's get_config of AdamW, Adam's (see Adam.Config)
// with weight_decay always written: AdamW requires it.
func (o *AdamW) Config() (*saving.Params, error) {
	p, err := o.Adam.Config()
	if err != nil {
		return nil, err
	}
	p.Set("weight_decay", o.WeightDecay)
	return p, nil
}

func adamwFromConfig(p *saving.Params) (Optimizer, error) {
	opts, err := configOptions(p, []string{"beta_1", "beta_2", "epsilon"}, []string{"amsgrad"})
	if err != nil {
		return nil, err
	}
	return NewAdamW(opts...), nil
}
