package constraints

import (
	"errors"
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// eval computes c.Apply on the constant w.
func eval(t *testing.T, c Constraint, w *tensor.Tensor[float32]) []float32 {
	t.Helper()
	g := graph.New()
	fn, err := graph.Function(nil, []*graph.Node{c.Apply(g.Const(w))}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := fn.Call()
	if err != nil {
		t.Fatal(err)
	}
	out := res[0].(*tensor.Tensor[float32])
	if !tensor.SameShape(out.Shape(), w.Shape()) {
		t.Fatalf("%s: shape %v, want %v", c.ClassName(), out.Shape(), w.Shape())
	}
	return out.Data()
}

// w32 is a 3×2 weight: columns of norms √(1+4+4) = 3 and √(0.01+0.04+0.04)
// = 0.3; rows of norms √(1+0.01), √(4+0.04), √(4+0.04).
var w32 = tensor.Must(tensor.New([]int{3, 2}, []float32{1, 0.1, -2, 0.2, 2, -0.2}))

// scaleRef rescales the float64 copy of w32 by desired(n)/(1e-7 + n) per
// column (axis 0) or per row (axis 1) — Keras's formulas written out.
func scaleRef(axis int, desired func(n float64) float64) []float64 {
	w := []float64{1, 0.1, -2, 0.2, 2, -0.2}
	out := make([]float64, 6)
	for i := range 3 {
		for j := range 2 {
			var n float64
			if axis == 0 {
				for k := range 3 {
					n += w[k*2+j] * w[k*2+j]
				}
			} else {
				for k := range 2 {
					n += w[i*2+k] * w[i*2+k]
				}
			}
			n = math.Sqrt(n)
			out[i*2+j] = w[i*2+j] * desired(n) / (1e-7 + n)
		}
	}
	return out
}

func near(t *testing.T, name string, got []float32, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(float64(got[i])-want[i]) > 1e-6*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s: element %d = %v, want %v (all %v)", name, i, got[i], want[i], got)
			return
		}
	}
}

func TestKnownAnswers(t *testing.T) {
	clip := func(lo, hi float64) func(float64) float64 {
		return func(n float64) float64 { return math.Min(math.Max(n, lo), hi) }
	}
	near(t, "MaxNorm(2)", eval(t, NewMaxNorm(), w32), scaleRef(0, clip(0, 2)))
	// Column norms 3 and 0.3: the first is scaled to 2, the second kept.
	if got := eval(t, NewMaxNorm(), w32); math.Abs(float64(got[0])-2.0/3) > 1e-6 || math.Abs(float64(got[1])-0.1) > 1e-6 {
		t.Errorf("MaxNorm: %v", got)
	}
	near(t, "MaxNorm(1, axis 1)", eval(t, &MaxNorm{MaxValue: 1, Axis: []int{1}}, w32), scaleRef(1, clip(0, 1)))
	near(t, "MaxNorm(1, axis -1)", eval(t, &MaxNorm{MaxValue: 1, Axis: []int{-1}}, w32), scaleRef(1, clip(0, 1)))
	near(t, "UnitNorm", eval(t, NewUnitNorm(), w32), scaleRef(0, func(float64) float64 { return 1 }))
	near(t, "UnitNorm(axis 1)", eval(t, &UnitNorm{Axis: []int{1}}, w32), scaleRef(1, func(float64) float64 { return 1 }))
	near(t, "MinMaxNorm", eval(t, NewMinMaxNorm(), w32), scaleRef(0, clip(0, 1)))
	mm := &MinMaxNorm{MinValue: 0.5, MaxValue: 1, Rate: 0.25}
	near(t, "MinMaxNorm(0.5, 1, 0.25)", eval(t, mm, w32), scaleRef(0, func(n float64) float64 {
		return 0.25*math.Min(math.Max(n, 0.5), 1) + 0.75*n
	}))
	near(t, "NonNeg", eval(t, NonNeg{}, w32), []float64{1, 0.1, 0, 0.2, 2, 0})
}

func TestAllAxesAndZeros(t *testing.T) {
	// Norm over both axes of the 3×2 weight: √(9 + 0.09).
	n := math.Sqrt(9.09)
	w := []float64{1, 0.1, -2, 0.2, 2, -0.2}
	want := make([]float64, 6)
	for i := range w {
		want[i] = w[i] / (1e-7 + n)
	}
	near(t, "UnitNorm(axes 0, 1)", eval(t, &UnitNorm{Axis: []int{0, 1}}, w32), want)
	// A zero column stays zero (ε keeps the division finite).
	z := tensor.Must(tensor.New([]int{2, 2}, []float32{0, 3, 0, 4}))
	near(t, "UnitNorm zero column", eval(t, NewUnitNorm(), z), []float64{0, 3 / (5 + 1e-7), 0, 4 / (5 + 1e-7)})
	near(t, "MinMaxNorm zero column", eval(t, &MinMaxNorm{MinValue: 1, MaxValue: 2, Rate: 1}, z), []float64{0, 3 / (5 + 1e-7) * 2, 0, 4 / (5 + 1e-7) * 2})
	// A convolution kernel (2, 2, 1, 2) constrained per filter over axes 0, 1, 2.
	k := tensor.Must(tensor.New([]int{2, 2, 1, 2}, []float32{3, 1, 0, 1, 4, 1, 0, 1}))
	near(t, "MaxNorm conv", eval(t, &MaxNorm{MaxValue: 1, Axis: []int{0, 1, 2}}, k),
		[]float64{3 / (5 + 1e-7), 1 / (2 + 1e-7), 0, 1 / (2 + 1e-7), 4 / (5 + 1e-7), 1 / (2 + 1e-7), 0, 1 / (2 + 1e-7)})
}

func TestGetResolveAndErrors(t *testing.T) {
	for name, class := range map[string]string{"max_norm": "MaxNorm", "MaxNorm": "MaxNorm", "non_neg": "NonNeg",
		"unit_norm": "UnitNorm", "min_max_norm": "MinMaxNorm", "MinMaxNorm": "MinMaxNorm", "UNIT_NORM": "UnitNorm"} {
		c, err := Get(name)
		if err != nil || c.ClassName() != class {
			t.Errorf("Get(%q) = %v, %v", name, c, err)
		}
	}
	if c, _ := Get("max_norm"); c.(*MaxNorm).MaxValue != 2 || c.(*MaxNorm).Axis[0] != 0 {
		t.Errorf("max_norm defaults %+v", c)
	}
	if c, _ := Get("min_max_norm"); c.(*MinMaxNorm).MinValue != 0 || c.(*MinMaxNorm).MaxValue != 1 || c.(*MinMaxNorm).Rate != 1 || c.(*MinMaxNorm).Axis[0] != 0 {
		t.Errorf("min_max_norm defaults %+v", c)
	}
	if _, err := Get("radial"); err == nil {
		t.Error("unknown name accepted")
	}
	if c, err := Resolve(nil); c != nil || err != nil {
		t.Errorf("Resolve(nil) = %v, %v", c, err)
	}
	if c, err := Resolve(NonNeg{}); err != nil || c.ClassName() != "NonNeg" {
		t.Errorf("Resolve(NonNeg) = %v, %v", c, err)
	}
	if _, err := Resolve(3); err == nil {
		t.Error("Resolve(3) accepted")
	}
	g := graph.New()
	_ = (&MaxNorm{MaxValue: 1, Axis: []int{2}}).Apply(g.Input("w", graph.Float32, 3, 2))
	if err := g.Err(); !errors.Is(err, graph.ErrArg) {
		t.Errorf("axis out of range: %v", err)
	}
}
