package metrics

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
)

// FBetaScore is Keras's FBetaScore over labels and predictions of shape
// (batch, classes): per class,
//
//	precision = tp / (tp + fp + ε), recall = tp / (tp + fn + ε)
//	F = (1 + β²)·precision·recall / (β²·precision + recall + ε)
//
// with ε = 1e-7 and counts accumulated with the sample weights. A
// prediction is positive when it exceeds Threshold, or, with no threshold
// (Keras's default, a nil Threshold), when it is its row's maximum and not
// zero. Average is "" (Keras's None: one score per class), "micro" (counts
// pooled over classes before the formula), "macro" (the plain mean of the
// class scores) or "weighted" (the mean weighted by each class's weighted
// number of true labels). Keras's defaults: Average None, Beta 1,
// Threshold None.
type FBetaScore struct {
	Average   string
	Beta      float64
	Threshold *float64

	name                string
	g                   *graph.Graph
	st                  state
	tp, fp, fn, weights *graph.Node
}

// NewFBetaScore returns Keras's FBetaScore() (Average None, Beta 1, no
// threshold), named "fbeta_score".
func NewFBetaScore() *FBetaScore { return &FBetaScore{Beta: 1, name: "fbeta_score"} }

// F1Score is Keras's F1Score: FBetaScore with Beta 1, named "f1_score".
type F1Score struct{ FBetaScore }

// NewF1Score returns Keras's F1Score() (Average None, no threshold).
func NewF1Score() *F1Score { return &F1Score{FBetaScore{Beta: 1, name: "f1_score"}} }

// Name returns the metric's name.
func (m *FBetaScore) Name() string { return m.name }

func (m *FBetaScore) setName(n string) { m.name = n }

// Build creates the state for the classes of the predictions, which it
// learns in Update; before that it holds nothing.
func (m *FBetaScore) Build(g *graph.Graph) {
	m.st.clear()
	m.tp, m.fp, m.fn, m.weights = nil, nil, nil, nil
	m.g = g
}

// Reset zeroes the state.
func (m *FBetaScore) Reset() error { return m.st.reset() }

func (m *FBetaScore) check(yPred *graph.Node) error {
	switch m.Average {
	case "", "micro", "macro", "weighted":
	default:
		return fmt.Errorf("average must be one of None, micro, macro, weighted, received %q", m.Average)
	}
	if m.Beta <= 0 {
		return fmt.Errorf("beta must be > 0, received %v", m.Beta)
	}
	if t := m.Threshold; t != nil && (*t < 0 || *t > 1) {
		return fmt.Errorf("threshold must be in [0, 1], received %v", *t)
	}
	if yPred.Rank() != 2 || yPred.Dim(1) < 1 {
		return fmt.Errorf("predictions must have shape (batch, classes) with known classes, received %v", yPred.Shape())
	}
	return nil
}

// Update folds the batch in and returns the score(s).
func (m *FBetaScore) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	if err := m.check(yPred); err != nil {
		return nil, graph.Fail(m.name, []*graph.Node{yPred}, graph.ErrArg, "%v", err)
	}
	classes := yPred.Dim(1)
	if m.tp == nil {
		var shape []int
		if m.Average != "micro" {
			shape = []int{classes}
		}
		m.tp = m.st.add(m.g, m.name+"/true_positives", shape...)
		m.fp = m.st.add(m.g, m.name+"/false_positives", shape...)
		m.fn = m.st.add(m.g, m.name+"/false_negatives", shape...)
		m.weights = m.st.add(m.g, m.name+"/intermediate_weights", shape...)
	}
	p := castF32(yPred)
	y := castF32(yTrue)
	var pos *graph.Node
	if m.Threshold == nil {
		top := graph.Max(p, []int{-1}, true)
		pos = graph.Mul(castF32(graph.GreaterEqual(p, top)), castF32(graph.Greater(graph.Abs(p), graph.ScalarLike(p, 1e-9))))
	} else {
		pos = castF32(graph.Greater(p, graph.ScalarLike(p, *m.Threshold)))
	}
	w := graph.OnesLike(y)
	if sw != nil {
		w = graph.BroadcastLike(graph.ExpandDims(castF32(sw), -1), y)
	}
	one := graph.ScalarLike(pos, 1)
	weigh := func(a, b *graph.Node) *graph.Node { return graph.Mul(graph.Mul(a, b), w) }
	return m.fold(weigh(pos, y), weigh(pos, graph.Sub(one, y)), weigh(graph.Sub(one, pos), y), graph.Mul(y, w))
}

func (m *FBetaScore) fold(tp, fp, fn, iw *graph.Node) ([]graph.Update, *graph.Node) {
	var axes []int
	if m.Average != "micro" {
		axes = []int{0}
	}
	sum := func(x *graph.Node) *graph.Node { return graph.Sum(x, axes, false) }
	tp, fp, fn, iw = graph.Add(m.tp, sum(tp)), graph.Add(m.fp, sum(fp)), graph.Add(m.fn, sum(fn)), graph.Add(m.weights, sum(iw))
	ups := []graph.Update{{Var: m.tp, Value: tp}, {Var: m.fp, Value: fp}, {Var: m.fn, Value: fn}, {Var: m.weights, Value: iw}}
	eps := graph.ScalarLike(tp, 1e-7)
	precision := graph.Div(tp, graph.Add(graph.Add(tp, fp), eps))
	recall := graph.Div(tp, graph.Add(graph.Add(tp, fn), eps))
	b2 := graph.ScalarLike(tp, m.Beta*m.Beta)
	f := graph.Div(graph.Mul(precision, recall), graph.Add(graph.Add(graph.Mul(b2, precision), recall), eps))
	f = graph.Mul(graph.ScalarLike(f, 1+m.Beta*m.Beta), f)
	switch m.Average {
	case "weighted":
		w := graph.Div(iw, graph.Add(graph.Sum(iw, nil, false), eps))
		f = graph.Sum(graph.Mul(f, w), nil, false)
	case "macro":
		f = graph.Mean(f, nil, false)
	}
	return ups, f
}

func init() {
	register("f1_score", func() Metric { return NewF1Score() })
	register("fbeta_score", func() Metric { return NewFBetaScore() })
}
