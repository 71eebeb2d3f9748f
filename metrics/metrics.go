// Package metrics holds Keras's stateful metrics. A metric keeps its state
// in shared variables of the graph a model compiles in; the model's train
// and test functions fold each batch into the state with updates, and
// return the metric's result after the update as an output, so the running
// value over the epoch is read without computing outside the graph. Reset
// zeroes the state, at the start of each epoch and of each evaluation.
//
// Most metrics are means of a per-sample value weighted by the sample
// weights (Keras's MeanMetricWrapper): BinaryAccuracy,
// CategoricalAccuracy, SparseCategoricalAccuracy, MeanSquaredError,
// MeanAbsoluteError; Mean is the plain weighted mean the model uses to
// track the loss.
//
// The catalogue adds Precision, Recall, AUC, TopKCategoricalAccuracy,
// SparseTopKCategoricalAccuracy, F1Score, FBetaScore,
// RootMeanSquaredError, MeanAbsolutePercentageError,
// MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError, the
// cross-entropies as metrics, Sum, MeanIoU and R2Score. Standalone runs any
// metric outside a model with Keras's update_state / result / reset_state.
package metrics

import (
	"fmt"
	"strings"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
	"github.com/gokeras/gokeras/tensor"
)

// Metric is a Keras metric.
type Metric interface {
	// Name returns the name under which the metric is logged.
	Name() string
	// Build creates the metric's state in g, zeroed. A metric built again
	// in another graph starts afresh there.
	Build(g *graph.Graph)
	// Update returns the updates that fold a batch of labels and
	// predictions, weighted by sampleWeight (shape (batch,)), into the
	// state, and the node of the result once they are applied.
	Update(yTrue, yPred, sampleWeight *graph.Node) ([]graph.Update, *graph.Node)
	// Reset zeroes the state.
	Reset() error
}

// Mean is the weighted mean of values: total Σw·v over count Σw, 0 while
// count is 0.
type Mean struct {
	name         string
	total, count *graph.Node
}

// NewMean returns a Mean metric logged as name.
func NewMean(name string) *Mean { return &Mean{name: name} }

// Name returns the metric's name.
func (m *Mean) Name() string { return m.name }

// Build creates the state: two float32 scalars.
func (m *Mean) Build(g *graph.Graph) {
	m.total = g.Shared(m.name+"/total", tensor.Scalar[float32](0))
	m.count = g.Shared(m.name+"/count", tensor.Scalar[float32](0))
}

// Reset zeroes the state.
func (m *Mean) Reset() error {
	if m.total == nil {
		return nil
	}
	if err := m.total.SetValue(tensor.Scalar[float32](0)); err != nil {
		return err
	}
	return m.count.SetValue(tensor.Scalar[float32](0))
}

// UpdateWeighted folds values weighted by weights into the mean; weights
// broadcast against values (a scalar weight counts every value with it).
func (m *Mean) UpdateWeighted(values, weights *graph.Node) ([]graph.Update, *graph.Node) {
	if values.DType() != graph.Float32 {
		values = graph.Cast(values, graph.Float32)
	}
	w := broadcastWeights(weights, values)
	total := graph.Add(m.total, graph.Sum(graph.Mul(values, w), nil, false))
	count := graph.Add(m.count, graph.Sum(graph.BroadcastLike(w, values), nil, false))
	return []graph.Update{{Var: m.total, Value: total}, {Var: m.count, Value: count}}, divNoNaN(total, count)
}

// Update folds the predictions themselves into the mean (Keras's Mean
// applied to a value); yTrue is ignored.
func (m *Mean) Update(_, yPred, sampleWeight *graph.Node) ([]graph.Update, *graph.Node) {
	return m.UpdateWeighted(yPred, sampleWeight)
}

// broadcastWeights expands per-sample weights (batch,) with trailing axes
// of size 1 so they broadcast against values of higher rank.
func broadcastWeights(w, values *graph.Node) *graph.Node {
	if w == nil {
		return graph.OnesLike(values)
	}
	for w.Rank() > 0 && w.Rank() < values.Rank() {
		w = graph.ExpandDims(w, -1)
	}
	return w
}

