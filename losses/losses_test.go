package losses

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// eval computes l's per-sample values for constant labels and predictions.
func eval(t *testing.T, l Loss, yTrue any, yPred *tensor.Tensor[float32]) []float64 {
	t.Helper()
	g := graph.New()
	out := l.Call(g.Const(yTrue), g.Const(yPred))
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

func near(t *testing.T, name string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-5*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s[%d] = %.7g, want %.7g", name, i, got[i], want[i])
		}
	}
}

func f32(shape []int, v ...float32) *tensor.Tensor[float32] { return tensor.Must(tensor.New(shape, v)) }

func TestBinaryCrossentropy(t *testing.T) {
	y := f32([]int{2, 2}, 1, 0, 0, 1)
	p := f32([]int{2, 2}, 0.9, 0.2, 0.3, 1)
	clip := 1 - 1e-7
	want := []float64{
		-(math.Log(0.9) + math.Log(0.8)) / 2,
		-(math.Log(0.7) + math.Log(float64(float32(clip)))) / 2,
	}
	near(t, "bce", eval(t, NewBinaryCrossentropy(), y, p), want)

	logits := f32([]int{2, 2}, 2, -1, 0, 3)
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	want = []float64{
		-(math.Log(sig(2)) + math.Log(1-sig(-1))) / 2,
		-(math.Log(1-sig(0)) + math.Log(sig(3))) / 2,
	}
	near(t, "bce logits", eval(t, &BinaryCrossentropy{FromLogits: true}, y, logits), want)

	// Label smoothing 0.2: targets 0.9 and 0.1.
	ls := &BinaryCrossentropy{LabelSmoothing: 0.2}
	want = []float64{
		-((0.9*math.Log(0.9) + 0.1*math.Log(0.1)) + (0.1*math.Log(0.2) + 0.9*math.Log(0.8))) / 2,
	}
	near(t, "bce smoothing", eval(t, ls, f32([]int{1, 2}, 1, 0), f32([]int{1, 2}, 0.9, 0.2)), want)
}

func TestCategoricalCrossentropy(t *testing.T) {
	y := f32([]int{2, 3}, 0, 1, 0, 0, 0, 1)
	p := f32([]int{2, 3}, 0.1, 0.6, 0.3, 1, 1, 2) // second row renormalized to 0.25 0.25 0.5
	near(t, "cce", eval(t, NewCategoricalCrossentropy(), y, p), []float64{-math.Log(0.6), -math.Log(0.5)})

	logits := f32([]int{1, 3}, 1, 2, 3)
	lse := math.Log(math.Exp(1) + math.Exp(2) + math.Exp(3))
	near(t, "cce logits", eval(t, &CategoricalCrossentropy{FromLogits: true}, f32([]int{1, 3}, 0, 0, 1), logits), []float64{lse - 3})

	// Smoothing 0.3 over 3 classes: targets 0.1, 0.8, 0.1.
	got := eval(t, &CategoricalCrossentropy{LabelSmoothing: 0.3}, f32([]int{1, 3}, 0, 1, 0), f32([]int{1, 3}, 0.1, 0.6, 0.3))
	near(t, "cce smoothing", got, []float64{-(0.1*math.Log(0.1) + 0.8*math.Log(0.6) + 0.1*math.Log(0.3))})
}

func TestSparseCategoricalCrossentropy(t *testing.T) {
	p := f32([]int{2, 3}, 0.1, 0.6, 0.3, 0.2, 0.2, 0.6)
	want := []float64{-math.Log(0.6), -math.Log(0.2)}
	near(t, "scce", eval(t, NewSparseCategoricalCrossentropy(), tensor.FromSlice([]int32{1, 0}), p), want)
	labels := tensor.Must(tensor.New([]int{2, 1}, []int32{1, 0}))
	near(t, "scce (n,1)", eval(t, NewSparseCategoricalCrossentropy(), labels, p), want)
	near(t, "scce float labels", eval(t, NewSparseCategoricalCrossentropy(), tensor.FromSlice([]float32{1, 0}), p), want)
	if !IsSparse(NewSparseCategoricalCrossentropy()) || IsSparse(NewCategoricalCrossentropy()) {
		t.Error("IsSparse wrong")
	}
}

func TestRegressionLosses(t *testing.T) {
	y := f32([]int{2, 2}, 1, 2, 3, 4)
	p := f32([]int{2, 2}, 1.5, 1, 3, 6)
	near(t, "mse", eval(t, MeanSquaredError{}, y, p), []float64{(0.25 + 1) / 2, (0 + 4) / 2})
	near(t, "mae", eval(t, MeanAbsoluteError{}, y, p), []float64{(0.5 + 1) / 2, (0 + 2) / 2})
}

func TestGet(t *testing.T) {
	for name, want := range map[string]string{
		"binary_crossentropy": "binary_crossentropy", "MSE": "mean_squared_error", "mae": "mean_absolute_error",
		"sparse_categorical_crossentropy": "sparse_categorical_crossentropy", "categorical_crossentropy": "categorical_crossentropy",
	} {
		l, err := Get(name)
		if err != nil || l.Name() != want {
			t.Errorf("Get(%q) = %v, %v", name, l, err)
		}
	}
	if _, err := Get("hinge2"); err == nil || !strings.Contains(err.Error(), "binary_crossentropy") {
		t.Errorf("unknown loss: %v", err)
	}
	if _, err := Resolve(42); err == nil {
		t.Error("Resolve(42) accepted")
	}
}
