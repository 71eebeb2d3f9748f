package metrics

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
)

// AUC is Keras's AUC: the area under the ROC curve (Curve "ROC", the
// default) or the precision-recall curve ("PR"), approximated from
// confusion counts accumulated at NumThresholds thresholds (200 by
// default): 0 − ε, i/(NumThresholds−1) for i = 1 … NumThresholds−2, and
// 1 + ε (ε = 1e-7), a prediction counting as positive when it exceeds a
// threshold. Labels count y as positive and 1 − y as negative, weighted by
// the sample weights.
//
// The area is Keras's summation_method "interpolation": the trapezoid rule
// over (fpr, tpr) for ROC, and for PR the interpolation of Davis & Goadrich
// (2006), which integrates precision as tp/(tp+fp) varying linearly in
// tp+fp between thresholds:
//
//	slope = Δtp / Δp, p = tp + fp; intercept = tp₍ᵢ₊₁₎ − slope·p₍ᵢ₊₁₎
//	area += slope·(Δtp + intercept·log(pᵢ / pᵢ₊₁)) / (tp₍ᵢ₊₁₎ + fn₍ᵢ₊₁₎)
//
// With multi_label false (Keras's default, the only form here) every
// value of a multi-column prediction is one binary decision. The result
// approaches the exact area as the thresholds get denser: for scores
// spread over [0, 1] the error is of the order of the threshold spacing,
// 1/(NumThresholds−1).
//
// SummationMethod "minoring" or "majoring" replaces the interpolation by
// Riemann sums of the lower or upper value of each step (over (fpr, tpr)
// for ROC, over (recall, precision) for PR). Thresholds, when given, are
// used instead of the evenly spread ones, between 0 − ε and 1 + ε (each in
// [0, 1]). FromLogits applies a sigmoid to the predictions first.
type AUC struct {
	NumThresholds   int
	Curve           string
	SummationMethod string
	Thresholds      []float64
	FromLogits      bool

	name           string
	st             state
	tp, fp, tn, fn *graph.Node
}

// NewAUC returns Keras's AUC() with its defaults: 200 thresholds, ROC,
// interpolation, probabilities, named "auc".
func NewAUC() *AUC {
	return &AUC{NumThresholds: 200, Curve: "ROC", SummationMethod: "interpolation", name: "auc"}
}

// thresholds returns the thresholds in use.
func (m *AUC) thresholds() []float64 {
	if len(m.Thresholds) > 0 {
		th := append([]float64{-1e-7}, m.Thresholds...)
		return append(th, 1+1e-7)
	}
	return AUCThresholds(m.NumThresholds)
}

// Name returns the metric's name.
func (m *AUC) Name() string { return m.name }

func (m *AUC) setName(n string) { m.name = n }

// AUCThresholds returns the n thresholds of Keras's AUC (nil for n < 2):
// 0 − 1e-7, i/(n−1) for i = 1 … n−2, and 1 + 1e-7.
func AUCThresholds(n int) []float64 {
	if n < 2 {
		return nil
	}
	th := make([]float64, n)
	const eps = 1e-7
	th[0] = -eps
	for i := 1; i < n-1; i++ {
		th[i] = float64(i) / float64(n-1)
	}
	th[n-1] = 1 + eps
	return th
}

// Build creates the state: tp, fp, tn and fn per threshold.
func (m *AUC) Build(g *graph.Graph) {
	n := len(m.thresholds())
	m.st.clear()
	m.tp = m.st.add(g, m.name+"/true_positives", n)
	m.fp = m.st.add(g, m.name+"/false_positives", n)
	m.tn = m.st.add(g, m.name+"/true_negatives", n)
	m.fn = m.st.add(g, m.name+"/false_negatives", n)
}

// Reset zeroes the state.
func (m *AUC) Reset() error { return m.st.reset() }

