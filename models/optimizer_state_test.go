package models

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/optimizers/schedules"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// resumeCases are optimizers whose state a .keras file must carry for
// training to resume exactly: every class, the variants that add slots,
// schedules, and moving averages.
var resumeCases = []struct {
	name string
	opt  func() optimizers.Optimizer
}{
	{"SGD", func() optimizers.Optimizer { return optimizers.NewSGD(optimizers.WithLearningRate(0.1)) }},
	{"SGD nesterov", func() optimizers.Optimizer {
		return optimizers.NewSGD(optimizers.WithLearningRate(0.05), optimizers.WithMomentum(0.9), optimizers.WithNesterov(true))
	}},
	{"RMSprop", func() optimizers.Optimizer { return optimizers.NewRMSprop(optimizers.WithLearningRate(0.01)) }},
	{"RMSprop centered momentum", func() optimizers.Optimizer {
		return optimizers.NewRMSprop(optimizers.WithLearningRate(0.01), optimizers.WithMomentum(0.5), optimizers.WithCentered(true))
	}},
	{"Adam", func() optimizers.Optimizer { return optimizers.NewAdam(optimizers.WithLearningRate(0.02)) }},
	{"Adam gradient accumulation loss scale", func() optimizers.Optimizer {
		return optimizers.NewAdam(optimizers.WithLearningRate(0.02), optimizers.WithGradientAccumulationSteps(3), optimizers.WithLossScaleFactor(64))
	}},
	{"Adam amsgrad clipnorm", func() optimizers.Optimizer {
		return optimizers.NewAdam(optimizers.WithLearningRate(0.02), optimizers.WithAmsgrad(true), optimizers.WithClipnorm(0.5))
	}},
	{"AdamW", func() optimizers.Optimizer {
		return optimizers.NewAdamW(optimizers.WithLearningRate(0.02), optimizers.WithWeightDecay(0.05))
	}},
	{"Adagrad EMA", func() optimizers.Optimizer {
		return optimizers.NewAdagrad(optimizers.WithLearningRate(0.1), optimizers.WithUseEMA(true), optimizers.WithEMAMomentum(0.9),
			optimizers.WithEMAOverwriteFrequency(5))
	}},
	{"Adadelta", func() optimizers.Optimizer { return optimizers.NewAdadelta(optimizers.WithLearningRate(1)) }},
	{"Adamax", func() optimizers.Optimizer { return optimizers.NewAdamax(optimizers.WithLearningRate(0.02)) }},
	{"Nadam", func() optimizers.Optimizer { return optimizers.NewNadam(optimizers.WithLearningRate(0.02)) }},
	{"Lion", func() optimizers.Optimizer { return optimizers.NewLion(optimizers.WithLearningRate(0.005)) }},
	{"Ftrl", func() optimizers.Optimizer {
		return optimizers.NewFtrl(optimizers.WithLearningRate(0.1), optimizers.WithL1RegularizationStrength(0.001),
			optimizers.WithL2ShrinkageRegularizationStrength(0.01), optimizers.WithBeta(0.1))
	}},
	{"Lamb", func() optimizers.Optimizer { return optimizers.NewLamb(optimizers.WithLearningRate(0.01)) }},
	{"Adam ExponentialDecay", func() optimizers.Optimizer {
		return optimizers.NewAdam(optimizers.WithLearningRate(schedules.NewExponentialDecay(0.05, 3, 0.7)))
	}},
	{"SGD PiecewiseConstantDecay global_clipnorm", func() optimizers.Optimizer {
		return optimizers.NewSGD(optimizers.WithLearningRate(schedules.NewPiecewiseConstantDecay([]int64{4, 9}, []float64{0.2, 0.1, 0.02})),
			optimizers.WithMomentum(0.5), optimizers.WithGlobalClipnorm(1))
	}},
}

