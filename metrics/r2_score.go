package metrics

import (
	"fmt"
	"math"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// R2Score is Keras's R2Score, the coefficient of determination of
// predictions of shape (batch, outputs) (or (batch,), one output),
// accumulated over batches with the sample weights: per output,
//
//	R² = 1 − Σ w·(y − p)² / (Σ w·y² − (Σ w·y)² / Σ w)
//
// an infinite value (constant labels, imperfect predictions) counting as
// 0 and 0/0 (constant labels predicted exactly) giving NaN, as in Keras.
// ClassAggregation is "uniform_average" (Keras's default: the mean over
// outputs), "variance_weighted" (weighted by each output's total sum of
// squares) or "" (Keras's None: one value per output). With
// NumRegressors p > 0 the adjusted R², 1 − (1 − R²)·(n − 1)/(n − p − 1)
// over the n samples seen, is returned when n − p − 1 > 0 (otherwise R²
// unadjusted, where Keras warns).
type R2Score struct {
	ClassAggregation string
	NumRegressors    int

	name                             string
	g                                *graph.Graph
	st                               state
	sum, squaredSum, totalMSE, count *graph.Node
	numSamples                       *graph.Node
}

// NewR2Score returns Keras's R2Score() (uniform_average, no regressors),
// named "r2_score".
func NewR2Score() *R2Score { return &R2Score{ClassAggregation: "uniform_average", name: "r2_score"} }

func init() { register("r2_score", func() Metric { return NewR2Score() }) }

// Name returns the metric's name.
func (m *R2Score) Name() string { return m.name }

func (m *R2Score) setName(n string) { m.name = n }

// Build prepares the metric for g; the state, sized by the number of
// outputs, is created by the first Update.
func (m *R2Score) Build(g *graph.Graph) {
	m.st.clear()
	m.g, m.sum = g, nil
}

// Reset zeroes the state.
func (m *R2Score) Reset() error { return m.st.reset() }

// Update folds the batch in and returns R².
func (m *R2Score) Update(yTrue, yPred, sw *graph.Node) ([]graph.Update, *graph.Node) {
	var err error
	switch m.ClassAggregation {
	case "", "uniform_average", "variance_weighted":
	default:
		err = fmt.Errorf("class_aggregation must be uniform_average, variance_weighted or None, received %q", m.ClassAggregation)
	}
	if m.NumRegressors < 0 {
		err = fmt.Errorf("num_regressors must be >= 0, received %d", m.NumRegressors)
	}
	y, p := castF32(yTrue), castF32(yPred)
	if y.Rank() == 1 {
		y = graph.ExpandDims(y, -1)
	}
	if p.Rank() == 1 {
		p = graph.ExpandDims(p, -1)
	}
	if err == nil && (p.Rank() != 2 || p.Dim(1) < 1 || y.Rank() != 2) {
		err = fmt.Errorf("labels and predictions must have shape (batch, outputs) with known outputs, received %v and %v", yTrue.Shape(), yPred.Shape())
	}
	if err != nil {
		return nil, graph.Fail("R2Score", []*graph.Node{yPred}, graph.ErrArg, "%v", err)
	}
	outs := p.Dim(1)
	if m.sum == nil {
		m.sum = m.st.add(m.g, m.name+"/sum", outs)
		m.squaredSum = m.st.add(m.g, m.name+"/squared_sum", outs)
		m.totalMSE = m.st.add(m.g, m.name+"/total_mse", outs)
		m.count = m.st.add(m.g, m.name+"/count", outs)
		m.numSamples = m.st.add(m.g, m.name+"/num_samples")
	}
	w := graph.OnesLike(p)
	if sw != nil {
		w = graph.BroadcastLike(graph.ExpandDims(castF32(sw), -1), p)
	}
	col := func(x *graph.Node) *graph.Node { return graph.Sum(x, []int{0}, false) }
	wy := graph.Mul(y, w)
	sum := graph.Add(m.sum, col(wy))
	sq := graph.Add(m.squaredSum, col(graph.Mul(y, wy)))
	mse := graph.Add(m.totalMSE, col(graph.Mul(graph.Square(graph.Sub(y, p)), w)))
	count := graph.Add(m.count, col(w))
	n := graph.Add(m.numSamples, graph.Sum(graph.OnesLike(graph.Slice(p, 1, 0, 1)), nil, false))
	ups := []graph.Update{{Var: m.sum, Value: sum}, {Var: m.squaredSum, Value: sq}, {Var: m.totalMSE, Value: mse},
		{Var: m.count, Value: count}, {Var: m.numSamples, Value: n}}

	zero := graph.ScalarLike(sum, 0)
	mean := graph.Div(sum, count)
	total := graph.Sub(sq, graph.Mul(sum, mean))
	tZero := graph.Equal(total, zero)
	nan := m.g.Const(tensor.Scalar(float32(math.NaN())))
	raw := graph.Sub(graph.ScalarLike(sum, 1), graph.Div(mse, graph.Where(tZero, graph.OnesLike(total), total)))
	raw = graph.Where(tZero, graph.Where(graph.Equal(mse, zero), graph.BroadcastLike(nan, raw), graph.ZerosLike(raw)), raw)
	var r2 *graph.Node
	switch m.ClassAggregation {
	case "uniform_average":
		r2 = graph.Mean(raw, nil, false)
	case "variance_weighted":
		r2 = graph.Div(graph.Sum(graph.Mul(total, raw), nil, false), graph.Sum(total, nil, false))
	default:
		r2 = raw
	}
	if k := float64(m.NumRegressors); k > 0 {
		one := graph.ScalarLike(n, 1)
		dof := graph.Sub(graph.Sub(n, graph.ScalarLike(n, k)), one)
		ok := graph.Greater(dof, graph.ScalarLike(n, 0))
		safe := graph.Where(ok, dof, one)
		adj := graph.Sub(graph.OnesLike(r2), graph.Div(graph.Mul(graph.Sub(graph.OnesLike(r2), r2), graph.Sub(n, one)), safe))
		r2 = graph.Where(graph.BroadcastLike(ok, r2), adj, r2)
	}
	return ups, r2
}
