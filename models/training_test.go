package models

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// dropoutRun trains a small model with dropout and shuffling from seed and
// returns its final weights and history.
func dropoutRun(t *testing.T, seed uint64) ([]any, map[string][]float64) {
	t.Helper()
	layers.SetRandomSeed(seed)
	x, y := separable(96, 5)
	m := NewSequential(
		layers.NewDense(16, layers.WithActivation("relu"), layers.WithInputDim(2)),
		layers.NewDropout(0.3),
		layers.NewDense(1, layers.WithActivation("sigmoid")),
	)
	if err := m.Compile("adam", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(ctx, x, y, Epochs(3), BatchSize(10), Verbose(0), ValidationSplit(0.25))
	if err != nil {
		t.Fatal(err)
	}
	return m.GetWeights(), h.History
}

func TestReproducibleAcrossGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	defer kernels.SetThreads(kernels.Threads())
	runtime.GOMAXPROCS(1)
	kernels.SetThreads(1)
	w1, h1 := dropoutRun(t, 11)
	runtime.GOMAXPROCS(2)
	kernels.SetThreads(2)
	w2, h2 := dropoutRun(t, 11)
	for i := range w1 {
		if !tensor.Equal(w1[i].(*tensor.Tensor[float32]), w2[i].(*tensor.Tensor[float32])) {
			t.Errorf("weight %d differs between GOMAXPROCS 1 and 2", i)
		}
	}
	for k, v := range h1 {
		for e := range v {
			if h2[k][e] != v[e] {
				t.Errorf("history %s[%d]: %v vs %v", k, e, v[e], h2[k][e])
			}
		}
	}
	w3, _ := dropoutRun(t, 12)
	if tensor.Equal(w1[0].(*tensor.Tensor[float32]), w3[0].(*tensor.Tensor[float32])) {
		t.Error("another seed gave the same weights")
	}
	if _, ok := h1["val_loss"]; !ok {
		t.Errorf("no validation in history: %v", h1)
	}
}

func TestPredictConcurrentAndHeapStable(t *testing.T) {
	m := NewSequential(layers.NewDense(8, layers.WithActivation("relu"), layers.WithInputDim(4)), layers.NewDense(3, layers.WithActivation("softmax")))
	x := tensor.Must(tensor.RandUniform[float32](tensor.NewRNG(1), -1, 1, 50, 4))
	want, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				got, err := m.Predict(ctx, x, Verbose(0), BatchSize(7))
				if err != nil {
					errs <- err
					return
				}
				if !tensor.Equal(got, want) {
					errs <- errors.New("concurrent Predict gave another answer")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if testing.Short() || raceEnabled {
		return
	}
	var ms runtime.MemStats
	heap := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	for range 10 {
		_, _ = m.Predict(ctx, x, Verbose(0))
	}
	before := heap()
	for range 500 {
		if _, err := m.Predict(ctx, x, Verbose(0)); err != nil {
			t.Fatal(err)
		}
	}
	if after := heap(); after > before+64<<10 {
		t.Errorf("heap grew from %d to %d bytes over 500 warm Predict calls", before, after)
	}
}

func TestContextCancelsBetweenBatches(t *testing.T) {
	x, y := separable(100, 6)
	m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	if err := m.Compile("sgd", "binary_crossentropy"); err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithCancel(ctx)
	batches := 0
	stop := &callbacks.LambdaCallback{OnBatchEndFn: func(b int, _ callbacks.Logs) {
		batches++
		if b == 2 {
			cancel()
		}
	}}
	h, err := m.Fit(c, x, y, Epochs(5), BatchSize(10), Verbose(0), Callbacks(stop))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Fit after cancel: %v", err)
	}
	if batches != 3 || len(h.Epoch) != 0 {
		t.Errorf("ran %d batches, %d epochs after cancelling at batch 2", batches, len(h.Epoch))
	}
}

func TestClassWeightEqualsSampleWeight(t *testing.T) {
	x, y := separable(40, 7)
	sw := tensor.Must(tensor.Zeros[float32](40))
	for i := range 40 {
		sw.Data()[i] = 0.5
		if y.At(i, 0) == 1 {
			sw.Data()[i] = 3
		}
	}
	var logs []callbacks.Logs
	var weights [][]any
	base := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	start := base.GetWeights()
	for _, opt := range []Option{ClassWeight(map[int]float64{0: 0.5, 1: 3}), SampleWeight(sw)} {
		m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
		if err := m.SetWeights(start); err != nil {
			t.Fatal(err)
		}
		if err := m.Compile("sgd", "binary_crossentropy", "accuracy"); err != nil {
			t.Fatal(err)
		}
		l, err := m.TrainOnBatch(x, y, opt)
		if err != nil {
			t.Fatal(err)
		}
		logs, weights = append(logs, l), append(weights, m.GetWeights())
	}
	if logs[0]["loss"] != logs[1]["loss"] || logs[0]["accuracy"] != logs[1]["accuracy"] {
		t.Errorf("class_weight logs %v, sample_weight logs %v", logs[0], logs[1])
	}
	for i := range weights[0] {
		if !tensor.Equal(weights[0][i].(*tensor.Tensor[float32]), weights[1][i].(*tensor.Tensor[float32])) {
			t.Errorf("weight %d differs", i)
		}
	}
	// The weighted loss is Σ wᵢ·lᵢ / n: check against the per-sample
	// losses of the unweighted model.
	m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	_ = m.SetWeights(start)
	_ = m.Compile("sgd", "binary_crossentropy")
	plain, err := m.TestOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	_ = m.ResetMetrics()
	weighted, err := m.TestOnBatch(x, y, SampleWeight(tensor.Must(tensor.Full[float32](2, 40))))
	if err != nil {
		t.Fatal(err)
	}
	if d := weighted["loss"] - 2*plain["loss"]; d > 1e-6 || d < -1e-6 {
		t.Errorf("loss with weights 2: %v, unweighted %v", weighted["loss"], plain["loss"])
	}
}