// resumeModel returns a small compiled regression model.
func resumeModel(t *testing.T, opt optimizers.Optimizer) *Model {
	t.Helper()
	layers.SetRandomSeed(11)
	m := NewSequential(
		layers.NewDense(5, layers.WithActivation("tanh"), layers.WithInputDim(3)),
		layers.NewDense(2),
	)
	if err := m.Compile(opt, "mse"); err != nil {
		t.Fatal(err)
	}
	return m.Model
}

// regressionData returns 40 samples of a smooth 3 → 2 function.
func regressionData() (*tensor.Tensor[float32], *tensor.Tensor[float32]) {
	xs := make([]float32, 40*3)
	ys := make([]float32, 40*2)
	for i := range 40 {
		a, b, c := float32(i%7)/7-0.5, float32(i%5)/5-0.4, float32(i%3)/3-0.3
		xs[3*i], xs[3*i+1], xs[3*i+2] = a, b, c
		ys[2*i], ys[2*i+1] = a*b+c, a-2*c*b
	}
	return tensor.Must(tensor.New([]int{40, 3}, xs)), tensor.Must(tensor.New([]int{40, 2}, ys))
}

// stateOf returns the model's weights and its optimizer's variables.
func stateOf(t *testing.T, m *Model) []saving.Tensor {
	t.Helper()
	vs := append(append([]*layers.Variable(nil), m.Weights()...), m.Optimizer().Variables()...)
	out, err := tensorsOf(vs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameState checks two states bit for bit.
func sameState(t *testing.T, what string, want, got []saving.Tensor) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%s: %d variables, want %d", what, len(got), len(want))
	}
	for i := range want {
		a, b := fmt.Sprint(want[i]), fmt.Sprint(got[i])
		if wf, ok := want[i].(*tensor.Tensor[float32]); ok {
			gf, ok := got[i].(*tensor.Tensor[float32])
			if !ok {
				t.Fatalf("%s: variable %d is %T, want float32", what, i, got[i])
			}
			sameTensors(t, fmt.Sprintf("%s: variable %d", what, i), wf, gf)
			continue
		}
		if a != b {
			t.Errorf("%s: variable %d is %s, want %s", what, i, b, a)
		}
	}
}

// TestSaveLoadFitResumesEveryOptimizer trains, saves, loads and trains
// on: the loaded model's weights and optimizer state end bit-identical to
// the original's after the same further training, for every optimizer.
func TestSaveLoadFitResumesEveryOptimizer(t *testing.T) {
	x, y := regressionData()
	fit := func(m *Model) {
		t.Helper()
		if _, err := m.Fit(ctx, x, y, Epochs(2), BatchSize(8), Shuffle(false), Verbose(0)); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range resumeCases {
		t.Run(c.name, func(t *testing.T) {
			m := resumeModel(t, c.opt())
			fit(m)
			var buf bytes.Buffer
			if err := m.SaveTo(&buf); err != nil {
				t.Fatal(err)
			}
			saved := stateOf(t, m)
			back, err := LoadModelBytes(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if back.Optimizer() == nil || back.Optimizer().ClassName() != m.Optimizer().ClassName() {
				t.Fatalf("loaded optimizer %v, want %s", back.Optimizer(), m.Optimizer().ClassName())
			}
			a, err := saving.ReadKerasFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatal(err)
			}
			ov := a.Vars.Get("optimizer")
			if n := len(ov.Values); n != len(m.Optimizer().Variables()) || n < 2 {
				t.Errorf("the file holds %d optimizer variables, the optimizer has %d", n, len(m.Optimizer().Variables()))
			}
			// Keras 3 names the group after the optimizer ("adam").
			if want := saving.SnakeCase(m.Optimizer().ClassName()); ov.Name != want {
				t.Errorf("optimizer vars named %q, want %q", ov.Name, want)
			}
			fit(m)
			fit(back)
			if back.Optimizer().Iterations() != m.Optimizer().Iterations() || m.Optimizer().Iterations() != 20 {
				t.Errorf("iterations %d after reload, want %d (= 20)", back.Optimizer().Iterations(), m.Optimizer().Iterations())
			}
			want, got := stateOf(t, m), stateOf(t, back)
			sameState(t, c.name, want, got)
			// The state moved: the comparison is not between two idle models.
			if fmt.Sprint(saved[0]) == fmt.Sprint(want[0]) {
				t.Errorf("%s: the first weight did not change in training", c.name)
			}
		})
	}
}

// TestSaveLoadFitMatchesUninterruptedFit compares a Fit of four epochs
// with two, a save and load, then two more, for one optimizer of each
// kind of slot layout.
func TestSaveLoadFitMatchesUninterruptedFit(t *testing.T) {
	x, y := regressionData()
	for _, c := range resumeCases {
		if c.name != "RMSprop centered momentum" && c.name != "Nadam" && c.name != "Adam ExponentialDecay" && c.name != "Ftrl" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			whole := resumeModel(t, c.opt())
			if _, err := whole.Fit(ctx, x, y, Epochs(4), BatchSize(8), Shuffle(false), Verbose(0)); err != nil {
				t.Fatal(err)
			}
			first := resumeModel(t, c.opt())
			if _, err := first.Fit(ctx, x, y, Epochs(2), BatchSize(8), Shuffle(false), Verbose(0)); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := first.SaveTo(&buf); err != nil {
				t.Fatal(err)
			}
			back, err := LoadModelBytes(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if _, err := back.Fit(ctx, x, y, Epochs(4), InitialEpoch(2), BatchSize(8), Shuffle(false), Verbose(0)); err != nil {
				t.Fatal(err)
			}
			sameState(t, c.name, stateOf(t, whole), stateOf(t, back))
		})
	}
}