// divNoNaN returns a/b, or 0 where b is 0.
func divNoNaN(a, b *graph.Node) *graph.Node {
	zero := graph.ScalarLike(b, 0)
	safe := graph.Where(graph.Equal(b, zero), graph.OnesLike(b), b)
	return graph.Where(graph.Equal(b, zero), zero, graph.Div(a, safe))
}

// MeanMetricWrapper is the weighted mean over samples of a per-sample
// function of labels and predictions.
type MeanMetricWrapper struct {
	Mean
	// Fn returns the value of each sample.
	Fn func(yTrue, yPred *graph.Node) *graph.Node
}

// NewMeanMetricWrapper returns the metric name averaging fn.
func NewMeanMetricWrapper(name string, fn func(yTrue, yPred *graph.Node) *graph.Node) *MeanMetricWrapper {
	return &MeanMetricWrapper{Mean: Mean{name: name}, Fn: fn}
}

// Update folds fn's values for the batch into the mean.
func (m *MeanMetricWrapper) Update(yTrue, yPred, sampleWeight *graph.Node) ([]graph.Update, *graph.Node) {
	return m.UpdateWeighted(m.Fn(yTrue, yPred), sampleWeight)
}

// Get returns the metric named by Keras's identifier, logged under that
// identifier: "binary_accuracy", "categorical_accuracy",
// "sparse_categorical_accuracy", "mean_squared_error" ("mse"),
// "mean_absolute_error" ("mae"), a name registered by a metric of the
// catalogue (e.g. "auc", "precision", "f1_score", "rmse", "mean_io_u"),
// or the name of a loss, averaged. The
// identifier "accuracy" ("acc") depends on the labels and predictions;
// Compile resolves it with ResolveAccuracy.
func Get(name string) (Metric, error) {
	var m Metric
	switch strings.ToLower(name) {
	case "binary_accuracy":
		m = NewBinaryAccuracy()
	case "categorical_accuracy":
		m = NewCategoricalAccuracy()
	case "sparse_categorical_accuracy":
		m = NewSparseCategoricalAccuracy()
	case "mean_squared_error", "mse":
		m = NewMeanSquaredError()
	case "mean_absolute_error", "mae":
		m = NewMeanAbsoluteError()
	case "accuracy", "acc":
		return nil, fmt.Errorf("metrics: %q depends on the loss and the shapes: use ResolveAccuracy", name)
	default:
		if f, ok := registry[strings.ToLower(name)]; ok {
			m = f()
			break
		}
		l, err := losses.Get(name)
		if err != nil {
			return nil, fmt.Errorf("metrics: unknown metric %q: expected accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy, mse, mae or a loss name", name)
		}
		m = NewMeanMetricWrapper(name, l.Call)
	}
	rename(m, name)
	return m, nil
}

// rename sets the logged name of a mean-based metric.
func rename(m Metric, name string) {
	if r, ok := m.(interface{ setName(string) }); ok {
		r.setName(name)
	}
}

func (m *Mean) setName(name string) { m.name = name }

// ResolveAccuracy returns the accuracy Keras means by "accuracy" for labels
// of shape yTrue and predictions of shape yPred, logged as name: binary
// accuracy (threshold 0.5) when the predictions have one value per sample,
// sparse categorical accuracy when the labels are class indices (sparse
// is set, the labels have a lower rank, or a last axis of 1 against
// several classes), categorical accuracy otherwise.
func ResolveAccuracy(name string, yTrue, yPred []int, sparse bool) Metric {
	var m Metric
	last := func(s []int) int {
		if len(s) == 0 {
			return 1
		}
		return s[len(s)-1]
	}
	switch {
	case last(yPred) == 1:
		m = NewBinaryAccuracy()
	case sparse || len(yTrue) < len(yPred) || (last(yTrue) == 1 && last(yPred) > 1):
		m = NewSparseCategoricalAccuracy()
	default:
		m = NewCategoricalAccuracy()
	}
	rename(m, name)
	return m
}
