package optimizers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers/schedules"
	"github.com/gokeras/gokeras/tensor"
)

// sgdStep is plain SGD on already transformed gradients.
func sgdStep(lr float64, ws, gs [][]float64) {
	each(ws, gs, func(_, _ int, w, g float64) float64 { return w - lr*g })
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

func scale(x []float64, k float64) {
	for i := range x {
		x[i] *= k
	}
}

// TestClipnorm: with clipnorm 3 the first gradient of the bias (norm
// 3.44) is clipped and the kernel's (norm 2.9) is not.
func TestClipnorm(t *testing.T) {
	if n := norm([]float64{3 * (0.9 - 2), 0.7 * (-1.4 + 0.6), 2 - 1.2}); n < 3 {
		t.Fatalf("the bias's first gradient norm %v does not exceed the clip", n)
	}
	checkSteps(t, func() Optimizer { return NewSGD(WithLearningRate(0.1), WithClipnorm(3)) }, func(cast) refStep {
		return func(_ int, ws, gs [][]float64) {
			for _, g := range gs {
				scale(g, 3/math.Max(norm(g), 3))
			}
			sgdStep(f32(0.1), ws, gs)
		}
	})
}

func TestGlobalClipnorm(t *testing.T) {
	ref := func(cast) refStep {
		return func(_ int, ws, gs [][]float64) {
			n := math.Hypot(norm(gs[0]), norm(gs[1]))
			for _, g := range gs {
				scale(g, 2*math.Min(1/n, 1.0/2))
			}
			sgdStep(f32(0.1), ws, gs)
		}
	}
	checkSteps(t, func() Optimizer { return NewSGD(WithLearningRate(0.1), WithGlobalClipnorm(2)) }, ref)
	// A joint norm under the clip leaves the gradients alone.
	checkSteps(t, func() Optimizer { return NewSGD(WithLearningRate(0.1), WithGlobalClipnorm(100)) }, func(cast) refStep {
		return func(_ int, ws, gs [][]float64) { sgdStep(f32(0.1), ws, gs) }
	})
}

func TestClipvalue(t *testing.T) {
	checkSteps(t, func() Optimizer { return NewRMSprop(WithLearningRate(0.01), WithClipvalue(1)) }, func(r cast) refStep {
		v := zeros()
		return func(_ int, ws, gs [][]float64) {
			each(ws, gs, func(i, j int, w, g float64) float64 {
				g = math.Max(-1, math.Min(1, g))
				v[i][j] = r(0.9)*v[i][j] + r(0.1)*g*g
				return w - f32(0.01)*g/math.Sqrt(v[i][j]+r(1e-7))
			})
		}
	})
}

// TestWeightDecay decays the kernel only (the bias is excluded by name)
// before SGD's update, and decays Ftrl's weights before its update reads
// them.
func TestWeightDecay(t *testing.T) {
	newOpt := func() Optimizer {
		o := NewSGD(WithLearningRate(0.1), WithWeightDecay(0.5))
		if err := o.ExcludeFromWeightDecay(nil, "bias$"); err != nil {
			t.Fatal(err)
		}
		return o
	}
	checkSteps(t, newOpt, func(r cast) refStep {
		return func(_ int, ws, gs [][]float64) {
			for j, w := range ws[0] {
				ws[0][j] = w - w*r(0.5)*f32(0.1)
			}
			sgdStep(f32(0.1), ws, gs)
		}
	})
	newFtrl := func() Optimizer { return NewFtrl(WithLearningRate(0.5), WithWeightDecay(0.2)) }
	checkSteps(t, newFtrl, func(r cast) refStep {
		ftrl := ftrlRef(f32(0.5), -0.5, 0.1, 0, 0, 0, 0)(r)
		return func(step int, ws, gs [][]float64) {
			each(ws, gs, func(_, _ int, w, _ float64) float64 { return w - w*r(0.2)*f32(0.5) })
			ftrl(step, ws, gs)
		}
	})
	// Excluding a variable itself works too.
	vars := fiveVars(t, graph.Float32)
	o := NewSGD(WithWeightDecay(0.1))
	if err := o.ExcludeFromWeightDecay(vars[:1]); err != nil || o.decays(vars[0]) || !o.decays(vars[1]) {
		t.Errorf("exclusion by variable: %v", err)
	}
	if err := o.ExcludeFromWeightDecay(nil, "("); err == nil {
		t.Error("bad pattern accepted")
	}
	if _, err := o.Updates(graph.New(), nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := o.ExcludeFromWeightDecay(nil, "bias"); err == nil {
		t.Error("exclusion after building accepted")
	}
}

// emaRef is SGD with a moving average of the weights, overwriting them
// every freq steps (0: never); avg receives the averages.
func emaRef(momentum float64, freq int, avg *[][]float64) func(r cast) refStep {
	return func(r cast) refStep {
		*avg = zeros()
		return func(step int, ws, gs [][]float64) {
			sgdStep(f32(0.1), ws, gs)
			m := r(momentum)
			if step == 1 {
				m = 0
			}
			for i := range ws {
				for j, w := range ws[i] {
					(*avg)[i][j] = m*(*avg)[i][j] + (1-m)*w
				}
			}
			if freq > 0 && step%freq == 0 {
				copy(ws[0], (*avg)[0])
				copy(ws[1], (*avg)[1])
			}
		}
	}
}

func TestEMA(t *testing.T) {
	for _, freq := range []int{0, 2} {
		newOpt := func() *SGD {
			return NewSGD(WithLearningRate(0.1), WithUseEMA(true), WithEMAMomentum(0.6), WithEMAOverwriteFrequency(freq))
		}
		var avg [][]float64
		checkSteps(t, func() Optimizer { return newOpt() }, emaRef(0.6, freq, &avg))

		// The averages are optimizer variables, and finalizing copies them
		// into the weights.
		o := newOpt()
		_, vars := run(t, o, graph.Float64)
		want := reference(emaRef(0.6, freq, &avg)(exact))
		if err := o.FinalizeVariableValues(vars); err != nil {
			t.Fatal(err)
		}
		for i, v := range vars {
			got := values(v)
			for j := range got {
				if math.Abs(got[j]-avg[i][j]) > 1e-12*math.Abs(avg[i][j]) {
					t.Errorf("freq %d: finalized %s[%d] = %v, want the average %v", freq, v.Name(), j, got[j], avg[i][j])
				}
			}
		}
		if freq == 0 && math.Abs(want[fiveSteps-1][0][0]-avg[0][0]) < 1e-3 {
			t.Error("the averages do not differ from the weights; the test shows nothing")
		}
		n := 0
		for _, v := range o.Variables() {
			if strings.HasSuffix(v.Name(), "/average") {
				n++
			}
		}
		if n != 2 {
			t.Errorf("%d average variables, want 2", n)
		}
	}
	// Without EMA, finalizing changes nothing.
	o := NewSGD(WithLearningRate(0.1))
	_, vars := run(t, o, graph.Float32)
	before := values(vars[0])
	if err := o.FinalizeVariableValues(vars); err != nil || values(vars[0])[0] != before[0] {
		t.Errorf("finalize without EMA: %v", err)
	}
}

// TestSchedule drives SGD with schedules evaluated inside the step
// function from the iteration count (0 at the first step).
func TestSchedule(t *testing.T) {
	exp := schedules.NewExponentialDecay(0.1, 2, 0.5)
	exp.Staircase = true
	checkSteps(t, func() Optimizer { return NewSGD(WithLearningRate(exp)) }, func(cast) refStep {
		return func(step int, ws, gs [][]float64) {
			sgdStep(f32(0.1)*math.Pow(0.5, math.Floor(float64(step-1)/2)), ws, gs)
		}
	})
	pw := schedules.NewPiecewiseConstantDecay([]int64{1, 3}, []float64{0.2, 0.05, 0.01})
	checkSteps(t, func() Optimizer { return NewAdam(WithLearningRate(pw)) }, func(r cast) refStep {
		lrs := []float64{f32(0.2), f32(0.2), f32(0.05), f32(0.05), f32(0.01)}
		m, v := zeros(), zeros()
		return func(step int, ws, gs [][]float64) {
			lr := lrs[step-1]
			alpha := lr * math.Sqrt(1-r(math.Pow(r(0.999), float64(step)))) / (1 - r(math.Pow(r(0.9), float64(step))))
			each(ws, gs, func(i, j int, w, g float64) float64 {
				m[i][j] += (g - m[i][j]) * r(0.1)
				v[i][j] += (g*g - v[i][j]) * r(1-0.999)
				return w - alpha*m[i][j]/(math.Sqrt(v[i][j])+r(1e-7))
			})
		}
	})
	o := NewSGD(WithLearningRate(exp))
	if o.LearningRate() != f32(0.1) {
		t.Errorf("learning rate at step 0: %v", o.LearningRate())
	}
	run(t, o, graph.Float32)
	if want := f32(0.1) * 0.25; o.LearningRate() != want {
		t.Errorf("learning rate after 5 steps: %v, want %v", o.LearningRate(), want)
	}
	if err := o.SetLearningRate(0.1); err == nil || !strings.Contains(err.Error(), "not settable") {
		t.Errorf("SetLearningRate with a schedule: %v", err)
	}
	for _, v := range o.Variables() {
		if strings.HasSuffix(v.Name(), "learning_rate") {
			t.Error("a schedule's optimizer has a learning-rate variable")
		}
	}
}

func TestOptionErrors(t *testing.T) {
	cases := []struct {
		opt  Optimizer
		part string
	}{
		{NewAdam(WithClipnorm(1), WithClipvalue(1)), "only one of clipnorm, clipvalue and global_clipnorm"},
		{NewLion(WithGlobalClipnorm(1), WithClipnorm(0)), "only one of"},
		{NewAdam(WithLearningRate("fast")), "learning_rate should be a float"},
		{NewAdam(WithLearningRate(-0.1)), "learning rate ≥ 0"},
		{NewAdam(WithLearningRate(schedules.NewCosineDecay(0.1, 0))), "decay_steps"},
		{NewNadam(WithUseEMA(true), WithEMAMomentum(1.5)), "ema_momentum"},
		{NewNadam(WithUseEMA(true), WithEMAOverwriteFrequency(-1)), "ema_overwrite_frequency"},
		{NewAdagrad(WithClipnorm(-1)), "clipnorm ≥ 0"},
		{NewAdadelta(WithMomentum(0.9)), "Adadelta does not take the keyword argument momentum"},
		{NewAdamax(WithNesterov(true), WithAmsgrad(true)), "amsgrad, nesterov"},
	}
	for _, c := range cases {
		_, err := Resolve(c.opt)
		if err == nil || !strings.Contains(err.Error(), c.part) {
			t.Errorf("%s: Resolve error %v, want one mentioning %q", c.opt.ClassName(), err, c.part)
		}
		if _, err := c.opt.Updates(graph.New(), nil, nil); err == nil {
			t.Errorf("%s: Updates despite %q", c.opt.ClassName(), c.part)
		}
	}
	// Fields changed after construction are checked when building.
	o := NewAdam()
	o.Clipnorm, o.Clipvalue = 1, 1
	if _, err := o.Updates(graph.New(), nil, nil); err == nil {
		t.Error("two clips set by field accepted")
	}
	l := NewLion()
	l.Beta1 = 2
	if _, err := l.Updates(graph.New(), nil, nil); err == nil {
		t.Error("Lion beta_1 2 set by field accepted")
	}
}

func TestGetEveryOptimizer(t *testing.T) {
	want := map[string]string{"sgd": "SGD", "RMSprop": "RMSprop", "adam": "Adam", "AdamW": "AdamW", "adagrad": "Adagrad",
		"adadelta": "Adadelta", "adamax": "Adamax", "nadam": "Nadam", "lion": "Lion", "ftrl": "Ftrl", "lamb": "Lamb"}
	for name, class := range want {
		o, err := Get(name)
		if err != nil || o.ClassName() != class {
			t.Errorf("Get(%q) = %v, %v", name, o, err)
			continue
		}
		if err := o.(interface{ Err() error }).Err(); err != nil {
			t.Errorf("%s defaults: %v", class, err)
		}
	}
	if _, err := Get("adafactor"); err == nil || !strings.Contains(err.Error(), "lamb") {
		t.Errorf("unknown name: %v", err)
	}
	if o := NewAdam(WithName("opt")); o.Name() != "opt" || !strings.HasPrefix(o.Variables()[0].Name(), "opt/") {
		t.Errorf("named optimizer: %q, %q", o.Name(), o.Variables()[0].Name())
	}
	if o := NewSGD(WithLearningRate(float32(0.5))); o.LearningRate() != 0.5 {
		t.Errorf("float32 learning rate: %v", o.LearningRate())
	}
	if o := NewSGD(WithLearningRate(1)); o.LearningRate() != 1 {
		t.Errorf("int learning rate: %v", o.LearningRate())
	}
}

func TestWeightDTypes(t *testing.T) {
	v, err := layers.NewVariable("w", tensor.FromSlice([]int32{1, 2}), true)
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New()
	w := v.Node(g)
	if _, err := NewAdam().Updates(g, []*layers.Variable{v}, []*graph.Node{w}); err == nil ||
		!strings.Contains(err.Error(), "expected float32 or float64") {
		t.Errorf("int32 weight: %v", err)
	}
}
