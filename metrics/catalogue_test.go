package metrics

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestRootMeanSquaredError(t *testing.T) {
	// Keras's docstring: [[0,1],[0,0]] vs [[1,1],[0,0]] → 0.5; weights [1,0] → 0.70710677.
	y := f32([]int{2, 2}, 0, 1, 0, 0)
	p := f32([]int{2, 2}, 1, 1, 0, 0)
	s := NewStandalone(NewRootMeanSquaredError())
	upd(t, s, y, p, nil)
	closeTo(t, "rmse", []float64{s.Result()}, []float64{0.5}, 1e-6)
	s.ResetState()
	upd(t, s, y, p, f32([]int{2}, 1, 0))
	closeTo(t, "rmse weighted", []float64{s.Result()}, []float64{math.Sqrt(0.5)}, 1e-6)
	s.ResetState()
	upd(t, s, y, p, f32([]int{2}, 0, 0))
	closeTo(t, "rmse zero weights", []float64{s.Result()}, []float64{0}, 0)
}

func TestLossMetrics(t *testing.T) {
	y := f32([]int{2, 2}, 1, 2, 0.5, 1)
	p := f32([]int{2, 2}, 2, 2, 1, 0)
	w := f32([]int{2}, 1, 3)
	// Per-sample values by hand, then the weighted mean Σw·v/Σw.
	mean := func(a, b float64) float64 { return (1*a + 3*b) / 4 }
	cases := []struct {
		m    Metric
		a, b float64
	}{
		{NewMeanAbsolutePercentageError(), 100 * (1 + 0) / 2, 100 * (1 + 1) / 2},
		{NewMeanSquaredLogarithmicError(), sq(math.Log(3)-math.Log(2)) / 2, (sq(math.Log(2)-math.Log(1.5)) + sq(math.Log1p(1e-7)-math.Log(2))) / 2},
		{NewLogCoshError(), math.Log(math.Cosh(1)) / 2, (math.Log(math.Cosh(0.5)) + math.Log(math.Cosh(1))) / 2},
		{NewCosineSimilarity(), (2 + 4) / (math.Sqrt(5) * math.Sqrt(8)), 0.5 / (math.Sqrt(1.25) * 1)},
	}
	for _, c := range cases {
		s := NewStandalone(c.m)
		upd(t, s, y, p, w)
		closeTo(t, c.m.Name(), []float64{s.Result()}, []float64{mean(c.a, c.b)}, 1e-5)
	}
	// Cosine similarity with a zero vector is 0; Keras's docstring case.
	s := NewStandalone(NewCosineSimilarity())
	upd(t, s, f32([]int{2, 2}, 0, 1, 1, 1), f32([]int{2, 2}, 1, 0, 1, 1), nil)
	closeTo(t, "cosine docstring", []float64{s.Result()}, []float64{0.5}, 1e-6)
}

func sq(x float64) float64 { return x * x }

func TestCrossentropyMetrics(t *testing.T) {
	// Keras's docstrings: binary [[0,1],[0,0]] vs [[0.6,0.4],[0.4,0.6]] → 0.81492424.
	s := NewStandalone(NewBinaryCrossentropy())
	upd(t, s, f32([]int{2, 2}, 0, 1, 0, 0), f32([]int{2, 2}, 0.6, 0.4, 0.4, 0.6), nil)
	want := (-(math.Log(0.4)+math.Log(0.4))/2 - (math.Log(0.6)+math.Log(0.4))/2) / 2
	closeTo(t, "bce", []float64{s.Result()}, []float64{want}, 1e-6)
	// Categorical: [[0,1,0],[0,0,1]] vs [[0.05,0.95,0],[0.1,0.8,0.1]] → 1.1769392.
	y := f32([]int{2, 3}, 0, 1, 0, 0, 0, 1)
	p := f32([]int{2, 3}, 0.05, 0.95, 0, 0.1, 0.8, 0.1)
	s = NewStandalone(NewCategoricalCrossentropy())
	upd(t, s, y, p, nil)
	want = (-math.Log(0.95) - math.Log(0.1)) / 2
	closeTo(t, "cce", []float64{s.Result()}, []float64{want}, 1e-6)
	if math.Abs(want-1.1769392) > 1e-6 {
		t.Errorf("reference %v", want)
	}
	si := NewStandaloneInt(NewSparseCategoricalCrossentropy())
	if err := si.UpdateStateInt(tensor.FromSlice([]int32{1, 2}), p, f32([]int{2}, 0.3, 0.7)); err != nil {
		t.Fatal(err)
	}
	closeTo(t, "scce weighted", []float64{si.Result()}, []float64{0.3*-math.Log(0.95) + 0.7*-math.Log(0.1)}, 1e-6)
	// From logits: equal logits → log 3.
	m := NewCategoricalCrossentropy()
	m.FromLogits = true
	s = NewStandalone(m)
	upd(t, s, f32([]int{1, 3}, 1, 0, 0), f32([]int{1, 3}, 5, 5, 5), nil)
	closeTo(t, "cce logits", []float64{s.Result()}, []float64{math.Log(3)}, 1e-6)
}

func TestMeanAndSum(t *testing.T) {
	s := NewStandalone(NewSum())
	upd(t, s, f32([]int{3}, 0, 0, 0), f32([]int{3}, 1, 3, 5), nil)
	upd(t, s, f32([]int{2}, 0, 0), f32([]int{2}, 2, 4), f32([]int{2}, 1, 0))
	closeTo(t, "sum", []float64{s.Result()}, []float64{11}, 1e-6)
	m := NewStandalone(NewMean("mean"))
	upd(t, m, f32([]int{4}, 0, 0, 0, 0), f32([]int{4}, 1, 3, 5, 7), f32([]int{4}, 1, 0, 0, 1))
	closeTo(t, "mean", []float64{m.Result()}, []float64{4}, 1e-6)
	m.ResetState()
	upd(t, m, f32([]int{1}, 0), f32([]int{1}, 9), f32([]int{1}, 0))
	closeTo(t, "mean zero weights", []float64{m.Result()}, []float64{0}, 0)
	if err := s.ResetState(); err != nil {
		t.Fatal(err)
	}
	if s.Result() != 0 {
		t.Error("Sum after reset")
	}
}

func TestCatalogueGet(t *testing.T) {
	for _, name := range []string{"auc", "precision", "recall", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
		"f1_score", "fbeta_score", "rmse", "root_mean_squared_error", "mape", "msle", "logcosh", "cosine_similarity",
		"binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "sum", "mean", "r2_score"} {
		m, err := Get(name)
		if err != nil {
			t.Errorf("Get(%q): %v", name, err)
			continue
		}
		if m.Name() != name {
			t.Errorf("Get(%q) named %q", name, m.Name())
		}
	}
	if m, _ := Get("AUC"); m != nil {
		if a, ok := m.(*AUC); !ok || a.NumThresholds != 200 || a.Curve != "ROC" {
			t.Errorf("AUC defaults: %#v", m)
		}
	}
	// The graph form runs inside another graph's function as Compile uses it.
	m := NewPrecision()
	got := stream(t, m, []int{-1}, []int{-1}, graph.Float32, [][3]any{{f32([]int{2}, 1, 0), f32([]int{2}, 0.9, 0.8), ones(2)}})
	near(t, "precision in graph", got, []float64{0.5})
}