// TestLoadUnbuiltOptimizerState saves a model compiled but never trained
// (the file holds the optimizer's iteration count and learning rate only,
// as Keras writes an unbuilt optimizer), loads it and trains: the learning
// rate set before saving is kept and the slots start fresh, as in a model
// trained without the round trip.
func TestLoadUnbuiltOptimizerState(t *testing.T) {
	x, y := regressionData()
	for _, c := range resumeCases {
		t.Run(c.name, func(t *testing.T) {
			fresh := resumeModel(t, c.opt())
			m := resumeModel(t, c.opt())
			var buf bytes.Buffer
			if err := m.SaveTo(&buf); err != nil {
				t.Fatal(err)
			}
			back, err := LoadModelBytes(buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			for _, mm := range []*Model{fresh, back} {
				if _, err := mm.Fit(ctx, x, y, Epochs(1), BatchSize(8), Shuffle(false), Verbose(0)); err != nil {
					t.Fatal(err)
				}
			}
			sameState(t, c.name, stateOf(t, fresh), stateOf(t, back))
		})
	}
	// A learning rate changed before saving survives.
	m := resumeModel(t, optimizers.NewRMSprop())
	if err := m.Optimizer().SetLearningRate(0.25); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := LoadModelBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := back.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	if lr := back.Optimizer().LearningRate(); lr != 0.25 {
		t.Errorf("learning rate %v after the round trip, want 0.25", lr)
	}
}

// TestLoadInt32Iterations loads an archive whose iteration count is int32,
// as Keras 3 on JAX writes it.
func TestLoadInt32Iterations(t *testing.T) {
	x, y := regressionData()
	m := resumeModel(t, optimizers.NewAdam())
	if _, err := m.Fit(ctx, x, y, Epochs(1), BatchSize(8), Verbose(0)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.SaveTo(&buf); err != nil {
		t.Fatal(err)
	}
	a, err := saving.ReadKerasFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	a.Vars.Get("optimizer").Values[0] = tensor.Scalar[int32](5)
	buf.Reset()
	if err := saving.WriteKerasFile(&buf, a); err != nil {
		t.Fatal(err)
	}
	back, err := LoadModelBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := back.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	if it := back.Optimizer().Iterations(); it != 6 {
		t.Errorf("iterations %d, want 6", it)
	}
}
