package metrics_test

import (
	"context"
	"math"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/metrics"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

// TestCatalogueThroughFit compiles catalogue metrics into a model, trains
// it, and checks that Evaluate's in-graph values (state reset before the
// evaluation) equal the standalone form fed with the model's predictions.
func TestCatalogueThroughFit(t *testing.T) {
	ctx := context.Background()
	layers.SetRandomSeed(3)
	rng := tensor.NewRNG(4)
	const n = 96
	x := tensor.Must(tensor.Zeros[float32](n, 2))
	y := tensor.Must(tensor.Zeros[float32](n, 1))
	for i := range n {
		a, b := rng.Float32()*2-1, rng.Float32()*2-1
		x.Set(a, i, 0)
		x.Set(b, i, 1)
		if a+0.5*b+0.3*(rng.Float32()-0.5) > 0 {
			y.Set(1, i, 0)
		}
	}
	m := models.NewSequential(layers.NewDense(4, layers.WithActivation("tanh"), layers.WithInputDim(2)), layers.NewDense(1, layers.WithActivation("sigmoid")))
	pr := metrics.NewAUC()
	metrics.Rename(pr, "pr_auc")
	pr.Curve = "PR"
	pr2 := metrics.NewR2Score()
	if err := m.Compile("adam", "binary_focal_crossentropy", "auc", "precision", "recall", pr, pr2); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(ctx, x, y, models.Epochs(3), models.BatchSize(16), models.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.History["auc"]) != 3 {
		t.Fatalf("history: %v", h.History)
	}
	ev, err := m.Evaluate(ctx, x, y, models.Verbose(0), models.BatchSize(32))
	if err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict(ctx, x, models.Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	for name, mt := range map[string]metrics.Metric{"auc": metrics.NewAUC(), "precision": metrics.NewPrecision(), "recall": metrics.NewRecall(), "r2_score": metrics.NewR2Score()} {
		s := metrics.NewStandalone(mt)
		if err := s.UpdateState(y, p, nil); err != nil {
			t.Fatal(err)
		}
		if math.Abs(ev[name]-s.Result()) > 1e-5 {
			t.Errorf("%s: Evaluate %v, standalone %v", name, ev[name], s.Result())
		}
	}
	if ev[pr.Name()] <= 0 || ev[pr.Name()] > 1 {
		t.Errorf("PR AUC %v", ev)
	}
}
