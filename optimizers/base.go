package optimizers

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers/schedules"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// updater is what differs from optimizer to optimizer: checking its own
// arguments and the update of one weight.
type updater interface {
	// check reports hyperparameters Keras rejects.
	check() error
	// build creates the optimizer's slots for the weights vars, before
	// the first update, in the order Keras 3's build creates them (each
	// optimizer's build says from where), so that Variables lists them as
	// Keras saves them: index i of a .keras file's optimizer/vars is
	// variable i.
	build(s *step, vars []*layers.Variable)
	// update returns the new value of weight v, whose value after weight
	// decay is w and whose (clipped) gradient is g, recording the
	// updates of its slots in s.
	update(s *step, v *layers.Variable, w, g *graph.Node) *graph.Node
}

// prestepper is implemented by optimizers with state that all weights
// share, updated once per step before the weights (Nadam's product of
// momentum factors).
type prestepper interface{ prestep(s *step, dt graph.DType) }

// setup parses the options of an optimizer of class class, whose
// learning rate defaults to lr, and sets up the base: its name, learning
// rate, iteration count and common arguments. A bad option is kept as the
// optimizer's error. allowed lists the class's own arguments.
func (b *Base) setup(class string, lr float64, opts []Option, allowed ...string) *kwargs {
	k, err := parse(class, opts, allowed)
	// Keras 3 names an optimizer after the snake_case of its class
	// ("adam", "rm_sprop", "adam_w"); unlike Keras, gokeras does not
	// number repeats ("adam_1"), so names do not depend on how many
	// optimizers were made before.
	b.class, b.name = class, saving.SnakeCase(class)
	if k.name != "" {
		b.name = k.name
	}
	b.iterations, _ = layers.NewVariable(b.name+"/iterations", tensor.Scalar[int64](0), false)
	b.slots = map[string]*layers.Variable{}
	b.WeightDecay = k.num("weight_decay", 0)
	b.Clipnorm = k.num("clipnorm", 0)
	b.Clipvalue = k.num("clipvalue", 0)
	b.GlobalClipnorm = k.num("global_clipnorm", 0)
	b.UseEMA = k.flag("use_ema")
	b.EMAMomentum = k.num("ema_momentum", 0.99)
	b.EMAOverwriteFrequency = int(k.num("ema_overwrite_frequency", 0))
	b.GradientAccumulationSteps = int(k.num("gradient_accumulation_steps", 0))
	b.LossScaleFactor = k.num("loss_scale_factor", 0)
	if err == nil {
		err = b.setLR(k, lr)
	}
	if err == nil {
		n := 0
		for _, a := range []string{"clipnorm", "clipvalue", "global_clipnorm"} {
			if k.has(a) {
				n++
			}
		}
		if n > 1 {
			err = fmt.Errorf("optimizers: %s: only one of clipnorm, clipvalue and global_clipnorm can be set, received clipnorm=%v, clipvalue=%v, global_clipnorm=%v",
				b.name, b.Clipnorm, b.Clipvalue, b.GlobalClipnorm)
		}
	}
	if err == nil {
		err = b.checkBase()
	}
	b.err = err
	return k
}

// setLR sets the learning rate from the learning_rate argument, or def.
func (b *Base) setLR(k *kwargs, def float64) error {
	var lr float64
	switch v := k.lr.(type) {
	case nil:
		lr = def
	case float64:
		lr = v
	case float32:
		lr = float64(v)
	case int:
		lr = float64(v)
	case schedules.LearningRateSchedule:
		ev, err := schedules.NewEvaluator(v)
		if err != nil {
			return fmt.Errorf("optimizers: %s: learning_rate: %w", b.name, err)
		}
		b.schedule, b.evaluator = v, ev
		return nil
	default:
		return fmt.Errorf("optimizers: %s: argument learning_rate should be a float or a LearningRateSchedule, received %T", b.name, k.lr)
	}
	if !(lr >= 0) {
		return fmt.Errorf("optimizers: %s: expected a learning rate ≥ 0, received %v", b.name, lr)
	}
	b.lr, _ = layers.NewVariable(b.name+"/learning_rate", tensor.Scalar(float32(lr)), false)
	return nil
}

