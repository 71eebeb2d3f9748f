package losses

import (
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func reduceEval(t *testing.T, l Loss, y, p, sw *tensor.Tensor[float32], r Reduction) []float64 {
	t.Helper()
	g := graph.New()
	var w *graph.Node
	if sw != nil {
		w = g.Const(sw)
	}
	out, err := Compute(l, g.Const(y), g.Const(p), w, r)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := graph.Function(nil, []*graph.Node{out}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fn.Call()
	if err != nil {
		t.Fatal(err)
	}
	var v []float64
	for _, x := range res[0].(*tensor.Tensor[float32]).Data() {
		v = append(v, float64(x))
	}
	return v
}

func TestReductions(t *testing.T) {
	y := f32([]int{3, 2}, 0, 0, 0, 0, 0, 0)
	p := f32([]int{3, 2}, 1, 1, 2, 2, 0, 2) // MAE per sample: 1, 2, 1
	mae := MeanAbsoluteError{}
	sw := f32([]int{3}, 2, 0, 1)
	near(t, "none", reduceEval(t, mae, y, p, nil, ReductionNone), []float64{1, 2, 1})
	near(t, "sum", reduceEval(t, mae, y, p, nil, ReductionSum), []float64{4})
	near(t, "sum_over_batch_size", reduceEval(t, mae, y, p, nil, ReductionSumOverBatchSize), []float64{4.0 / 3})
	near(t, "default", reduceEval(t, mae, y, p, nil, ""), []float64{4.0 / 3})
	// Weighted: Keras divides by the number of values, not Σw.
	near(t, "weighted none", reduceEval(t, mae, y, p, sw, ReductionNone), []float64{2, 0, 1})
	near(t, "weighted sum", reduceEval(t, mae, y, p, sw, ReductionSum), []float64{3})
	near(t, "weighted sobs", reduceEval(t, mae, y, p, sw, ReductionSumOverBatchSize), []float64{1})
	zero := f32([]int{3}, 0, 0, 0)
	near(t, "zero weights", reduceEval(t, mae, y, p, zero, ReductionSumOverBatchSize), []float64{0})
	near(t, "zero weights sum", reduceEval(t, mae, y, p, zero, ReductionSum), []float64{0})
	// Every new loss goes through the reductions.
	for _, name := range []string{"huber", "log_cosh", "poisson", "msle", "mape", "hinge", "squared_hinge", "kld", "cosine_similarity", "binary_focal_crossentropy"} {
		l, err := Get(name)
		if err != nil {
			t.Fatal(err)
		}
		q := f32([]int{3, 2}, 0.2, 0.7, 0.4, 0.1, 0.9, 0.3)
		yy := f32([]int{3, 2}, 1, 0, 0, 1, 1, 0)
		per := reduceEval(t, l, yy, q, nil, ReductionNone)
		s := reduceEval(t, l, yy, q, sw, ReductionSum)
		near(t, name+" sum", s, []float64{2*per[0] + per[2]})
		m := reduceEval(t, l, yy, q, sw, ReductionSumOverBatchSize)
		near(t, name+" sobs", m, []float64{(2*per[0] + per[2]) / 3})
	}
	g := graph.New()
	if _, err := Reduce(g.Const(p), nil, "mean"); err == nil || !strings.Contains(err.Error(), "sum_over_batch_size") {
		t.Errorf("unknown reduction: %v", err)
	}
	if _, err := Compute(nil, g.Const(y), g.Const(p), nil, ""); err == nil {
		t.Error("nil loss accepted")
	}
}

func TestCatalogueNames(t *testing.T) {
	for name, want := range map[string]string{
		"binary_focal_crossentropy": "binary_focal_crossentropy", "categorical_focal_crossentropy": "categorical_focal_crossentropy",
		"mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error", "huber": "huber",
		"logcosh": "log_cosh", "hinge": "hinge", "squared_hinge": "squared_hinge", "categorical_hinge": "categorical_hinge",
		"kld": "kl_divergence", "poisson": "poisson", "cosine_similarity": "cosine_similarity",
	} {
		l, err := Get(name)
		if err != nil || l.Name() != want {
			t.Errorf("Get(%q) = %v, %v", name, l, err)
		}
	}
	if f, _ := Get("binary_focal_crossentropy"); f.(*BinaryFocalCrossentropy).Alpha != 0.25 || f.(*BinaryFocalCrossentropy).Gamma != 2 {
		t.Error("focal defaults")
	}
	if h, _ := Get("huber"); h.(*Huber).Delta != 1 {
		t.Error("huber default")
	}
}

func TestReduceEmptyBatch(t *testing.T) {
	g := graph.New()
	y := g.Input("y", graph.Float32, -1, 2)
	p := g.Input("p", graph.Float32, -1, 2)
	w := g.Input("w", graph.Float32, -1)
	out, err := Compute(MeanSquaredError{}, y, p, w, ReductionSumOverBatchSize)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := graph.Function([]*graph.Node{y, p, w}, []*graph.Node{out}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	empty := tensor.Must(tensor.Zeros[float32](0, 2))
	res, err := fn.Call(empty, empty, tensor.Must(tensor.Zeros[float32](0)))
	if err != nil {
		t.Fatal(err)
	}
	if v := res[0].(*tensor.Tensor[float32]).Data()[0]; v != 0 {
		t.Errorf("empty batch: %v, want 0", v)
	}
}
