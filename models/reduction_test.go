package models

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/losses"
)

// A loss's reduction applies in training and evaluation: on one batch of n
// samples, "sum" reports n times the default "sum_over_batch_size".
func TestLossReductionInEvaluate(t *testing.T) {
	x, y := separable(20, 3)
	eval := func(l losses.Loss) float64 {
		layers.SetRandomSeed(7)
		m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
		if err := m.Compile("sgd", l); err != nil {
			t.Fatal(err)
		}
		logs, err := m.Evaluate(ctx, x, y, BatchSize(20), Verbose(0))
		if err != nil {
			t.Fatal(err)
		}
		return logs["loss"]
	}
	mean := eval(losses.MeanSquaredError{})
	sum := eval(losses.WithReduction(losses.MeanSquaredError{}, losses.ReductionSum))
	if math.Abs(sum-20*mean) > 1e-5*sum {
		t.Errorf("sum reduction gives %v, want 20 x %v", sum, mean)
	}
}