// checkBase reports common arguments Keras rejects, and negative ones.
func (b *Base) checkBase() error {
	n := 0
	for _, a := range []struct {
		name string
		v    float64
	}{{"weight_decay", b.WeightDecay}, {"clipnorm", b.Clipnorm}, {"clipvalue", b.Clipvalue}, {"global_clipnorm", b.GlobalClipnorm}} {
		if !(a.v >= 0) {
			return fmt.Errorf("optimizers: %s: expected %s ≥ 0, received %v", b.name, a.name, a.v)
		}
		if a.v > 0 && a.name != "weight_decay" {
			n++
		}
	}
	if n > 1 {
		return fmt.Errorf("optimizers: %s: only one of clipnorm, clipvalue and global_clipnorm can be set, received clipnorm=%v, clipvalue=%v, global_clipnorm=%v",
			b.name, b.Clipnorm, b.Clipvalue, b.GlobalClipnorm)
	}
	if !(b.LossScaleFactor >= 0) {
		return fmt.Errorf("optimizers: %s: expected loss_scale_factor > 0, received %v", b.name, b.LossScaleFactor)
	}
	if n := b.GradientAccumulationSteps; n != 0 && n < 2 {
		return fmt.Errorf("optimizers: %s: gradient_accumulation_steps must be an integer ≥ 2 or 0 for none, received %d", b.name, n)
	}
	if b.UseEMA {
		if !(b.EMAMomentum >= 0 && b.EMAMomentum <= 1) {
			return fmt.Errorf("optimizers: %s: ema_momentum must be in the range [0, 1], received %v", b.name, b.EMAMomentum)
		}
		if b.EMAOverwriteFrequency < 0 {
			return fmt.Errorf("optimizers: %s: ema_overwrite_frequency must be an integer ≥ 1 or 0 for none, received %d", b.name, b.EMAOverwriteFrequency)
		}
	}
	return nil
}

// Err returns the error of a bad constructor argument, or nil.
func (b *Base) Err() error { return b.err }

// Name returns the optimizer's name (Keras's name=), which prefixes its
// variables' names.
func (b *Base) Name() string { return b.name }

// ExcludeFromWeightDecay exempts weights from weight decay, as Keras's
// exclude_from_weight_decay: the variables vars, and every weight whose
// name matches one of the regular expressions varNames (e.g. "bias"). It
// must be called before the optimizer first builds its updates.
func (b *Base) ExcludeFromWeightDecay(vars []*layers.Variable, varNames ...string) error {
	if b.built {
		return fmt.Errorf("optimizers: %s: ExcludeFromWeightDecay can only be called before the optimizer is built", b.name)
	}
	b.exclude = map[*layers.Variable]bool{}
	for _, v := range vars {
		b.exclude[v] = true
	}
	b.excludeRe = nil
	if len(varNames) > 0 {
		re, err := regexp.Compile(strings.Join(varNames, "|"))
		if err != nil {
			return fmt.Errorf("optimizers: %s: ExcludeFromWeightDecay: %w", b.name, err)
		}
		b.excludeRe = re
	}
	return nil
}

// decays reports whether weight decay applies to v.
func (b *Base) decays(v *layers.Variable) bool {
	if b.WeightDecay <= 0 || b.exclude[v] {
		return false
	}
	return b.excludeRe == nil || !b.excludeRe.MatchString(v.Name())
}

// step is one training step being built: the graph, the iteration count
// and learning rate of the step, and the updates recorded so far.
type step struct {
	b  *Base
	g  *graph.Graph
	it *graph.Node // the iteration count before the step (int64)
	// steps is the number of updates before the step (int64): it, or
	// it ÷ gradient_accumulation_steps, as Keras's iterations property.
	steps *graph.Node
	lr    *graph.Node // the learning rate of the step (float32)
	ups   []graph.Update
	// shared holds per-step values that all weights use, by name.
	shared map[string]*graph.Node
}

// lrAs returns the learning rate in dtype dt.
func (s *step) lrAs(dt graph.DType) *graph.Node { return graph.Cast(s.lr, dt) }

// count returns the iteration count plus k in dtype dt: count(dt, 1) is
// Keras's local_step, the step number counted from 1.
func (s *step) count(dt graph.DType, k float64) *graph.Node {
	return graph.Cast(graph.Add(s.steps, graph.ScalarLike(s.steps, k)), dt)
}

// slot returns the slot named name of weight v: a variable of v's shape
// and dtype filled with init on first use.
func (s *step) slot(v *layers.Variable, name string, init float64) *graph.Node {
	return s.b.variable(s.g, v.Name()+"/"+name, v.DType(), v.Shape(), init)
}

// slot names a per-weight slot and the value it starts at.
type slot struct {
	name string
	init float64
}

