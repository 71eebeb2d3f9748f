package metrics

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func f32(shape []int, v ...float32) *tensor.Tensor[float32] { return tensor.Must(tensor.New(shape, v)) }

// stream folds batches into m through one compiled function and returns
// the result after each batch.
func stream(t *testing.T, m Metric, yShape, pShape []int, ydt graph.DType, batches [][3]any) []float64 {
	t.Helper()
	g := graph.New()
	m.Build(g)
	y := g.Input("y", ydt, yShape...)
	p := g.Input("p", graph.Float32, pShape...)
	sw := g.Input("sw", graph.Float32, -1)
	ups, res := m.Update(y, p, sw)
	fn, err := graph.Function([]*graph.Node{y, p, sw}, []*graph.Node{res}, ups, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []float64
	for _, b := range batches {
		r, err := fn.Call(b[0], b[1], b[2])
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, float64(r[0].(*tensor.Tensor[float32]).Data()[0]))
	}
	return out
}

func near(t *testing.T, name string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-6 {
			t.Errorf("%s after batch %d: %.7g, want %.7g", name, i+1, got[i], want[i])
		}
	}
}

func ones(n int) *tensor.Tensor[float32] { return tensor.Must(tensor.Ones[float32](n)) }

func TestBinaryAccuracyAcrossBatchesAndReset(t *testing.T) {
	m := NewBinaryAccuracy()
	got := stream(t, m, []int{-1, 1}, []int{-1, 1}, graph.Float32, [][3]any{
		{f32([]int{4, 1}, 1, 0, 1, 0), f32([]int{4, 1}, 0.7, 0.2, 0.4, 0.5), ones(4)}, // 2 right (0.5 is not > 0.5 → 0, right)
		{f32([]int{2, 1}, 1, 1), f32([]int{2, 1}, 0.9, 0.1), f32([]int{2}, 3, 1)},     // weighted: 3 right of 4
	})
	near(t, "binary_accuracy", got, []float64{3.0 / 4, (3.0 + 3) / (4 + 4)})
	if err := m.Reset(); err != nil {
		t.Fatal(err)
	}
	if v := m.total.Value().(*tensor.Tensor[float32]).Data()[0]; v != 0 {
		t.Errorf("total after Reset = %v", v)
	}
}

func TestCategoricalAccuracies(t *testing.T) {
	p := f32([]int{3, 3}, 0.1, 0.8, 0.1, 0.5, 0.2, 0.3, 0.3, 0.3, 0.4)
	got := stream(t, NewCategoricalAccuracy(), []int{-1, 3}, []int{-1, 3}, graph.Float32, [][3]any{
		{f32([]int{3, 3}, 0, 1, 0, 0, 1, 0, 0, 0, 1), p, ones(3)},
	})
	near(t, "categorical_accuracy", got, []float64{2.0 / 3})
	got = stream(t, NewSparseCategoricalAccuracy(), []int{-1}, []int{-1, 3}, graph.Int32, [][3]any{
		{tensor.FromSlice([]int32{1, 1, 2}), p, ones(3)},
	})
	near(t, "sparse_categorical_accuracy", got, []float64{2.0 / 3})
	// Ties go to the first index, as argmax: [0.5, 0.5] predicts class 0.
	got = stream(t, NewSparseCategoricalAccuracy(), []int{-1}, []int{-1, 2}, graph.Int32, [][3]any{
		{tensor.FromSlice([]int32{0, 1}), f32([]int{2, 2}, 0.5, 0.5, 0.5, 0.5), ones(2)},
	})
	near(t, "ties", got, []float64{0.5})
}

func TestRegressionMetricsAndMean(t *testing.T) {
	got := stream(t, NewMeanSquaredError(), []int{-1, 2}, []int{-1, 2}, graph.Float32, [][3]any{
		{f32([]int{1, 2}, 1, 2), f32([]int{1, 2}, 2, 4), ones(1)},
		{f32([]int{1, 2}, 0, 0), f32([]int{1, 2}, 1, 1), ones(1)},
	})
	near(t, "mse", got, []float64{2.5, 1.75})
	got = stream(t, NewMeanAbsoluteError(), []int{-1, 2}, []int{-1, 2}, graph.Float32, [][3]any{
		{f32([]int{1, 2}, 1, 2), f32([]int{1, 2}, 2, 4), ones(1)},
	})
	near(t, "mae", got, []float64{1.5})
	// Mean of the predictions weighted by the sample weights; 0 weight → 0.
	got = stream(t, NewMean("m"), []int{-1}, []int{-1}, graph.Float32, [][3]any{
		{tensor.FromSlice([]float32{0}), tensor.FromSlice([]float32{5}), tensor.FromSlice([]float32{0})},
		{tensor.FromSlice([]float32{0, 0}), tensor.FromSlice([]float32{1, 3}), tensor.FromSlice([]float32{1, 3})},
	})
	near(t, "mean", got, []float64{0, 2.5})
}

func TestGetAndResolveAccuracy(t *testing.T) {
	for name, want := range map[string]string{"mse": "mse", "binary_accuracy": "binary_accuracy", "mean_absolute_error": "mean_absolute_error", "binary_crossentropy": "binary_crossentropy"} {
		m, err := Get(name)
		if err != nil || m.Name() != want {
			t.Errorf("Get(%q) = %v, %v", name, m, err)
		}
	}
	for _, bad := range []string{"accuracy", "f7"} {
		if _, err := Get(bad); err == nil {
			t.Errorf("Get(%q): no error", bad)
		}
	}
	cases := []struct {
		y, p   []int
		sparse bool
		want   any
	}{
		{[]int{-1, 1}, []int{-1, 1}, false, &BinaryAccuracy{}},
		{[]int{-1}, []int{-1, 10}, false, &SparseCategoricalAccuracy{}},
		{[]int{-1, 1}, []int{-1, 10}, false, &SparseCategoricalAccuracy{}},
		{[]int{-1, 10}, []int{-1, 10}, true, &SparseCategoricalAccuracy{}},
		{[]int{-1, 10}, []int{-1, 10}, false, &CategoricalAccuracy{}},
	}
	for _, c := range cases {
		m := ResolveAccuracy("accuracy", c.y, c.p, c.sparse)
		if m.Name() != "accuracy" {
			t.Errorf("name %q", m.Name())
		}
		switch c.want.(type) {
		case *BinaryAccuracy:
			_, ok := m.(*BinaryAccuracy)
			if !ok {
				t.Errorf("%v %v: %T", c.y, c.p, m)
			}
		case *SparseCategoricalAccuracy:
			if _, ok := m.(*SparseCategoricalAccuracy); !ok {
				t.Errorf("%v %v: %T", c.y, c.p, m)
			}
		case *CategoricalAccuracy:
			if _, ok := m.(*CategoricalAccuracy); !ok {
				t.Errorf("%v %v: %T", c.y, c.p, m)
			}
		}
	}
}
