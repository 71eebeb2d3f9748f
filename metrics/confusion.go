package metrics

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// negInf is Keras's NEG_INF: predictions outside the top k are set to it,
// and it is the default threshold when top_k is given.
const negInf = -1e10

// confusion holds the weighted confusion counts of a thresholded binary
// decision at each of several thresholds.
type confusion struct {
	tp, fp, tn, fn *graph.Node // (thresholds,) each
}

// prepareBinary lines labels, predictions and weights up as Keras's
// update_confusion_matrix_variables does: top-k filtering of the
// predictions (topK > 0), then the column classID (classID ≥ 0), then
// weights broadcast to the predictions; all flattened to (n, 1).
func prepareBinary(op string, yTrue, yPred, sw *graph.Node, topK, classID int) (y, p, w *graph.Node) {
	p = yPred
	if p.DType() != graph.Float32 {
		p = graph.Cast(p, graph.Float32)
	}
	y = yTrue
	if y.DType() != graph.Float32 {
		y = graph.Cast(y, graph.Float32)
	}
	if topK > 0 {
		p = filterTopK(p, topK)
	}
	if classID >= 0 {
		if p.Rank() == 0 || p.Dim(-1) >= 0 && classID >= p.Dim(-1) {
			bad := graph.Fail(op, []*graph.Node{yPred}, graph.ErrArg, "class_id %d out of range for predictions of shape %v", classID, yPred.Shape())
			return bad, bad, bad
		}
		p = graph.Slice(p, -1, classID, classID+1)
		y = graph.Slice(y, -1, classID, classID+1)
	}
	if sw == nil {
		w = graph.OnesLike(p)
	} else {
		w = broadcastWeights(castF32(sw), p)
		w = graph.BroadcastLike(w, p)
	}
	flat := func(x *graph.Node) *graph.Node { return graph.Reshape(x, -1, 1) }
	return flat(graph.BroadcastLike(y, p)), flat(p), flat(w)
}

func castF32(x *graph.Node) *graph.Node {
	if x.DType() != graph.Float32 {
		return graph.Cast(x, graph.Float32)
	}
	return x
}

// counts returns the batch's weighted tp, fp, tn, fn at each threshold,
// shape (thresholds,): a prediction is positive when it exceeds the
// threshold; a label is positive when non-zero (soft false), or counts y
// positive and 1 − y negative (soft true, as Keras's AUC with evenly spread
// thresholds).
func counts(y, p, w *graph.Node, thresholds []float64, soft bool) (tp, fp, tn, fn *graph.Node) {
	th := make([]float32, len(thresholds))
	for i, t := range thresholds {
		th[i] = float32(t)
	}
	tt := tensor.Must(tensor.New([]int{1, len(th)}, th))
	pos := castF32(graph.Greater(p, p.Graph().Const(tt))) // (n, T)
	neg := graph.Sub(graph.ScalarLike(pos, 1), pos)
	var lab *graph.Node
	if soft {
		lab = y
	} else {
		lab = castF32(graph.NotEqual(y, graph.ScalarLike(y, 0)))
	}
	lw := graph.Mul(lab, w)
	nw := graph.Mul(graph.Sub(graph.ScalarLike(lab, 1), lab), w)
	sum := func(a, b *graph.Node) *graph.Node { return graph.Sum(graph.Mul(a, b), []int{0}, false) }
	return sum(lw, pos), sum(nw, pos), sum(nw, neg), sum(lw, neg)
}

// filterTopK keeps the k largest values along the last axis (the first
// ones on ties, as top_k) and sets the others to negInf.
func filterTopK(x *graph.Node, k int) *graph.Node {
	n := x.Dim(-1)
	if n < 0 {
		return graph.Fail("filterTopK", []*graph.Node{x}, graph.ErrArg, "top_k needs a known last axis, got shape %v", x.Shape())
	}
	if k >= n {
		return x
	}
	xi := graph.ExpandDims(x, -1) // [..., i, 1]
	xj := graph.ExpandDims(x, -2) // [..., 1, j]
	before := make([]float32, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < i; j++ {
			before[i*n+j] = 1
		}
	}
	mask := x.Graph().Const(tensor.Must(tensor.New([]int{n, n}, before)))
	ahead := graph.Add(castF32(graph.Greater(xj, xi)), graph.Mul(castF32(graph.Equal(xj, xi)), mask))
	rank := graph.Sum(ahead, []int{-1}, false)
	return graph.Where(graph.Less(rank, graph.ScalarLike(rank, float64(k))), x, graph.ScalarLike(x, negInf))
}

// thresholdsOrDefault returns Keras's thresholds of Precision and Recall:
// the ones given, or 0.5 (NEG_INF with top_k).
func thresholdsOrDefault(th []float64, topK int) []float64 {
	if len(th) > 0 {
		return th
	}
	if topK > 0 {
		return []float64{negInf}
	}
	return []float64{0.5}
}

// checkThresholds reports thresholds outside [0, 1] (Keras's requirement),
// negInf aside.
func checkThresholds(th []float64) error {
	for _, t := range th {
		if t != negInf && (t < 0 || t > 1) {
			return fmt.Errorf("threshold values must be in [0, 1], received %v", th)
		}
	}
	return nil
}

// scalarIfOne drops the axis of a one-element vector.
func scalarIfOne(x *graph.Node, n int) *graph.Node {
	if n == 1 {
		return graph.Reshape(x)
	}
	return x
}