func (m *AUC) check() error {
	if len(m.Thresholds) == 0 && m.NumThresholds <= 1 {
		return fmt.Errorf("num_thresholds must be > 1, received %d", m.NumThresholds)
	}
	if err := checkThresholds(m.Thresholds); err != nil {
		return err
	}
	switch m.SummationMethod {
	case "", "interpolation", "minoring", "majoring":
	default:
		return fmt.Errorf("summation_method must be interpolation, minoring or majoring, received %q", m.SummationMethod)
	}
	if m.Curve != "ROC" && m.Curve != "PR" && m.Curve != "" {
		return fmt.Errorf("curve must be ROC or PR, received %q", m.Curve)
	}
	return nil
}

// Update folds the batch in and returns the area.
func (m *AUC) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	if err := m.check(); err != nil {
		return nil, graph.Fail("AUC", []*graph.Node{yPred}, graph.ErrArg, "%v", err)
	}
	if m.FromLogits {
		yPred = graph.Sigmoid(castF32(yPred))
	}
	y, p, w := prepareBinary("AUC", yTrue, yPred, sw, 0, -1)
	th := m.thresholds()
	tp, fp, tn, fn := counts(y, p, w, th, true)
	tp, fp, tn, fn = graph.Add(m.tp, tp), graph.Add(m.fp, fp), graph.Add(m.tn, tn), graph.Add(m.fn, fn)
	ups := []graph.Update{{Var: m.tp, Value: tp}, {Var: m.fp, Value: fp}, {Var: m.tn, Value: tn}, {Var: m.fn, Value: fn}}
	n := len(th)
	head := func(x *graph.Node) *graph.Node { return graph.Slice(x, 0, 0, n-1) }
	tail := func(x *graph.Node) *graph.Node { return graph.Slice(x, 0, 1, n) }
	interp := m.SummationMethod == "" || m.SummationMethod == "interpolation"
	if m.Curve == "PR" && interp {
		return ups, prAUC(tp, fp, fn, head, tail)
	}
	recall := divNoNaN(tp, graph.Add(tp, fn))
	x, y2 := divNoNaN(fp, graph.Add(fp, tn)), recall
	if m.Curve == "PR" {
		x, y2 = recall, divNoNaN(tp, graph.Add(tp, fp))
	}
	var heights *graph.Node
	switch m.SummationMethod {
	case "minoring":
		heights = graph.Minimum(head(y2), tail(y2))
	case "majoring":
		heights = graph.Maximum(head(y2), tail(y2))
	default:
		heights = graph.Mul(graph.ScalarLike(y2, 0.5), graph.Add(head(y2), tail(y2)))
	}
	return ups, graph.Sum(graph.Mul(graph.Sub(head(x), tail(x)), heights), nil, false)
}

// prAUC is Keras's interpolate_pr_auc (Davis & Goadrich).
func prAUC(tp, fp, fn *graph.Node, head, tail func(*graph.Node) *graph.Node) *graph.Node {
	zero := graph.ScalarLike(tp, 0)
	dtp := graph.Sub(head(tp), tail(tp))
	p := graph.Add(tp, fp)
	dp := graph.Sub(head(p), tail(p))
	slope := divNoNaN(dtp, graph.Maximum(dp, zero))
	intercept := graph.Sub(tail(tp), graph.Mul(slope, tail(p)))
	both := graph.Mul(castF32(graph.Greater(head(p), zero)), castF32(graph.Greater(tail(p), zero)))
	ratio := graph.Where(graph.Equal(both, graph.ScalarLike(both, 1)),
		divNoNaN(head(p), graph.Maximum(tail(p), zero)), graph.OnesLike(tail(p)))
	inc := divNoNaN(graph.Mul(slope, graph.Add(dtp, graph.Mul(intercept, graph.Log(ratio)))),
		graph.Maximum(graph.Add(tail(tp), tail(fn)), zero))
	return graph.Sum(inc, nil, false)
}

func init() { register("auc", func() Metric { return NewAUC() }) }
