package losses

import "github.com/gokeras/gokeras/graph"

// Reducer is implemented by losses that carry Keras's reduction argument.
type Reducer interface {
	// Reduction returns the loss's reduction.
	Reduction() Reduction
}

// ReductionOf returns the reduction l carries (Keras's reduction=), or
// ReductionSumOverBatchSize when it carries none.
func ReductionOf(l Loss) Reduction {
	if r, ok := l.(Reducer); ok && r.Reduction() != "" {
		return r.Reduction()
	}
	return ReductionSumOverBatchSize
}

// WithReduction returns l carrying reduction r, as Keras's
// `Huber(reduction="sum")`: the same name and per-sample values, with
// ReductionOf reporting r; sparse labels stay sparse. An unknown r is
// reported by Reduce and Compute.
func WithReduction(l Loss, r Reduction) Loss {
	if IsSparse(l) {
		return sparseReduced{reduced{l, r}}
	}
	return reduced{l, r}
}

type reduced struct {
	Loss
	r Reduction
}

func (l reduced) Reduction() Reduction { return l.r }

func (l reduced) Call(yTrue, yPred *graph.Node) *graph.Node { return l.Loss.Call(yTrue, yPred) }

type sparseReduced struct{ reduced }

func (sparseReduced) SparseLabels() bool { return true }

// ComputeWith is Compute with l's own reduction (ReductionOf).
func ComputeWith(l Loss, yTrue, yPred, sampleWeight *graph.Node) (*graph.Node, error) {
	if l == nil {
		return Compute(nil, yTrue, yPred, sampleWeight, "")
	}
	return Compute(l, yTrue, yPred, sampleWeight, ReductionOf(l))
}
