package graph

import (
	"strings"
	"testing"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

func anyFused(f *Func) bool {
	for _, x := range f.p.fused {
		if x != nil {
			return true
		}
	}
	return false
}

// rmspropVariant builds an RMSprop step of a [rows, cols] weight with the
// learning rate in a shared variable, writing the operands of Add and Mul
// in the order swap selects, and compiles it.
func rmspropVariant[T float32 | float64](t *testing.T, rows, cols int, swap bool) (f *Func, w, v, lr *Node) {
	t.Helper()
	g := New()
	r := tensor.NewRNG(7)
	w = g.Shared("w", tensor.Must(tensor.RandUniform[T](r, -1, 1, rows, cols)))
	v = g.Shared("v", tensor.Must(tensor.Zeros[T](rows, cols)))
	lr = g.Shared("lr", tensor.Scalar[T](0.01))
	grad := g.Input("g", w.DType(), rows, cols)
	rho, one, eps := ScalarLike(v, 0.9), ScalarLike(v, 0.1), ScalarLike(v, 1e-7)
	var v2, w2 *Node
	if swap {
		v2 = Add(Mul(Square(grad), one), Mul(v, rho))
		w2 = Sub(w, Div(Mul(grad, lr), Sqrt(Add(eps, v2))))
	} else {
		v2 = Add(Mul(rho, v), Mul(one, Square(grad)))
		w2 = Sub(w, Div(Mul(lr, grad), Sqrt(Add(v2, eps))))
	}
	return mustFunction(t, []*Node{grad}, nil, []Update{{v, v2}, {w, w2}}), w, v, lr
}

// The RMSprop pair runs on the fused kernel whatever the operand order and
// float type, and gives the bits of the two programs run chunk by chunk,
// on one thread and on several, also after the learning rate changed.
func TestFusedRMSpropExact(t *testing.T) {
	t.Run("float32", func(t *testing.T) { fusedRMSpropExact[float32](t) })
	t.Run("float64", func(t *testing.T) { fusedRMSpropExact[float64](t) })
}

func fusedRMSpropExact[T float32 | float64](t *testing.T) {
	for _, shape := range [][2]int{{3, 5}, {1, 1}, {301, 347}} {
		for _, swap := range []bool{false, true} {
			for _, threads := range []int{1, 2} {
				prev := kernels.SetThreads(threads)
				fused, wf, vf, lrf := rmspropVariant[T](t, shape[0], shape[1], swap)
				ewFuseKernels = false
				plain, wp, vp, lrp := rmspropVariant[T](t, shape[0], shape[1], swap)
				ewFuseKernels = true
				if !anyFused(fused) || !strings.Contains(fused.DebugString(), "(fused RMSprop kernel)") {
					t.Fatalf("shape %v swap=%v: the RMSprop pair was not fused:\n%s", shape, swap, fused.DebugString())
				}
				if anyFused(plain) || !anyPaired(plain.p.paired) {
					t.Fatalf("shape %v: the reference should be paired but not fused", shape)
				}
				rng := tensor.NewRNG(11)
				for step := range 4 {
					gt := tensor.Must(tensor.RandNormal[T](rng, 0, 1, shape[0], shape[1]))
					if step == 2 {
						gt.Data()[0] = 0
						for _, lr := range []*Node{lrf, lrp} {
							if err := lr.SetValue(tensor.Scalar[T](0.003)); err != nil {
								t.Fatal(err)
							}
						}
					}
					if _, err := fused.Call(gt); err != nil {
						t.Fatal(err)
					}
					if _, err := plain.Call(gt); err != nil {
						t.Fatal(err)
					}
				}
				for _, pr := range [][2]*Node{{wf, wp}, {vf, vp}} {
					got, want := pr[0].Value().(*tensor.Tensor[T]).Data(), pr[1].Value().(*tensor.Tensor[T]).Data()
					for i := range want {
						if got[i] != want[i] {
							t.Fatalf("shape %v swap=%v threads=%d: %s[%d] = %v fused, %v chunk by chunk",
								shape, swap, threads, pr[0].Name(), i, got[i], want[i])
						}
					}
				}
				gt := tensor.Must(tensor.Zeros[T](shape[0], shape[1]))
				if allocs := testing.AllocsPerRun(10, func() { fused.Call(gt) }); allocs > 1 {
					t.Errorf("shape %v: a fused call allocates %v times", shape, allocs)
				}
				kernels.SetThreads(prev)
			}
		}
	}
}

// Pairs that are not exactly the RMSprop rule stay on the programs.
func TestFusedRMSpropOnlyExact(t *testing.T) {
	build := func(variant int) *Func {
		g := New()
		w := g.Shared("w", tensor.Must(tensor.Ones[float32](4, 8)))
		v := g.Shared("v", tensor.Must(tensor.Zeros[float32](4, 8)))
		grad := g.Input("g", Float32, 4, 8)
		other := g.Input("h", Float32, 4, 8)
		rho, one, lr := ScalarLike(v, 0.9), ScalarLike(v, 0.1), ScalarLike(v, 0.001)
		var eps *Node = ScalarLike(v, 1e-7)
		gb := grad
		sqrt := Sqrt
		switch variant {
		case 1: // B's gradient is another tensor
			gb = other
		case 2: // a per-element epsilon
			eps = Add(other, ScalarLike(other, 1e-7))
		case 3: // another function than the square root
			sqrt = Exp
		}
		v2 := Add(Mul(rho, v), Mul(one, Square(grad)))
		w2 := Sub(w, Div(Mul(lr, gb), sqrt(Add(v2, eps))))
		return mustFunction(t, []*Node{grad, other}, nil, []Update{{v, v2}, {w, w2}})
	}
	if !anyFused(build(0)) {
		t.Fatal("the RMSprop rule itself was not fused")
	}
	for variant := 1; variant <= 3; variant++ {
		f := build(variant)
		if !anyPaired(f.p.paired) {
			t.Fatalf("variant %d: not even paired", variant)
		}
		if anyFused(f) {
			t.Errorf("variant %d: fused although it is not the RMSprop rule", variant)
		}
	}
}

// adamVariant builds an Adam step of a [rows, cols] weight as
// optimizers.Adam writes it, the step size computed from a shared
// learning rate and step count, and compiles it.
func adamVariant[T float32 | float64](t *testing.T, rows, cols int) (f *Func, vars []*Node, lr *Node) {
	t.Helper()
	g := New()
	r := tensor.NewRNG(9)
	w := g.Shared("w", tensor.Must(tensor.RandUniform[T](r, -1, 1, rows, cols)))
	m := g.Shared("m", tensor.Must(tensor.Zeros[T](rows, cols)))
	v := g.Shared("v", tensor.Must(tensor.Zeros[T](rows, cols)))
	lr = g.Shared("lr", tensor.Scalar[T](0.01))
	it := g.Shared("t", tensor.Scalar[T](0))
	grad := g.Input("g", w.DType(), rows, cols)
	t1 := Add(it, ScalarLike(it, 1))
	one := ScalarLike(it, 1)
	alpha := Div(Mul(lr, Sqrt(Sub(one, Pow(ScalarLike(it, 0.999), t1)))), Sub(one, Pow(ScalarLike(it, 0.9), t1)))
	m1 := Add(m, Mul(Sub(grad, m), ScalarLike(m, 0.1)))
	v1 := Add(v, Mul(Sub(Square(grad), v), ScalarLike(v, 0.001)))
	w1 := Sub(w, Div(Mul(m1, alpha), Add(Sqrt(v1), ScalarLike(v, 1e-7))))
	f = mustFunction(t, []*Node{grad}, nil, []Update{{m, m1}, {v, v1}, {w, w1}, {it, t1}})
	return f, []*Node{w, m, v}, lr
}

// The Adam updates of a weight run on the fused kernel and give the bits
// of the programs run one after another.
func TestFusedAdamExact(t *testing.T) {
	t.Run("float32", func(t *testing.T) { fusedAdamExact[float32](t) })
	t.Run("float64", func(t *testing.T) { fusedAdamExact[float64](t) })
}

func fusedAdamExact[T float32 | float64](t *testing.T) {
	for _, shape := range [][2]int{{3, 5}, {1, 1}, {301, 347}} {
		for _, threads := range []int{1, 2} {
			prev := kernels.SetThreads(threads)
			fused, vf, lrf := adamVariant[T](t, shape[0], shape[1])
			ewFuseKernels = false
			plain, vp, lrp := adamVariant[T](t, shape[0], shape[1])
			ewFuseKernels = true
			// A weight of one element is scheduled among the single values
			// and need not be fused; the results must agree all the same.
			if shape[0]*shape[1] > 1 && (!anyFused(fused) || !strings.Contains(fused.DebugString(), "(fused Adam kernel)")) {
				t.Fatalf("shape %v: the Adam updates were not fused:\n%s", shape, fused.DebugString())
			}
			if anyFused(plain) {
				t.Fatalf("shape %v: the reference is fused", shape)
			}
			rng := tensor.NewRNG(12)
			for step := range 4 {
				gt := tensor.Must(tensor.RandNormal[T](rng, 0, 1, shape[0], shape[1]))
				if step == 2 {
					for _, lr := range []*Node{lrf, lrp} {
						if err := lr.SetValue(tensor.Scalar[T](0.002)); err != nil {
							t.Fatal(err)
						}
					}
				}
				if _, err := fused.Call(gt); err != nil {
					t.Fatal(err)
				}
				if _, err := plain.Call(gt); err != nil {
					t.Fatal(err)
				}
			}
			for i := range vf {
				got, want := vf[i].Value().(*tensor.Tensor[T]).Data(), vp[i].Value().(*tensor.Tensor[T]).Data()
				for j := range want {
					if got[j] != want[j] {
						t.Fatalf("shape %v threads=%d: %s[%d] = %v fused, %v unfused", shape, threads, vf[i].Name(), j, got[j], want[j])
					}
				}
			}
			kernels.SetThreads(prev)
		}
	}
}

// An output that reads the old weight after the new velocity keeps the
// weight's update where it is: fused or not, the results are the same.
func TestFusedAdamOnlyWhenSafe(t *testing.T) {
	build := func() (*Func, *Node) {
		g := New()
		w := g.Shared("w", tensor.Must(tensor.Full[float32](0.5, 8, 8)))
		m := g.Shared("m", tensor.Must(tensor.Zeros[float32](8, 8)))
		v := g.Shared("v", tensor.Must(tensor.Zeros[float32](8, 8)))
		grad := g.Input("g", Float32, 8, 8)
		m1 := Add(m, Mul(Sub(grad, m), ScalarLike(m, 0.1)))
		v1 := Add(v, Mul(Sub(Square(grad), v), ScalarLike(v, 0.001)))
		w1 := Sub(w, Div(Mul(m1, ScalarLike(w, 0.01)), Add(Sqrt(v1), ScalarLike(v, 1e-7))))
		out := Sum(Mul(w, v1), nil, false) // the old w, the new v
		return mustFunction(t, []*Node{grad}, []*Node{out}, []Update{{m, m1}, {v, v1}, {w, w1}}), w
	}
	f, w := build()
	ewFuseKernels = false
	ref, wr := build()
	ewFuseKernels = true
	gt := tensor.Must(tensor.Full[float32](0.25, 8, 8))
	got, err := f.Call(gt)
	if err != nil {
		t.Fatal(err)
	}
	want, err := ref.Call(gt)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := got[0].(*tensor.Tensor[float32]).Data()[0], want[0].(*tensor.Tensor[float32]).Data()[0]; a != b {
		t.Errorf("output %v, unfused %v", a, b)
	}
	if a, b := w.Value().(*tensor.Tensor[float32]).Data()[0], wr.Value().(*tensor.Tensor[float32]).Data()[0]; a != b {
		t.Errorf("new w %v, unfused %v", a, b)
	}
}
