package layers

import (
	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/saving"
)

// Affine holds the arguments of the layers that compute
// activation(x∘kernel + bias), Dense and the convolutions, with Keras's
// defaults: linear activation, a bias, glorot_uniform kernel and zeros
// bias, no regularizers and no constraints.
type Affine struct {
	// Activation is applied to the output; ActivationName names it.
	Activation     activations.Func
	ActivationName string
	// UseBias adds the bias.
	UseBias bool
	// KernelInitializer and BiasInitializer draw the initial weights.
	KernelInitializer, BiasInitializer initializers.Initializer
	// KernelRegularizer, BiasRegularizer and ActivityRegularizer add
	// penalties to the loss; nil adds none.
	KernelRegularizer, BiasRegularizer, ActivityRegularizer regularizers.Regularizer
	// KernelConstraint and BiasConstraint project the weights after each
	// optimizer update; nil leaves them free.
	KernelConstraint, BiasConstraint constraints.Constraint
}

// affineArgs are the keyword arguments Affine reads.
var affineArgs = []string{"activation", "use_bias", "kernel_initializer", "bias_initializer",
	"kernel_regularizer", "bias_regularizer", "activity_regularizer", "kernel_constraint", "bias_constraint"}

// initAffine resolves the arguments in k of the layer b, failing b on a
// bad one.
func (a *Affine) initAffine(b *Base, k *Kwargs) {
	a.UseBias = k.UseBias
	var err error
	if a.Activation, a.ActivationName, err = resolveActivation(k.Activation); err != nil {
		b.Fail(b.Errorf("%v", err))
	}
	if a.KernelInitializer, err = initializers.Resolve(k.KernelInitializer, initializers.GlorotUniform()); err != nil {
		b.Fail(b.Errorf("%v", err))
	}
	if a.BiasInitializer, err = initializers.Resolve(k.BiasInitializer, initializers.Zeros{}); err != nil {
		b.Fail(b.Errorf("%v", err))
	}
	for _, r := range []struct {
		dst *regularizers.Regularizer
		v   any
	}{{&a.KernelRegularizer, k.KernelRegularizer}, {&a.BiasRegularizer, k.BiasRegularizer}, {&a.ActivityRegularizer, k.ActivityRegularizer}} {
		if *r.dst, err = regularizers.Resolve(r.v); err != nil {
			b.Fail(b.Errorf("%v", err))
		}
	}
	a.KernelConstraint = b.resolveConstraint(k, "kernel_constraint")
	a.BiasConstraint = b.resolveConstraint(k, "bias_constraint")
}

// putAffine writes the arguments into the config p of layer b in Keras's
// order: activation, use_bias, the initializers, the regularizers, the
// constraints. Without activityInline, activity_regularizer is left for
// the caller (Keras's Dense writes it last, and only when set).
func (a *Affine) putAffine(b *Base, p *saving.Params, activityInline bool) error {
	act, err := activationValue(b, a.ActivationName)
	if err != nil {
		return err
	}
	p.Set("activation", act).Set("use_bias", a.UseBias)
	objs := []objField{
		{"kernel_regularizer", func() (any, error) { return RegularizerObject(a.KernelRegularizer) }},
		{"bias_regularizer", func() (any, error) { return RegularizerObject(a.BiasRegularizer) }},
	}
	if activityInline {
		objs = append(objs, objField{"activity_regularizer", func() (any, error) { return RegularizerObject(a.ActivityRegularizer) }})
	}
	objs = append(objs,
		objField{"kernel_constraint", func() (any, error) { return ConstraintObject(a.KernelConstraint) }},
		objField{"bias_constraint", func() (any, error) { return ConstraintObject(a.BiasConstraint) }})
	return putWeightArgs(b, p, []initField{{"kernel_initializer", a.KernelInitializer}, {"bias_initializer", a.BiasInitializer}}, objs)
}

// affineOptions reads Affine's fields of a config, Keras 3's or Keras 2's,
// as options (and passes over Keras 3's LoRA fields, null or 0 when
// saved).
func affineOptions(p *saving.Params) ([]Option, error) {
	act, err := activationArg(p, "activation")
	if err != nil {
		return nil, err
	}
	useBias, err := p.BoolOr("use_bias", true)
	if err != nil {
		return nil, err
	}
	wopts, err := weightArgs(p, []initArg{
		{"kernel_initializer", initializers.GlorotUniform(), WithKernelInitializer},
		{"bias_initializer", initializers.Zeros{}, WithBiasInitializer},
	}, []objArg{
		{"kernel_regularizer", WithKernelRegularizer}, {"bias_regularizer", WithBiasRegularizer},
		{"activity_regularizer", WithActivityRegularizer},
	}, []objArg{{"kernel_constraint", WithKernelConstraint}, {"bias_constraint", WithBiasConstraint}})
	if err != nil {
		return nil, err
	}
	p.Ignore("lora_rank", "lora_alpha")
	return append([]Option{WithActivation(act), WithUseBias(useBias)}, wopts...), nil
}
