package graph

import (
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// buildLSTM builds the LSTM workload of the benchmarks unrolled over its 50
// time steps, as Keras does with unroll=True: 32 features, 128 units, a
// dense logit on the last state, binary cross-entropy on logits, Adam.
func buildLSTM() (x, y, loss *Node, upd []Update) { return buildLSTMWith(false) }

// buildLSTMWith builds the LSTM workload, unrolled or, with scan, as a
// Scan over time.
func buildLSTMWith(scan bool) (x, y, loss *Node, upd []Update) {
	const steps, feats, units = 50, 32, 128
	g := New()
	r := tensor.NewRNG(1)
	x = g.Input("x", Float32, Unknown, steps, feats)
	y = g.Input("y", Float32, Unknown, 1)
	k := g.Shared("kernel", glorot(r, feats, 4*units))
	rk := g.Shared("recurrent_kernel", glorot(r, units, 4*units))
	b := g.Shared("bias", tensor.Must(tensor.Zeros[float32](4*units)))
	wd := g.Shared("dense/kernel", glorot(r, units, 1))
	bd := g.Shared("dense/bias", tensor.Must(tensor.Zeros[float32](1)))
	params := []*Node{k, rk, b, wd, bd}
	// The input projection of every step at once, then the recurrence.
	xk := Add(MatMul(x, k), b) // (batch, steps, 4·units)
	cell := func(z, c *Node) (*Node, *Node) {
		gates := Split(z, 4, -1)
		i, f, cc, o := Sigmoid(gates[0]), Sigmoid(gates[1]), Tanh(gates[2]), Sigmoid(gates[3])
		if c == nil {
			c = Mul(i, cc)
		} else {
			c = Add(Mul(f, c), Mul(i, cc))
		}
		return Mul(o, Tanh(c)), c
	}
	var h, c *Node
	if scan {
		zeros := Mul(Squeeze(Slice(xk, 1, 0, 1), 1), ScalarLike(xk, 0))
		zeros = Slice(zeros, 1, 0, units) // (batch, units) of zeros
		cs, _ := Scan(func(xs, cs []*Node) ([]*Node, []*Node) {
			h, c := cell(Add(xs[0], MatMul(cs[0], rk)), cs[1])
			return []*Node{h, c}, nil
		}, []*Node{Transpose(xk, 1, 0, 2)}, []*Node{zeros, zeros})
		h = Squeeze(Slice(cs[0], 0, -1, steps), 0)
	} else {
		for t := range steps {
			z := Squeeze(Slice(xk, 1, t, t+1), 1)
			if h != nil {
				z = Add(z, MatMul(h, rk))
			}
			h, c = cell(z, c)
		}
	}
	logits := Add(MatMul(h, wd), bd)
	loss = Mean(BinaryCrossentropy(y, logits, true), nil, false)
	grads := Grad(loss, params...)
	// Adam with Keras's defaults and the bias correction folded into the
	// step size.
	it := g.Shared("iterations", tensor.Scalar[float32](0))
	t1 := Add(it, ScalarLike(it, 1))
	b1, b2 := ScalarLike(it, 0.9), ScalarLike(it, 0.999)
	one := ScalarLike(it, 1)
	alpha := Div(Mul(ScalarLike(it, 0.001), Sqrt(Sub(one, Pow(b2, t1)))), Sub(one, Pow(b1, t1)))
	upd = append(upd, Update{it, t1})
	for i, p := range params {
		m := g.Shared("m", tensor.Must(tensor.Zeros[float32](p.Shape()...)))
		v := g.Shared("v", tensor.Must(tensor.Zeros[float32](p.Shape()...)))
		m2 := Add(m, Mul(Sub(grads[i], m), Sub(one, b1)))
		v2 := Add(v, Mul(Sub(Square(grads[i]), v), Sub(one, b2)))
		p2 := Sub(p, Div(Mul(alpha, m2), Add(Sqrt(v2), ScalarLike(p, 1e-7))))
		upd = append(upd, Update{m, m2}, Update{v, v2}, Update{p, p2})
	}
	return x, y, loss, upd
}

// BenchmarkLSTMScanTrainStep measures one training step of the LSTM
// written with Scan on a batch of 64.
func BenchmarkLSTMScanTrainStep(b *testing.B) { benchLSTM(b, true) }

// BenchmarkLSTMScanCompile measures building and compiling the LSTM
// written with Scan.
func BenchmarkLSTMScanCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		x, y, loss, upd := buildLSTMWith(true)
		if _, err := Function([]*Node{x, y}, []*Node{loss}, upd, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLSTMCompile measures building and compiling the unrolled LSTM's
// training function.
func BenchmarkLSTMCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		x, y, loss, upd := buildLSTM()
		if _, err := Function([]*Node{x, y}, []*Node{loss}, upd, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLSTMTrainStep measures one training step of the unrolled LSTM on
// a batch of 64.
func BenchmarkLSTMTrainStep(b *testing.B) { benchLSTM(b, false) }

func benchLSTM(b *testing.B, scan bool) {
	x, y, loss, upd := buildLSTMWith(scan)
	f, err := Function([]*Node{x, y}, []*Node{loss}, upd, nil)
	if err != nil {
		b.Fatal(err)
	}
	r := tensor.NewRNG(3)
	xv := tensor.Must(tensor.RandUniform[float32](r, 0, 1, 64, 50, 32))
	yv := tensor.Must(tensor.Zeros[float32](64, 1))
	out := []any{tensor.Scalar[float32](0)}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.CallInto(out, xv, yv); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLSTMScanMatchesUnrolled trains both forms of the LSTM for a few steps
// from the same weights: the losses must agree, and a warm Scan step must
// not allocate.
func TestLSTMScanMatchesUnrolled(t *testing.T) {
	r := tensor.NewRNG(3)
	xv := tensor.Must(tensor.RandUniform[float32](r, 0, 1, 8, 50, 32))
	yv := tensor.Must(tensor.Zeros[float32](8, 1))
	for i := range 4 {
		yv.Data()[i] = 1
	}
	var losses [2][]float32
	for v, scan := range []bool{false, true} {
		x, y, loss, upd := buildLSTMWith(scan)
		f := mustFunction(t, []*Node{x, y}, []*Node{loss}, upd)
		out := []any{tensor.Scalar[float32](0)}
		for range 3 {
			if err := f.CallInto(out, xv, yv); err != nil {
				t.Fatal(err)
			}
			losses[v] = append(losses[v], out[0].(*tensor.Tensor[float32]).Data()[0])
		}
		if scan {
			if a := testing.AllocsPerRun(5, func() { _ = f.CallInto(out, xv, yv) }); a != 0 {
				t.Errorf("a warm Scan training step allocates %v times", a)
			}
		}
	}
	for i := range losses[0] {
		if d := losses[0][i] - losses[1][i]; d > 1e-4 || d < -1e-4 {
			t.Errorf("step %d: unrolled loss %v, scan loss %v", i, losses[0][i], losses[1][i])
		}
	}
}
