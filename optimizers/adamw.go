package optimizers

func init() { register("adamw", func() Optimizer { return NewAdamW() }) }

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
