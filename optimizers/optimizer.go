// Package optimizers holds Keras's optimizers as builders of update
// expressions: given the weights and the symbolic gradients of the loss,
// an optimizer returns the graph updates of one training step, which
// Compile puts into the one compiled train function. Its state (the
// iteration count, the learning rate, and per-weight slots such as
// momenta) lives in variables bound into the same graph, so a step runs
// entirely inside the compiled function.
//
// Defaults and update formulas are Keras 3's: SGD (learning rate 0.01,
// momentum, Nesterov), RMSprop (0.001, rho 0.9, ε inside the square root,
// momentum, centered), Adam (0.001, β₁ 0.9, β₂ 0.999, ε 1e-7 outside the
// square root, bias correction folded into the step size, AMSGrad), AdamW,
// Adagrad, Adadelta, Adamax, Nadam, Lion, Ftrl and Lamb, one file each.
//
// Every optimizer takes Keras's common keyword arguments as options
// (WithLearningRate, which also takes a schedule from package schedules;
// WithWeightDecay, WithClipnorm, WithClipvalue, WithGlobalClipnorm,
// WithUseEMA, WithEMAMomentum, WithEMAOverwriteFrequency) and applies them
// in Keras's order within each step: gradients are clipped, weights
// decayed, the optimizer's own update applied, the moving average of the
// weights updated (and copied into them every ema_overwrite_frequency
// steps), then the iteration count advanced.
//
// Optimizers save and load as Keras 3 does. Serialize writes an
// optimizer's get_config form (with a schedule serialized inside
// learning_rate) and Deserialize reads it back, from Keras 3's config or
// Keras 2's (legacy training configs: "lr", "decay", tf.keras's extra
// keys). Variables lists the state in the order of a .keras file's
// optimizer/vars: each optimizer's build creates its slots in the order
// Keras 3's build does.
//
// Each class's config is written and read in the class's own file and
// registered there by class name (Register), so adding an optimizer is a
// one-file job. The code lives here rather than in package saving or
// models because saving is the lower package: layers, optimizers and
// schedules import it for its config types (Params, Object) and it imports
// none of them; models only dispatches through Serialize and Deserialize.
package optimizers

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers/schedules"
	"github.com/gokeras/gokeras/tensor"
)

// Optimizer is a Keras optimizer.
type Optimizer interface {
	// ClassName returns the Keras class name, e.g. "RMSprop".
	ClassName() string
	// Updates returns the updates of one training step of the weights vars
	// given the gradients grads of the loss (one per weight, nodes of g):
	// the new values of the weights and of the optimizer's state.
	Updates(g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error)
	// Variables returns the optimizer's state in the order Keras 3 saves
	// it: iterations, the learning rate (unless it is a schedule), then,
	// once the optimizer has built its updates, the slots in the order
	// Keras 3's build creates them.
	Variables() []*layers.Variable
	// Iterations returns the number of steps taken.
	Iterations() int64
	// LearningRate returns the current learning rate.
	LearningRate() float64
	// SetLearningRate changes the learning rate; compiled functions see
	// the change at their next call.
	SetLearningRate(lr float64) error
	// FinalizeVariableValues ends training as Keras's
	// finalize_variable_values: with use_ema, it overwrites the weights
	// vars with their moving averages. Fit calls it after the last epoch.
	FinalizeVariableValues(vars []*layers.Variable) error
}

// Base holds what every optimizer shares: Keras's common keyword
// arguments, the learning rate (a variable, or a schedule of the step) and
// the iteration count, and the per-weight slots. Optimizers embed it; its
// exported fields may be changed until the optimizer first builds its
// updates.
type Base struct {
	// WeightDecay, if > 0, decays each weight not excluded before its
	// update: w ← w − w·weight_decay·lr (Keras's weight_decay).
	WeightDecay float64
	// Clipnorm, if > 0, clips each weight's gradient to this L2 norm.
	Clipnorm float64
	// Clipvalue, if > 0, clips gradient elements to ±Clipvalue.
	Clipvalue float64
	// GlobalClipnorm, if > 0, scales all gradients to this joint L2 norm.
	GlobalClipnorm float64
	// UseEMA keeps an exponential moving average of the weights.
	UseEMA bool
	// EMAMomentum is the momentum of the moving average (default 0.99).
	EMAMomentum float64
	// EMAOverwriteFrequency, if > 0, copies the moving average into the
	// weights every that many steps.
	EMAOverwriteFrequency int
	// LossScaleFactor, if > 0 and not 1, multiplies the loss before the
	// gradients are taken and divides the gradients by it before the
	// update (Keras's loss_scale_factor, against underflow in low
	// precision); see ScaleLoss.
	LossScaleFactor float64
	// GradientAccumulationSteps, if ≥ 2, updates the weights on every
	// n-th step only, with the mean of the gradients of the n steps
	// (Keras's gradient_accumulation_steps); 0 updates at every step.
	GradientAccumulationSteps int

	class      string
	name       string
	lr         *layers.Variable // nil with a schedule
	schedule   schedules.LearningRateSchedule
	evaluator  *schedules.Evaluator // reads the schedule on the host
	iterations *layers.Variable
	slots      map[string]*layers.Variable
	order      []*layers.Variable
	err        error
	built      bool
	exclude    map[*layers.Variable]bool
	excludeRe  *regexp.Regexp
}

