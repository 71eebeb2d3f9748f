package losses

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
)

// Reduction is how Keras reduces the weighted per-sample losses of a batch
// to the value returned: ReductionSumOverBatchSize (Keras's default),
// ReductionSum or ReductionNone.
type Reduction string

// The reductions Keras 3 offers.
const (
	// ReductionSumOverBatchSize is Σ w·l divided by the number of loss
	// values (not by Σ w), 0 for an empty batch: Keras's default,
	// "sum_over_batch_size".
	ReductionSumOverBatchSize Reduction = "sum_over_batch_size"
	// ReductionSum is Σ w·l, "sum".
	ReductionSum Reduction = "sum"
	// ReductionNone returns w·l of each sample unreduced, "none".
	ReductionNone Reduction = "none"
)

// Reduce weights the per-sample losses values by sampleWeight and reduces
// them as r says, as Keras's Loss.__call__ does. sampleWeight may be nil
// (every sample weighs 1); otherwise it has the shape of values or of a
// prefix of it (per-sample weights of shape (batch,) against values of
// shape (batch, ...)), or is a scalar. All-zero weights give 0 for the
// sum and the sum over batch size. The empty string means
// ReductionSumOverBatchSize.
func Reduce(values, sampleWeight *graph.Node, r Reduction) (*graph.Node, error) {
	if values.DType() != graph.Float32 && values.DType() != graph.Float64 {
		values = graph.Cast(values, graph.Float32)
	}
	if sampleWeight != nil {
		w := castLike(sampleWeight, values)
		if w.Rank() > values.Rank() {
			return nil, fmt.Errorf("losses: sample weights of rank %d for losses of rank %d", w.Rank(), values.Rank())
		}
		for w.Rank() > 0 && w.Rank() < values.Rank() {
			w = graph.ExpandDims(w, -1)
		}
		values = graph.Mul(values, w)
	}
	switch r {
	case ReductionSumOverBatchSize, "":
		n := graph.Sum(graph.OnesLike(values), nil, false)
		total := graph.Sum(values, nil, false)
		zero := scalar(n, 0)
		empty := graph.Equal(n, zero)
		return graph.Where(empty, zero, graph.Div(total, graph.Where(empty, graph.OnesLike(n), n))), nil
	case ReductionSum:
		return graph.Sum(values, nil, false), nil
	case ReductionNone:
		return values, nil
	}
	return nil, fmt.Errorf("losses: unknown reduction %q: expected %q, %q or %q", string(r), ReductionSumOverBatchSize, ReductionSum, ReductionNone)
}

// Compute is Keras's loss(y_true, y_pred, sample_weight) for a loss with
// reduction r: the per-sample values of l, weighted and reduced by Reduce.
func Compute(l Loss, yTrue, yPred, sampleWeight *graph.Node, r Reduction) (*graph.Node, error) {
	if l == nil {
		return nil, fmt.Errorf("losses: no loss given")
	}
	return Reduce(l.Call(yTrue, yPred), sampleWeight, r)
}
