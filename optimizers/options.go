package optimizers

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Option sets one of Keras's keyword arguments of an optimizer
// constructor, e.g. NewAdam(WithLearningRate(0.01), WithClipnorm(1)). An
// optimizer given an option it does not take, or a value Keras rejects,
// reports it from Err, Updates and Compile.
type Option func(*kwargs)

// kwargs holds the keyword arguments given to a constructor, by their
// Keras names.
type kwargs struct {
	lr    any // float64 or schedules.LearningRateSchedule
	name  string
	nums  map[string]float64
	flags map[string]bool
	order []string // names given, in order
}

func (k *kwargs) mark(name string) {
	if !slices.Contains(k.order, name) {
		k.order = append(k.order, name)
	}
}

func (k *kwargs) has(name string) bool { return slices.Contains(k.order, name) }

// num returns the numeric argument name, or def if it was not given.
func (k *kwargs) num(name string, def float64) float64 {
	if v, ok := k.nums[name]; ok {
		return v
	}
	return def
}

// flag returns the boolean argument name, or false if it was not given.
func (k *kwargs) flag(name string) bool { return k.flags[name] }

func numOpt(name string, v float64) Option {
	return func(k *kwargs) {
		if k.nums == nil {
			k.nums = map[string]float64{}
		}
		k.nums[name] = v
		k.mark(name)
	}
}

func flagOpt(name string, v bool) Option {
	return func(k *kwargs) {
		if k.flags == nil {
			k.flags = map[string]bool{}
		}
		k.flags[name] = v
		k.mark(name)
	}
}

// baseArgs are the keyword arguments every optimizer takes.
var baseArgs = []string{"learning_rate", "name", "weight_decay", "clipnorm", "clipvalue", "global_clipnorm",
	"use_ema", "ema_momentum", "ema_overwrite_frequency", "gradient_accumulation_steps", "loss_scale_factor"}