// Variables returns the iteration count, the learning rate (unless it is
// a schedule) and the slots, in the order Keras 3 saves them (see each
// optimizer's build).
func (b *Base) Variables() []*layers.Variable {
	vs := []*layers.Variable{b.iterations}
	if b.lr != nil {
		vs = append(vs, b.lr)
	}
	return append(vs, b.order...)
}

// ScaleLoss returns loss multiplied by the loss scale factor, if one is
// set, as Keras's scale_loss: a training step takes the gradients of the
// scaled loss, and Updates divides them by the factor again.
func (b *Base) ScaleLoss(loss *graph.Node) *graph.Node {
	if f := b.LossScaleFactor; f > 0 && f != 1 {
		return graph.Mul(loss, graph.ScalarLike(loss, f))
	}
	return loss
}

// Iterations returns the number of steps taken, the count Keras saves.
// With gradient accumulation it counts steps, not updates: Keras's
// iterations property is then this count divided by the accumulation
// steps.
func (b *Base) Iterations() int64 {
	t, _ := b.iterations.Value().(*tensor.Tensor[int64])
	return t.Data()[0]
}

// LearningRate returns the current learning rate: with a schedule, its
// value at the current iteration count (NaN if it cannot be evaluated).
func (b *Base) LearningRate() float64 {
	if b.schedule != nil {
		lr, err := b.evaluator.At(b.Iterations())
		if err != nil {
			return math.NaN()
		}
		return lr
	}
	return float64(b.lr.Float32().Data()[0])
}

// SetLearningRate changes the learning rate. An optimizer whose learning
// rate is a schedule refuses, as Keras does.
func (b *Base) SetLearningRate(lr float64) error {
	if b.schedule != nil {
		return fmt.Errorf("optimizers: %s: the optimizer was created with a learning rate schedule (%s), hence its learning rate is not settable; create it with a float learning rate to set it",
			b.name, b.schedule.ClassName())
	}
	if !(lr >= 0) {
		return fmt.Errorf("optimizers: %s: expected a learning rate ≥ 0, received %v", b.name, lr)
	}
	return b.lr.Assign(tensor.Scalar(float32(lr)))
}

// checkArgs checks that vars and grads pair up.
func checkArgs(name string, vars []*layers.Variable, grads []*graph.Node) error {
	if len(vars) != len(grads) {
		return fmt.Errorf("optimizers: %s: %d weights but %d gradients", name, len(vars), len(grads))
	}
	for i, v := range vars {
		if v.DType() != graph.Float32 && v.DType() != graph.Float64 {
			return fmt.Errorf("optimizers: %s: weight %q is %s, expected float32 or float64", name, v.Name(), v.DType())
		}
		if grads[i] == nil {
			return fmt.Errorf("optimizers: %s: no gradient for weight %q", name, v.Name())
		}
	}
	return nil
}

// c returns a float32 constant of x's graph.
func c(x *graph.Node, v float64) *graph.Node { return graph.ScalarLike(x, v) }

// byName maps Keras's identifiers to constructors with Keras's defaults;
// each optimizer's file registers its own.
var byName = map[string]func() Optimizer{}

// register makes name (lower case) an identifier of the optimizers new
// returns.
func register(name string, new func() Optimizer) { byName[name] = new }

// Get returns a new optimizer with Keras's defaults for the identifier
// name (case-insensitive): "sgd", "rmsprop", "adam", "adamw", "adagrad",
// "adadelta", "adamax", "nadam", "lion", "ftrl" or "lamb".
func Get(name string) (Optimizer, error) {
	if f, ok := byName[strings.ToLower(name)]; ok {
		return f(), nil
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("optimizers: unknown optimizer %q: expected one of %s", name, strings.Join(names, ", "))
}

// Resolve turns a Keras-style argument into an optimizer: an Optimizer is
// returned as is (or its construction error, if it has one), a string
// goes through Get, and nil gives RMSprop, Compile's default.
func Resolve(v any) (Optimizer, error) {
	switch v := v.(type) {
	case nil:
		return NewRMSprop(), nil
	case Optimizer:
		if e, ok := v.(interface{ Err() error }); ok && e.Err() != nil {
			return nil, e.Err()
		}
		return v, nil
	case string:
		return Get(v)
	}
	return nil, fmt.Errorf("optimizers: expected an optimizer identifier or an Optimizer, received %T", v)
}
