package graph

import (
	"fmt"
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// gradCase is one function checked by checkGrad: build maps symbolic
// float64 inputs to an output of any shape.
type gradCase struct {
	name   string
	build  func(xs []*Node) *Node
	inputs []*tensor.Tensor[float64]
	// static keeps every input dimension known; otherwise the check also
	// runs with the first dimension of each input (if larger than 1)
	// unknown until run time.
	static bool
	// firstOnly makes only the first input's first dimension unknown.
	firstOnly bool
	// tol loosens the comparison for functions with large curvature.
	tol float64
}

// checkGrad is the numerical gradient check every differentiable op goes
// through, after PyTensor's verify_grad: the output y is projected on a
// fixed random tensor R, cost = Σ y·R, and the gradient Grad gives for each
// input is compared with central differences of cost in float64. It also
// checks that the shape every node had at run time matches its static shape.
func checkGrad(t *testing.T, c gradCase) {
	t.Helper()
	checkGradOnce(t, c, false)
	if !c.static {
		checkGradOnce(t, c, true)
	}
}

func checkGradOnce(t *testing.T, c gradCase, unknown bool) {
	t.Helper()
	g := New()
	xs := make([]*Node, len(c.inputs))
	for i, v := range c.inputs {
		s := v.Shape()
		if unknown && len(s) > 0 && s[0] > 1 && (i == 0 || !c.firstOnly) {
			s[0] = Unknown
		}
		xs[i] = g.Input(fmt.Sprintf("x%d", i), Float64, s...)
	}
	y := c.build(xs)
	if err := g.Err(); err != nil {
		t.Fatalf("%s: build: %v", c.name, err)
	}
	ins := make([]any, len(c.inputs))
	for i, v := range c.inputs {
		ins[i] = v
	}
	fy := mustFunction(t, xs, []*Node{y}, nil)
	yv := mustCall(t, fy, ins...)[0].(*tensor.Tensor[float64])
	checkRunShapes(t, c.name, fy)

	r := g.Input("r", Float64, y.Shape()...)
	rv := tensor.Must(tensor.RandUniform[float64](tensor.NewRNG(7), -1, 1, yv.Shape()...))
	cost := Sum(Mul(y, r), nil, false)
	grads := Grad(cost, xs...)
	if err := g.Err(); err != nil {
		t.Fatalf("%s: grad: %v", c.name, err)
	}
	all := append(append([]*Node{}, xs...), r)
	f := mustFunction(t, all, append([]*Node{cost}, grads...), nil)
	fc := mustFunction(t, all, []*Node{cost}, nil)
	ins = append(ins, rv)
	out := mustCall(t, f, ins...)
	checkRunShapes(t, c.name, f)
	tol := c.tol
	if tol == 0 {
		tol = 1e-6
	}
	const eps = 1e-6
	for k, v := range c.inputs {
		gk := out[1+k].(*tensor.Tensor[float64]).Data()
		d := v.Data()
		for j := range d {
			x0 := d[j]
			d[j] = x0 + eps
			cp := mustCall(t, fc, ins...)[0].(*tensor.Tensor[float64]).Data()[0]
			d[j] = x0 - eps
			cm := mustCall(t, fc, ins...)[0].(*tensor.Tensor[float64]).Data()[0]
			d[j] = x0
			num := (cp - cm) / (2 * eps)
			if diff := math.Abs(gk[j] - num); !(diff <= tol+10*tol*math.Abs(num)) {
				t.Errorf("%s (unknown dims %v): d/dx%d[%d]: Grad %.9g, finite differences %.9g", c.name, unknown, k, j, gk[j], num)
			}
		}
	}
}

func mustFunction(t *testing.T, in, out []*Node, upd []Update) *Func {
	t.Helper()
	f, err := Function(in, out, upd, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustCall(t *testing.T, f *Func, in ...any) []any {
	t.Helper()
	out, err := f.Call(in...)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkRunShapes compares the shape each node had in f's last call with
// its static shape: the rank must match and every known dimension too.
func checkRunShapes(t *testing.T, name string, f *Func) {
	t.Helper()
	fr := f.free[len(f.free)-1]
	for i, n := range f.p.nodes {
		got := fr.vals[i].shape
		ok := len(got) == len(n.shape)
		for d := 0; ok && d < len(got); d++ {
			ok = n.shape[d] < 0 || n.shape[d] == got[d]
		}
		if !ok {
			t.Errorf("%s: node %v: static shape %s, shape at run time %s", name, n, shapeStr(n.shape), shapeStr(got))
		}
		if f.p.store[i] == sSlot && fr.vals[i].size() != numel(got) {
			t.Errorf("%s: node %v: %d elements for shape %s", name, n, fr.vals[i].size(), shapeStr(got))
		}
	}
}

// rnd returns a float64 tensor of the given shape with values uniform in
// [lo, hi), from a generator seeded by seed.
func rnd(seed uint64, lo, hi float64, shape ...int) *tensor.Tensor[float64] {
	return tensor.Must(tensor.RandUniform[float64](tensor.NewRNG(seed), lo, hi, shape...))
}

// away returns a tensor like rnd whose values keep at least gap from 0, for
// ops with a kink at 0.
func away(seed uint64, gap float64, shape ...int) *tensor.Tensor[float64] {
	t := rnd(seed, -1, 1, shape...)
	for i, v := range t.Data() {
		if math.Abs(v) < gap {
			t.Data()[i] = math.Copysign(gap+math.Abs(v), v)
		}
	}
	return t
}

func one(f func(*Node) *Node) func([]*Node) *Node {
	return func(x []*Node) *Node { return f(x[0]) }
}

func two(f func(a, b *Node) *Node) func([]*Node) *Node {
	return func(x []*Node) *Node { return f(x[0], x[1]) }
}

func ts(x ...*tensor.Tensor[float64]) []*tensor.Tensor[float64] { return x }