func TestFunctionalSharedLayersNestedModelAndTwoOutputs(t *testing.T) {
	a, b := layers.Input(3), layers.Input(3)
	shared := layers.NewDense(4, layers.WithActivation("tanh"), layers.WithName("shared"))
	ha, hb := shared.Apply(a), shared.Apply(b)
	inner, err := NewModel([]*layers.KerasTensor{layers.Input(8)}, nil)
	if err == nil || inner != nil {
		t.Fatal("model without outputs accepted")
	}
	ii := layers.Input(8)
	head, err := NewModel([]*layers.KerasTensor{ii}, []*layers.KerasTensor{layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithName("head_out")).Apply(ii)})
	if err != nil {
		t.Fatal(err)
	}
	cat := layers.NewConcatenate().Apply(ha, hb)
	out1 := head.Apply(cat)
	out2 := layers.NewDense(2, layers.WithName("reg")).Apply(layers.NewSubtract().Apply(ha, hb))
	m, err := NewModel([]*layers.KerasTensor{a, b}, []*layers.KerasTensor{out1, out2})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(shared.Weights()); got != 2 || m.CountParams() != 16+9+10 {
		t.Errorf("shared weights %d, params %d", got, m.CountParams())
	}
	if err := m.Compile("adam", []any{"binary_crossentropy", "mse"}, "accuracy", LossWeights{1, 0.5}); err != nil {
		t.Fatal(err)
	}
	rng := tensor.NewRNG(9)
	xa := tensor.Must(tensor.RandUniform[float32](rng, 0, 1, 32, 3))
	xb := tensor.Must(tensor.RandUniform[float32](rng, 0, 1, 32, 3))
	y1 := tensor.Must(tensor.Zeros[float32](32, 1))
	y2 := tensor.Must(tensor.Zeros[float32](32, 2))
	h, err := m.Fit(ctx, []any{xa, xb}, []any{y1, y2}, Epochs(2), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"loss", head.Name() + "_loss", "reg_loss", head.Name() + "_accuracy", "reg_accuracy"} {
		if len(h.History[k]) != 2 {
			t.Errorf("history has no %q: %v", k, h.History)
		}
	}
	for e := range 2 {
		total := h.History[head.Name()+"_loss"][e] + 0.5*h.History["reg_loss"][e]
		if d := h.History["loss"][e] - total; d > 1e-4 || d < -1e-4 {
			t.Errorf("epoch %d: loss %v, weighted sum of outputs' losses %v", e, h.History["loss"][e], total)
		}
	}
	outs, err := m.PredictAll(ctx, []any{xa, xb}, Verbose(0))
	if err != nil || len(outs) != 2 || outs[1].Dim(1) != 2 {
		t.Fatalf("PredictAll: %v", err)
	}
	// The inner model shares the trained weights.
	p, err := head.Predict(ctx, tensor.Must(tensor.Zeros[float32](1, 8)), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	bias := head.Layers()[1].LayerBase().Weights()[1].Float32().At(0)
	if want := 1 / (1 + exp32(-bias)); abs32(p.At(0, 0)-want) > 1e-6 {
		t.Errorf("inner model predicts %v, want sigmoid(bias) %v", p.At(0, 0), want)
	}
	var sb strings.Builder
	if err := m.Summary(&sb); err != nil || !strings.Contains(sb.String(), "Connected to") || !strings.Contains(sb.String(), "shared[0][0]") {
		t.Errorf("functional summary:\n%s (%v)", sb.String(), err)
	}
}

func TestEarlyStoppingRestoresBestWeights(t *testing.T) {
	x, y := separable(50, 8)
	m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	if err := m.Compile("sgd", "binary_crossentropy"); err != nil {
		t.Fatal(err)
	}
	// Fake a monitored value that is best at epoch 1, then worse.
	vals := []float64{0.5, 0.2, 0.4, 0.6, 0.7, 0.8}
	var atBest []any
	inject := &callbacks.LambdaCallback{OnEpochEndFn: func(e int, logs callbacks.Logs) {
		logs["fake"] = vals[e]
		if e == 1 {
			atBest = m.GetWeights()
		}
	}}
	es := callbacks.NewEarlyStopping("fake")
	es.Patience, es.RestoreBestWeights = 2, true
	h, err := m.Fit(ctx, x, y, Epochs(6), Verbose(0), Callbacks(inject, es))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epoch) != 4 || es.StoppedEpoch != 3 || es.BestEpoch != 1 {
		t.Errorf("ran %d epochs, stopped at %d, best %d", len(h.Epoch), es.StoppedEpoch, es.BestEpoch)
	}
	for i, w := range m.GetWeights() {
		if !tensor.Equal(w.(*tensor.Tensor[float32]), atBest[i].(*tensor.Tensor[float32])) {
			t.Errorf("weight %d not restored to the best epoch's", i)
		}
	}
}