// declare creates the slots of every weight in vars as Keras's
// add_optimizer_variables does: weight by weight, and for each weight one
// slot per entry of slots, in order (so a call with two slots interleaves
// them). Slots that exist already are left alone.
func (s *step) declare(vars []*layers.Variable, slots ...slot) {
	for _, v := range vars {
		for _, sl := range slots {
			s.slot(v, sl.name, sl.init)
		}
	}
}

// set records the update of slot to value.
func (s *step) set(slot, value *graph.Node) {
	s.ups = append(s.ups, graph.Update{Var: slot, Value: value})
}

// variable returns the optimizer variable key in g, created with dtype dt,
// the given shape and every element init on first use.
func (b *Base) variable(g *graph.Graph, key string, dt graph.DType, shape []int, init float64) *graph.Node {
	v, ok := b.slots[key]
	if !ok {
		var val any
		if dt == graph.Float64 {
			val, _ = tensor.Full(init, shape...)
		} else {
			val, _ = tensor.Full(float32(init), shape...)
		}
		v, _ = layers.NewVariable(b.name+"/"+key, val, false)
		b.slots[key] = v
		b.order = append(b.order, v)
	}
	return v.Node(g)
}

// apply builds the updates of one step of the optimizer u over vars and
// their gradients grads, in Keras's order: clip the gradients, decay the
// weights, apply u's update, update the moving averages (overwriting the
// weights with them every EMAOverwriteFrequency steps), and count the
// step.
func (b *Base) apply(u updater, g *graph.Graph, vars []*layers.Variable, grads []*graph.Node) ([]graph.Update, error) {
	if b.err != nil {
		return nil, b.err
	}
	if err := checkArgs(b.name, vars, grads); err != nil {
		return nil, err
	}
	if err := b.checkBase(); err != nil {
		return nil, err
	}
	if err := u.check(); err != nil {
		return nil, err
	}
	b.built = true
	s := &step{b: b, g: g, it: b.iterations.Node(g), shared: map[string]*graph.Node{}}
	s.steps = s.it
	// With gradient accumulation, Keras counts every call in iterations
	// (which schedules see) but updates the weights on every n-th call
	// only, with the mean of the gradients since the last update, and its
	// update rules and moving averages see iterations ÷ n.
	if f := b.LossScaleFactor; f > 0 && f != 1 {
		// The gradients are those of the scaled loss (see ScaleLoss).
		for i, gr := range grads {
			grads[i] = graph.Div(gr, c(gr, f))
		}
	}
	accum := b.GradientAccumulationSteps
	var isUpdate *graph.Node
	if accum > 0 {
		it := graph.Cast(s.it, graph.Float64)
		n := c(it, float64(accum))
		next := graph.Add(it, c(it, 1))
		isUpdate = graph.Equal(next, graph.Mul(graph.Floor(graph.Div(next, n)), n))
		s.steps = graph.Cast(graph.Floor(graph.Div(it, n)), graph.Int64)
	}
	if b.schedule != nil {
		s.lr = graph.Cast(b.schedule.Call(s.it), graph.Float32)
	} else {
		s.lr = b.lr.Node(g)
	}
	var avgs, accs []*graph.Node
	if b.UseEMA {
		for _, v := range vars {
			avgs = append(avgs, s.slot(v, "average", 0))
		}
	}
	if accum > 0 {
		for _, v := range vars {
			accs = append(accs, s.slot(v, "gradient_accumulator", 0))
		}
		for i, v := range vars {
			gi := graph.Cast(grads[i], v.DType())
			sum := graph.Add(accs[i], gi)
			// The accumulator restarts after an update.
			s.set(accs[i], graph.Where(isUpdate, graph.ZerosLike(sum), sum))
			grads[i] = graph.Div(sum, c(sum, float64(accum)))
		}
	}
	u.build(s, vars)
	grads = b.clip(grads)
	if p, ok := u.(prestepper); ok && len(vars) > 0 {
		p.prestep(s, vars[0].DType())
	}
	news := make([]*graph.Node, len(vars))
	for i, v := range vars {
		w, dt := v.Node(g), v.DType()
		if b.decays(v) {
			w = graph.Sub(w, graph.Mul(graph.Mul(w, c(w, b.WeightDecay)), s.lrAs(dt)))
		}
		news[i] = u.update(s, v, w, graph.Cast(grads[i], dt))
	}
	if accum > 0 {
		// Between updates the weights and the slots keep their values.
		for i, v := range vars {
			news[i] = graph.Where(isUpdate, news[i], v.Node(g))
		}
		for k := len(accs); k < len(s.ups); k++ {
			s.ups[k].Value = graph.Where(isUpdate, s.ups[k].Value, s.ups[k].Var)
		}
	}
	if b.UseEMA {
		b.ema(s, avgs, news)
	}
	for i, v := range vars {
		s.set(v.Node(g), news[i])
	}
	s.set(s.it, graph.Add(s.it, graph.ScalarLike(s.it, 1)))
	return s.ups, nil
}

