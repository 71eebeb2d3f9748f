package metrics

import "github.com/gokeras/gokeras/graph"

// Precision is Keras's Precision: tp / (tp + fp), accumulated over batches
// with the sample weights, 0 while nothing was predicted positive. A
// prediction is positive when it exceeds a threshold (0.5 by default; one
// value per threshold when several are given), a label when it is
// non-zero. With TopK > 0 only the k largest predictions of each sample
// may count as positive (and the default threshold becomes −1e10, Keras's
// NEG_INF); with ClassID ≥ 0 only that class's column is counted.
// NewPrecision sets ClassID to −1 (all classes), Keras's class_id=None.
type Precision struct {
	Thresholds []float64
	TopK       int
	ClassID    int

	name   string
	st     state
	tp, fp *graph.Node
}

// NewPrecision returns Keras's Precision() with its defaults: threshold
// 0.5, no top_k, no class_id, named "precision".
func NewPrecision() *Precision { return &Precision{ClassID: -1, name: "precision"} }

// Name returns the metric's name.
func (m *Precision) Name() string { return m.name }

func (m *Precision) setName(n string) { m.name = n }

// Build creates the state: tp and fp per threshold.
func (m *Precision) Build(g *graph.Graph) {
	n := len(thresholdsOrDefault(m.Thresholds, m.TopK))
	m.st.clear()
	m.tp = m.st.add(g, m.name+"/true_positives", n)
	m.fp = m.st.add(g, m.name+"/false_positives", n)
}

// Reset zeroes the state.
func (m *Precision) Reset() error { return m.st.reset() }

// Update folds the batch in and returns tp / (tp + fp), a scalar for one
// threshold and a vector for several.
func (m *Precision) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	th := thresholdsOrDefault(m.Thresholds, m.TopK)
	if err := checkThresholds(th); err != nil {
		bad := graph.Fail("Precision", []*graph.Node{yPred}, graph.ErrArg, "%v", err)
		return nil, bad
	}
	y, p, w := prepareBinary("Precision", yTrue, yPred, sw, m.TopK, m.ClassID)
	tp, fp, _, _ := counts(y, p, w, th, false)
	tp, fp = graph.Add(m.tp, tp), graph.Add(m.fp, fp)
	res := divNoNaN(tp, graph.Add(tp, fp))
	return []graph.Update{{Var: m.tp, Value: tp}, {Var: m.fp, Value: fp}}, scalarIfOne(res, len(th))
}

func init() { register("precision", func() Metric { return NewPrecision() }) }
