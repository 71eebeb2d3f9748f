package optimizers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// The five-step problem: two weights, a 2×2 matrix and a 3-vector, and the
// loss ½·Σ k·(w − c)² over their elements, whose gradient is k·(w − c).
// Every weight moves toward a target of its own sign, so no weight passes
// near zero and relative errors stay meaningful.
var (
	fiveShapes = [][]int{{2, 2}, {3}}
	fiveInit   = [][]float64{{1.5, -0.8, 0.6, -1.2}, {0.9, -1.4, 2.0}}
	fiveCurv   = [][]float64{{1, 2, 0.5, 1.5}, {3, 0.7, 1}}
	fiveTarget = [][]float64{{0.5, -2.0, 1.5, -0.4}, {2.0, -0.6, 1.2}}
	fiveNames  = []string{"dense/kernel", "dense/bias"}
)

const fiveSteps = 5

// refStep is a float64 reference of one optimizer step written in the test
// from Keras 3's formulas: it updates ws in place given the gradients gs
// at step t (counted from 1).
type refStep func(t int, ws, gs [][]float64)

// f32 rounds x to float32, as Keras stores the learning rate (and
// schedules compute) in float32.
func f32(x float64) float64 { return float64(float32(x)) }

// reference runs step for fiveSteps steps on the problem and returns the
// weights after each step.
func reference(step refStep) [][][]float64 {
	ws := clone2(fiveInit)
	var out [][][]float64
	for t := 1; t <= fiveSteps; t++ {
		gs := make([][]float64, len(ws))
		for i := range ws {
			gs[i] = make([]float64, len(ws[i]))
			for j := range ws[i] {
				gs[i][j] = fiveCurv[i][j] * (ws[i][j] - fiveTarget[i][j])
			}
		}
		step(t, ws, gs)
		out = append(out, clone2(ws))
	}
	return out
}

func clone2(x [][]float64) [][]float64 {
	out := make([][]float64, len(x))
	for i := range x {
		out[i] = append([]float64(nil), x[i]...)
	}
	return out
}

// fiveVars returns the problem's weights as variables of dtype dt.
func fiveVars(t *testing.T, dt graph.DType) []*layers.Variable {
	t.Helper()
	vars := make([]*layers.Variable, len(fiveInit))
	for i, w := range fiveInit {
		var val any
		if dt == graph.Float64 {
			val = tensor.Must(tensor.New(fiveShapes[i], append([]float64(nil), w...)))
		} else {
			d := make([]float32, len(w))
			for j, x := range w {
				d[j] = float32(x)
			}
			val = tensor.Must(tensor.New(fiveShapes[i], d))
		}
		v, err := layers.NewVariable(fiveNames[i], val, true)
		if err != nil {
			t.Fatal(err)
		}
		vars[i] = v
	}
	return vars
}

// values returns a variable's value as float64s.
func values(v *layers.Variable) []float64 {
	switch x := v.Value().(type) {
	case *tensor.Tensor[float64]:
		return append([]float64(nil), x.Data()...)
	case *tensor.Tensor[float32]:
		out := make([]float64, x.Size())
		for i, e := range x.Data() {
			out[i] = float64(e)
		}
		return out
	}
	return nil
}

// run compiles opt's updates on the problem with weights of dtype dt, runs
// fiveSteps steps and returns the weights after each and the variables.
func run(t *testing.T, opt Optimizer, dt graph.DType) ([][][]float64, []*layers.Variable) {
	t.Helper()
	vars := fiveVars(t, dt)
	g := graph.New()
	var cost *graph.Node
	nodes := make([]*graph.Node, len(vars))
	for i, v := range vars {
		w := v.Node(g)
		nodes[i] = w
		k := g.Const(tensor.Must(tensor.New(fiveShapes[i], fiveCurv[i])))
		c := g.Const(tensor.Must(tensor.New(fiveShapes[i], fiveTarget[i])))
		d := graph.Sub(w, graph.Cast(c, dt))
		term := graph.Sum(graph.Mul(graph.Cast(k, dt), graph.Square(d)), nil, false)
		cost = addNode(cost, graph.Mul(graph.ScalarLike(term, 0.5), term))
	}
	ups, err := opt.Updates(g, vars, graph.Grad(cost, nodes...))
	if err != nil {
		t.Fatal(err)
	}
	fn, err := graph.Function(nil, nil, ups, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out [][][]float64
	for range fiveSteps {
		if _, err := fn.Call(); err != nil {
			t.Fatal(err)
		}
		ws := make([][]float64, len(vars))
		for i, v := range vars {
			ws[i] = values(v)
		}
		out = append(out, ws)
	}
	if opt.Iterations() != fiveSteps {
		t.Errorf("%s: iterations %d, want %d", opt.ClassName(), opt.Iterations(), fiveSteps)
	}
	return out, vars
}

// compare checks every weight of every step within tol relative.
func compare(t *testing.T, what string, got, want [][][]float64, tol float64) {
	t.Helper()
	bad := 0
	for s := range want {
		for i := range want[s] {
			for j, w := range want[s][i] {
				g := got[s][i][j]
				if !(math.Abs(g-w) <= tol*math.Abs(w)) && bad < 5 {
					bad++
					t.Errorf("%s: step %d, %s[%d] = %.10g, want %.10g (relative error %.2g)",
						what, s+1, fiveNames[i], j, g, w, math.Abs(g-w)/math.Abs(w))
				}
			}
		}
	}
}

// cast is how a reference rounds to the weights' dtype what Keras holds in
// it: each constant of an update (ops.cast(beta_1, variable.dtype), or a
// Python float meeting a float32 tensor) and the powers βᵗ, whose
// rounding 1 − βᵗ magnifies. The float32 reference rounds them with f32,
// the float64 one keeps them.
type cast func(float64) float64

func exact(x float64) float64 { return x }

// checkSteps runs the optimizer that newOpt returns on the problem, with
// float32 weights (the path Fit takes; within 1e-6 relative) and float64
// ones (within 1e-9 relative), and compares the first five steps with the
// float64 reference that newRef returns for the weights' dtype.
func checkSteps(t *testing.T, newOpt func() Optimizer, newRef func(r cast) refStep) {
	t.Helper()
	got, _ := run(t, newOpt(), graph.Float32)
	compare(t, "float32", got, reference(newRef(f32)), 1e-6)
	got, _ = run(t, newOpt(), graph.Float64)
	compare(t, "float64", got, reference(newRef(exact)), 1e-9)
}

// each applies f to every element of the weights with its gradient.
func each(ws, gs [][]float64, f func(i, j int, w, g float64) float64) {
	for i := range ws {
		for j := range ws[i] {
			ws[i][j] = f(i, j, ws[i][j], gs[i][j])
		}
	}
}

// zeros returns zero slots shaped like the problem's weights.
func zeros() [][]float64 { return filled(0) }

// filled returns slots shaped like the problem's weights, all v.
func filled(v float64) [][]float64 {
	out := make([][]float64, len(fiveInit))
	for i := range out {
		out[i] = make([]float64, len(fiveInit[i]))
		for j := range out[i] {
			out[i][j] = v
		}
	}
	return out
}

func sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
