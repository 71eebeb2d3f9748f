package activations

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func TestActivationsByName(t *testing.T) {
	xs := []float32{-2, -0.25, 0, 0.75, 3}
	sig := func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
	want := map[string]func(x float64) float64{
		"linear":       func(x float64) float64 { return x },
		"relu":         func(x float64) float64 { return math.Max(x, 0) },
		"relu6":        func(x float64) float64 { return math.Min(math.Max(x, 0), 6) },
		"sigmoid":      sig,
		"tanh":         math.Tanh,
		"softplus":     func(x float64) float64 { return math.Log1p(math.Exp(x)) },
		"softsign":     func(x float64) float64 { return x / (1 + math.Abs(x)) },
		"swish":        func(x float64) float64 { return x * sig(x) },
		"elu":          func(x float64) float64 { return map[bool]float64{true: x, false: math.Expm1(x)}[x > 0] },
		"exponential":  math.Exp,
		"hard_sigmoid": func(x float64) float64 { return math.Min(math.Max(x/6+0.5, 0), 1) },
		"hard_tanh":    func(x float64) float64 { return math.Min(math.Max(x, -1), 1) },
		"leaky_relu":   func(x float64) float64 { return map[bool]float64{true: x, false: 0.2 * x}[x > 0] },
		"log_sigmoid":  func(x float64) float64 { return math.Log(sig(x)) },
		"tanh_shrink":  func(x float64) float64 { return x - math.Tanh(x) },
		"hard_shrink":  func(x float64) float64 { return map[bool]float64{true: x, false: 0}[math.Abs(x) > 0.5] },
		"soft_shrink": func(x float64) float64 {
			return map[bool]float64{true: x - math.Copysign(0.5, x), false: 0}[math.Abs(x) > 0.5]
		},
		"squareplus": func(x float64) float64 { return (x + math.Sqrt(x*x+4)) / 2 },
		"sparse_plus": func(x float64) float64 {
			switch {
			case x <= -1:
				return 0
			case x >= 1:
				return x
			}
			return (x + 1) * (x + 1) / 4
		},
		"gelu": func(x float64) float64 { return x / 2 * (1 + math.Erf(x/math.Sqrt2)) },
		"mish": func(x float64) float64 { return x * math.Tanh(math.Log1p(math.Exp(x))) },
	}
	for name, ref := range want {
		f, err := Get(name)
		if err != nil {
			t.Fatal(err)
		}
		g := graph.New()
		out := f(g.Const(tensor.FromSlice(xs)))
		fn, err := graph.Function(nil, []*graph.Node{out}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		res, err := fn.Call()
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range res[0].(*tensor.Tensor[float32]).Data() {
			if w := ref(float64(xs[i])); math.Abs(float64(v)-w) > 1e-5*math.Max(1, math.Abs(w)) {
				t.Errorf("%s(%v) = %v, want %v", name, xs[i], v, w)
			}
		}
	}
	if _, err := Get("nope"); err == nil || !strings.Contains(err.Error(), "relu") {
		t.Errorf("unknown name: %v", err)
	}
	if f, err := Get(""); err != nil || f == nil {
		t.Error(`Get("") is not linear`)
	}
}
