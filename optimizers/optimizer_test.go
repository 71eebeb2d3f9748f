package optimizers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// w0 are the starting weights of the step tests; the loss is
// ½·Σw², so the gradient of each weight is the weight itself.
var w0 = []float64{1.5, -0.5, 0.02}

// steps runs three compiled steps of opt on the loss ½·Σw² and returns the
// weights after each step.
func steps(t *testing.T, opt Optimizer) [][]float64 {
	t.Helper()
	init := make([]float32, len(w0))
	for i, v := range w0 {
		init[i] = float32(v)
	}
	v, err := layers.NewVariable("w", tensor.FromSlice(init), true)
	if err != nil {
		t.Fatal(err)
	}
	g := graph.New()
	w := v.Node(g)
	cost := graph.Mul(graph.ScalarLike(w, 0.5), graph.Sum(graph.Square(w), nil, false))
	ups, err := opt.Updates(g, []*layers.Variable{v}, graph.Grad(cost, w))
	if err != nil {
		t.Fatal(err)
	}
	fn, err := graph.Function(nil, []*graph.Node{cost}, ups, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]float64
	for range 3 {
		if _, err := fn.Call(); err != nil {
			t.Fatal(err)
		}
		var row []float64
		for _, x := range v.Float32().Data() {
			row = append(row, float64(x))
		}
		out = append(out, row)
	}
	if opt.Iterations() != 3 {
		t.Errorf("iterations %d, want 3", opt.Iterations())
	}
	return out
}

// check compares the compiled steps with the hand-computed ones.
func check(t *testing.T, got, want [][]float64) {
	t.Helper()
	for s := range want {
		for i := range want[s] {
			if d := math.Abs(got[s][i] - want[s][i]); d > 1e-6*math.Max(1, math.Abs(want[s][i])) {
				t.Errorf("step %d weight %d: %.9g, want %.9g", s+1, i, got[s][i], want[s][i])
			}
		}
	}
}

// hand runs update on each weight for three steps, the gradient being the
// weight, and returns the weights after each step.
func hand(update func(i, step int, w, g float64) float64) [][]float64 {
	w := append([]float64(nil), w0...)
	var out [][]float64
	for s := 1; s <= 3; s++ {
		for i := range w {
			w[i] = update(i, s, w[i], w[i])
		}
		out = append(out, append([]float64(nil), w...))
	}
	return out
}

func TestSGD(t *testing.T) {
	check(t, steps(t, NewSGD()), hand(func(_, _ int, w, g float64) float64 { return w - 0.01*g }))
}

func TestSGDMomentum(t *testing.T) {
	m := make([]float64, len(w0))
	check(t, steps(t, NewSGDWith(0.1, 0.9, false)), hand(func(i, _ int, w, g float64) float64 {
		m[i] = 0.9*m[i] - 0.1*g
		return w + m[i]
	}))
}

func TestSGDNesterov(t *testing.T) {
	m := make([]float64, len(w0))
	check(t, steps(t, NewSGDWith(0.1, 0.9, true)), hand(func(i, _ int, w, g float64) float64 {
		m[i] = 0.9*m[i] - 0.1*g
		return w + 0.9*m[i] - 0.1*g
	}))
}

func TestRMSprop(t *testing.T) {
	v := make([]float64, len(w0))
	check(t, steps(t, NewRMSprop()), hand(func(i, _ int, w, g float64) float64 {
		v[i] = 0.9*v[i] + 0.1*g*g
		return w - 0.001*g/math.Sqrt(v[i]+1e-7)
	}))
}

func TestRMSpropCenteredMomentum(t *testing.T) {
	v := make([]float64, len(w0))
	a := make([]float64, len(w0))
	m := make([]float64, len(w0))
	check(t, steps(t, NewRMSpropWith(0.01, 0.8, 0.5, 1e-7, true)), hand(func(i, _ int, w, g float64) float64 {
		v[i] = 0.8*v[i] + 0.2*g*g
		a[i] = 0.8*a[i] + 0.2*g
		inc := 0.01 * g / math.Sqrt(v[i]-a[i]*a[i]+1e-7)
		m[i] = 0.5*m[i] + inc
		return w - m[i]
	}))
}

func TestAdam(t *testing.T) {
	m := make([]float64, len(w0))
	v := make([]float64, len(w0))
	check(t, steps(t, NewAdam()), hand(func(i, s int, w, g float64) float64 {
		alpha := 0.001 * math.Sqrt(1-math.Pow(0.999, float64(s))) / (1 - math.Pow(0.9, float64(s)))
		m[i] += (g - m[i]) * 0.1
		v[i] += (g*g - v[i]) * 0.001
		return w - alpha*m[i]/(math.Sqrt(v[i])+1e-7)
	}))
}

func TestGetAndLearningRate(t *testing.T) {
	for name, class := range map[string]string{"sgd": "SGD", "RMSprop": "RMSprop", "adam": "Adam"} {
		o, err := Get(name)
		if err != nil || o.ClassName() != class {
			t.Errorf("Get(%q) = %v, %v", name, o, err)
		}
	}
	if _, err := Get("adamw2"); err == nil || !strings.Contains(err.Error(), "rmsprop") {
		t.Errorf("unknown name: %v", err)
	}
	o := NewSGD()
	if o.LearningRate() != float64(float32(0.01)) {
		t.Errorf("SGD learning rate %v", o.LearningRate())
	}
	if err := o.SetLearningRate(0.5); err != nil || o.LearningRate() != 0.5 {
		t.Errorf("SetLearningRate: %v %v", err, o.LearningRate())
	}
	if o.SetLearningRate(-1) == nil {
		t.Error("negative learning rate accepted")
	}
	if r, _ := Resolve(nil); r.ClassName() != "RMSprop" {
		t.Error("default optimizer is not RMSprop")
	}
}
