package metrics

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// MeanIoU is Keras's MeanIoU: a weighted confusion matrix of
// NumClasses × NumClasses is accumulated over batches, and the result is
// the mean over classes of IoU = tp / (tp + fp + fn), counting only the
// classes whose denominator is not zero (0 when none is). Labels and
// predictions are class indices (Keras's sparse_y_true and sparse_y_pred,
// both true by default); with SparseYTrue or SparseYPred false that side is
// one value per class along the last axis and its arg-max is taken. A
// label equal to IgnoreClass (when HasIgnoreClass) is left out. Indices
// outside [0, NumClasses) count nowhere.
type MeanIoU struct {
	NumClasses               int
	SparseYTrue, SparseYPred bool
	IgnoreClass              int
	HasIgnoreClass           bool

	name string
	st   state
	cm   *graph.Node
}

// NewMeanIoU returns Keras's MeanIoU(num_classes) with sparse labels and
// predictions and no ignored class, named "mean_io_u".
func NewMeanIoU(numClasses int) *MeanIoU {
	return &MeanIoU{NumClasses: numClasses, SparseYTrue: true, SparseYPred: true, name: "mean_io_u"}
}

// Name returns the metric's name.
func (m *MeanIoU) Name() string { return m.name }

func (m *MeanIoU) setName(n string) { m.name = n }

// Build creates the state: the confusion matrix (true class, predicted
// class).
func (m *MeanIoU) Build(g *graph.Graph) {
	m.st.clear()
	m.cm = m.st.add(g, m.name+"/total_confusion_matrix", m.NumClasses, m.NumClasses)
}

// Reset zeroes the state.
func (m *MeanIoU) Reset() error { return m.st.reset() }

// Update folds the batch into the confusion matrix and returns the mean
// IoU.
func (m *MeanIoU) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	c := m.NumClasses
	if c < 1 {
		return nil, graph.Fail("MeanIoU", []*graph.Node{yPred}, graph.ErrArg, "%v", fmt.Errorf("num_classes must be at least 1, received %d", c))
	}
	index := func(x *graph.Node, sparse bool) *graph.Node {
		if !sparse {
			x = graph.ArgMax(x, -1)
		}
		if x.DType() != graph.Int32 {
			x = graph.Cast(x, graph.Int32)
		}
		return graph.Reshape(x, -1)
	}
	yt, yp := index(yTrue, m.SparseYTrue), index(yPred, m.SparseYPred)
	var w *graph.Node
	if sw == nil {
		w = castF32(graph.OnesLike(yt))
	} else {
		shaped := yTrue
		if !m.SparseYTrue {
			shaped = graph.ArgMax(yTrue, -1)
		}
		w = graph.Reshape(graph.BroadcastLike(broadcastWeights(castF32(sw), shaped), castF32(shaped)), -1)
	}
	if m.HasIgnoreClass {
		keep := castF32(graph.NotEqual(yt, graph.ScalarLike(yt, float64(m.IgnoreClass))))
		w = graph.Mul(w, keep)
	}
	ot := graph.Mul(graph.OneHot(yt, c, graph.Float32), graph.ExpandDims(w, -1)) // (n, c)
	op := graph.OneHot(yp, c, graph.Float32)
	cm := graph.Add(m.cm, graph.MatMul(graph.Transpose(ot, 1, 0), op))
	eyeData := make([]float32, c*c)
	for i := 0; i < c; i++ {
		eyeData[i*c+i] = 1
	}
	eye := cm.Graph().Const(tensor.Must(tensor.New([]int{c, c}, eyeData)))
	tp := graph.Sum(graph.Mul(cm, eye), []int{1}, false)
	denom := graph.Sub(graph.Add(graph.Sum(cm, []int{0}, false), graph.Sum(cm, []int{1}, false)), tp)
	valid := graph.Sum(castF32(graph.NotEqual(denom, graph.ScalarLike(denom, 0))), nil, false)
	iou := divNoNaN(tp, denom)
	return []graph.Update{{Var: m.cm, Value: cm}}, divNoNaN(graph.Sum(iou, nil, false), valid)
}
