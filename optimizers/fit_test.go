package optimizers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/optimizers/schedules"
	"github.com/gokeras/gokeras/tensor"
)

func snapshot(vs []*layers.Variable) [][]float32 {
	var out [][]float32
	for _, v := range vs {
		out = append(out, v.Float32().Data())
	}
	return out
}

func regression() (x, y *tensor.Tensor[float32]) {
	xs := []float32{0, 1, 1, 0, 1, 1, 2, 1, 0, 2, 1, 2, 3, 1, 2, 3}
	ys := []float32{1, -1, 0, 3, -2, -1, 1, -3}
	return tensor.Must(tensor.New([]int{8, 2}, xs)), tensor.Must(tensor.New([]int{8, 1}, ys))
}

// TestFitFinalizesEMA trains with use_ema and checks, as Keras's fit does,
// that the weights after Fit are the optimizer's moving averages, not the
// weights of the last step.
func TestFitFinalizesEMA(t *testing.T) {
	x, y := regression()
	m := models.NewSequential(layers.NewDense(1, layers.WithInputDim(2)))
	opt := optimizers.NewSGD(optimizers.WithLearningRate(0.05), optimizers.WithUseEMA(true), optimizers.WithEMAMomentum(0.5))
	if err := m.Compile(opt, "mse"); err != nil {
		t.Fatal(err)
	}
	var last [][]float32
	cb := &callbacks.LambdaCallback{OnBatchEndFn: func(int, callbacks.Logs) { last = snapshot(m.TrainableWeights()) }}
	if _, err := m.Fit(context.Background(), x, y, models.Epochs(2), models.BatchSize(4), models.Verbose(0),
		models.Shuffle(false), models.Callbacks(cb)); err != nil {
		t.Fatal(err)
	}
	final := snapshot(m.TrainableWeights())
	var avgs [][]float32
	for _, v := range opt.Variables() {
		if strings.HasSuffix(v.Name(), "/average") {
			avgs = append(avgs, v.Float32().Data())
		}
	}
	if len(avgs) != len(final) {
		t.Fatalf("%d averages for %d weights", len(avgs), len(final))
	}
	differs := false
	for i := range final {
		for j := range final[i] {
			if final[i][j] != avgs[i][j] {
				t.Errorf("weight %d[%d] = %v after Fit, want the average %v", i, j, final[i][j], avgs[i][j])
			}
			differs = differs || final[i][j] != last[i][j]
		}
	}
	if !differs {
		t.Error("the weights after Fit equal the last step's; finalizing did nothing")
	}
	if opt.Iterations() != 4 {
		t.Errorf("iterations %d, want 4", opt.Iterations())
	}
}

// TestFitWithSchedule checks that a compiled train function follows a
// schedule step by step, and that Compile reports a bad optimizer.
func TestFitWithSchedule(t *testing.T) {
	x, y := regression()
	m := models.NewSequential(layers.NewDense(1, layers.WithInputDim(2)))
	sched := schedules.NewPiecewiseConstantDecay([]int64{1}, []float64{0.1, 0})
	opt := optimizers.NewAdamW(optimizers.WithLearningRate(sched), optimizers.WithGlobalClipnorm(1))
	if err := m.Compile(opt, "mse"); err != nil {
		t.Fatal(err)
	}
	var seen [][][]float32
	cb := &callbacks.LambdaCallback{OnBatchEndFn: func(int, callbacks.Logs) { seen = append(seen, snapshot(m.TrainableWeights())) }}
	if _, err := m.Fit(context.Background(), x, y, models.Epochs(1), models.BatchSize(2), models.Verbose(0),
		models.Shuffle(false), models.Callbacks(cb)); err != nil {
		t.Fatal(err)
	}
	// Steps 0 and 1 run at 0.1; from step 2 the rate is 0, so nothing moves.
	for s := 2; s < len(seen); s++ {
		for i := range seen[s] {
			for j := range seen[s][i] {
				if seen[s][i][j] != seen[1][i][j] {
					t.Fatalf("step %d moved weight %d[%d] at learning rate 0", s+1, i, j)
				}
			}
		}
	}
	if seen[0][0][0] == seen[1][0][0] {
		t.Error("the second step did not move the weights")
	}
	if opt.LearningRate() != 0 {
		t.Errorf("learning rate after training %v", opt.LearningRate())
	}
	bad := optimizers.NewAdam(optimizers.WithClipnorm(1), optimizers.WithClipvalue(1))
	if err := m.Compile(bad, "mse"); err == nil || !strings.Contains(err.Error(), "only one of") {
		t.Errorf("Compile with two clips: %v", err)
	}
}