// clip clips the gradients as the clipping arguments ask.
func (b *Base) clip(grads []*graph.Node) []*graph.Node {
	out := make([]*graph.Node, len(grads))
	switch {
	case b.Clipnorm > 0:
		for i, g := range grads {
			out[i] = clipByNorm(g, b.Clipnorm)
		}
	case b.GlobalClipnorm > 0:
		var sq *graph.Node
		for _, g := range grads {
			sq = addNode(sq, graph.Cast(graph.Sum(graph.Square(g), nil, false), grads[0].DType()))
		}
		norm := graph.Sqrt(sq)
		// clip·min(1/norm, 1/clip), plus norm − norm to turn an infinite
		// or NaN norm into NaN, as Keras does.
		scale := graph.Mul(c(norm, b.GlobalClipnorm), graph.Minimum(graph.Reciprocal(norm), c(norm, 1/b.GlobalClipnorm)))
		scale = graph.Add(scale, graph.Sub(norm, norm))
		for i, g := range grads {
			out[i] = graph.Mul(g, graph.Cast(scale, g.DType()))
		}
	case b.Clipvalue > 0:
		for i, g := range grads {
			out[i] = graph.Clip(g, -b.Clipvalue, b.Clipvalue)
		}
	default:
		copy(out, grads)
	}
	return out
}

// clipByNorm returns g·clip/max(‖g‖, clip), with ‖g‖ taken as 0 where the
// sum of squares is not positive.
func clipByNorm(g *graph.Node, clip float64) *graph.Node {
	sq := graph.Sum(graph.Square(g), nil, true)
	pos := graph.Greater(sq, c(sq, 0))
	norm := graph.Where(pos, graph.Sqrt(graph.Where(pos, sq, graph.OnesLike(sq))), sq)
	return graph.Div(graph.Mul(g, c(g, clip)), graph.Maximum(norm, c(norm, clip)))
}

// ema records the updates of the moving averages avgs of the new weights
// news — the first step copies them, later ones mix in 1 − momentum of
// them — and, every EMAOverwriteFrequency steps, replaces news with the
// averages.
func (b *Base) ema(s *step, avgs, news []*graph.Node) {
	var overwrite *graph.Node
	if f := b.EMAOverwriteFrequency; f > 0 {
		n := graph.Cast(graph.Add(s.steps, graph.ScalarLike(s.steps, 1)), graph.Float64)
		q := graph.Floor(graph.Div(n, c(n, float64(f))))
		overwrite = graph.Equal(n, graph.Mul(q, c(q, float64(f))))
	}
	for i, avg := range avgs {
		notFirst := graph.Cast(graph.NotEqual(s.steps, graph.ScalarLike(s.steps, 0)), avg.DType())
		m := graph.Mul(notFirst, c(avg, b.EMAMomentum))
		a1 := graph.Add(graph.Mul(m, avg), graph.Mul(graph.Sub(c(m, 1), m), news[i]))
		s.set(avg, a1)
		if overwrite != nil {
			news[i] = graph.Where(overwrite, a1, news[i])
		}
	}
}

// FinalizeVariableValues overwrites the weights vars with their moving
// averages if the optimizer keeps them (UseEMA) and has taken a step, as
// Keras's finalize_variable_values; otherwise it does nothing.
func (b *Base) FinalizeVariableValues(vars []*layers.Variable) error {
	if !b.UseEMA || b.Iterations() == 0 {
		return nil
	}
	for _, v := range vars {
		avg, ok := b.slots[v.Name()+"/average"]
		if !ok {
			return fmt.Errorf("optimizers: %s: no moving average of %q: the optimizer has not updated it", b.name, v.Name())
		}
		if err := v.Assign(avg.Value()); err != nil {
			return err
		}
	}
	return nil
}

func addNode(a, b *graph.Node) *graph.Node {
	if a == nil {
		return b
	}
	return graph.Add(a, b)
}
