package metrics

import "github.com/gokeras/gokeras/graph"

// Recall is Keras's Recall: tp / (tp + fn), accumulated over batches with
// the sample weights, 0 while there was no positive label. Thresholds,
// TopK and ClassID are as in Precision; NewRecall sets ClassID to −1 (all
// classes).
type Recall struct {
	Thresholds []float64
	TopK       int
	ClassID    int

	name   string
	st     state
	tp, fn *graph.Node
}

// NewRecall returns Keras's Recall() with its defaults: threshold 0.5, no
// top_k, no class_id, named "recall".
func NewRecall() *Recall { return &Recall{ClassID: -1, name: "recall"} }

// Name returns the metric's name.
func (m *Recall) Name() string { return m.name }

func (m *Recall) setName(n string) { m.name = n }

// Build creates the state: tp and fn per threshold.
func (m *Recall) Build(g *graph.Graph) {
	n := len(thresholdsOrDefault(m.Thresholds, m.TopK))
	m.st.clear()
	m.tp = m.st.add(g, m.name+"/true_positives", n)
	m.fn = m.st.add(g, m.name+"/false_negatives", n)
}

// Reset zeroes the state.
func (m *Recall) Reset() error { return m.st.reset() }

// Update folds the batch in and returns tp / (tp + fn), a scalar for one
// threshold and a vector for several.
func (m *Recall) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	th := thresholdsOrDefault(m.Thresholds, m.TopK)
	if err := checkThresholds(th); err != nil {
		return nil, graph.Fail("Recall", []*graph.Node{yPred}, graph.ErrArg, "%v", err)
	}
	y, p, w := prepareBinary("Recall", yTrue, yPred, sw, m.TopK, m.ClassID)
	tp, _, _, fn := counts(y, p, w, th, false)
	tp, fn = graph.Add(m.tp, tp), graph.Add(m.fn, fn)
	res := divNoNaN(tp, graph.Add(tp, fn))
	return []graph.Update{{Var: m.tp, Value: tp}, {Var: m.fn, Value: fn}}, scalarIfOne(res, len(th))
}

func init() { register("recall", func() Metric { return NewRecall() }) }