// parse applies opts and checks that class takes each argument given.
func parse(class string, opts []Option, allowed []string) (*kwargs, error) {
	k := &kwargs{}
	for _, o := range opts {
		if o != nil {
			o(k)
		}
	}
	var bad []string
	for _, n := range k.order {
		if !slices.Contains(baseArgs, n) && !slices.Contains(allowed, n) {
			bad = append(bad, n)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return k, fmt.Errorf("optimizers: %s does not take the keyword argument %s", class, strings.Join(bad, ", "))
	}
	return k, nil
}

// WithLearningRate sets the learning rate (Keras's learning_rate=): a
// float (float64, float32 or int) or a schedules.LearningRateSchedule,
// evaluated at every step inside the train function.
func WithLearningRate(lr any) Option {
	return func(k *kwargs) { k.lr = lr; k.mark("learning_rate") }
}

// WithName names the optimizer (Keras's name=); its variables are named
// after it. By default an optimizer is named as Keras 3 names it, after
// the snake_case of its class: "adam", "rm_sprop", "adam_w".
func WithName(name string) Option { return func(k *kwargs) { k.name = name; k.mark("name") } }

// WithWeightDecay sets decoupled weight decay (Keras's weight_decay=):
// before each update every weight not excluded becomes
// w − w·weight_decay·lr. Default none (0), but 0.004 for AdamW.
func WithWeightDecay(wd float64) Option { return numOpt("weight_decay", wd) }

// WithClipnorm clips the gradient of each weight to an L2 norm of at most
// clipnorm (Keras's clipnorm=): g·clipnorm/max(‖g‖, clipnorm). Only one of
// clipnorm, clipvalue and global_clipnorm may be set.
func WithClipnorm(clipnorm float64) Option { return numOpt("clipnorm", clipnorm) }

// WithClipvalue clips every gradient element to [−clipvalue, clipvalue]
// (Keras's clipvalue=).
func WithClipvalue(clipvalue float64) Option { return numOpt("clipvalue", clipvalue) }

// WithGlobalClipnorm scales all gradients together so that their joint L2
// norm is at most global_clipnorm (Keras's global_clipnorm=).
func WithGlobalClipnorm(clipnorm float64) Option { return numOpt("global_clipnorm", clipnorm) }

// WithUseEMA keeps an exponential moving average of the weights (Keras's
// use_ema=); see WithEMAMomentum and WithEMAOverwriteFrequency. Default
// false.
func WithUseEMA(use bool) Option { return flagOpt("use_ema", use) }

// WithEMAMomentum sets the momentum of the moving average of the weights,
// in [0, 1] (Keras's ema_momentum=, default 0.99): average ← m·average +
// (1−m)·w after each step (the first step copies w).
func WithEMAMomentum(m float64) Option { return numOpt("ema_momentum", m) }

// WithEMAOverwriteFrequency overwrites the weights with their moving
// average every n steps (Keras's ema_overwrite_frequency=; 0, the default,
// means never during training: Fit overwrites them once at its end).
func WithEMAOverwriteFrequency(n int) Option { return numOpt("ema_overwrite_frequency", float64(n)) }

// WithLossScaleFactor multiplies the loss by f before the gradients are
// taken and divides the gradients by f before the update (Keras's
// loss_scale_factor=).
func WithLossScaleFactor(f float64) Option { return numOpt("loss_scale_factor", f) }

// WithGradientAccumulationSteps updates the weights on every n-th step
// only, with the mean of the gradients of those n steps (Keras's
// gradient_accumulation_steps=, n ≥ 2): a batch n times larger in memory
// of one. Learning-rate schedules count every step; the update rule and
// the moving averages count updates.
func WithGradientAccumulationSteps(n int) Option {
	return numOpt("gradient_accumulation_steps", float64(n))
}

// WithBeta1 sets beta_1, the decay rate of the first moment (Adam and its
// variants, Lion).
func WithBeta1(b float64) Option { return numOpt("beta_1", b) }

// WithBeta2 sets beta_2, the decay rate of the second moment (Adam and its
// variants; Lion's momentum decay).
func WithBeta2(b float64) Option { return numOpt("beta_2", b) }

// WithEpsilon sets epsilon, the small constant that keeps denominators
// away from zero.
func WithEpsilon(eps float64) Option { return numOpt("epsilon", eps) }

// WithAmsgrad selects the AMSGrad variant of Adam and AdamW (Keras's
// amsgrad=, default false).
func WithAmsgrad(amsgrad bool) Option { return flagOpt("amsgrad", amsgrad) }

// WithRho sets rho, the decay rate of RMSprop's and Adadelta's running
// averages.
func WithRho(rho float64) Option { return numOpt("rho", rho) }

// WithMomentum sets the momentum of SGD and RMSprop.
func WithMomentum(m float64) Option { return numOpt("momentum", m) }

// WithNesterov selects Nesterov momentum for SGD.
func WithNesterov(nesterov bool) Option { return flagOpt("nesterov", nesterov) }

// WithCentered selects centered RMSprop.
func WithCentered(centered bool) Option { return flagOpt("centered", centered) }

// WithInitialAccumulatorValue sets the starting value of Adagrad's and
// Ftrl's accumulators (default 0.1).
func WithInitialAccumulatorValue(v float64) Option { return numOpt("initial_accumulator_value", v) }

// WithLearningRatePower sets Ftrl's learning_rate_power, ≤ 0 (default
// −0.5).
func WithLearningRatePower(p float64) Option { return numOpt("learning_rate_power", p) }

// WithL1RegularizationStrength sets Ftrl's l1_regularization_strength, ≥ 0.
func WithL1RegularizationStrength(l1 float64) Option {
	return numOpt("l1_regularization_strength", l1)
}

// WithL2RegularizationStrength sets Ftrl's l2_regularization_strength, ≥ 0.
func WithL2RegularizationStrength(l2 float64) Option {
	return numOpt("l2_regularization_strength", l2)
}

// WithL2ShrinkageRegularizationStrength sets Ftrl's
// l2_shrinkage_regularization_strength, ≥ 0.
func WithL2ShrinkageRegularizationStrength(l2 float64) Option {
	return numOpt("l2_shrinkage_regularization_strength", l2)
}

// WithBeta sets Ftrl's beta (default 0).
func WithBeta(beta float64) Option { return numOpt("beta", beta) }
