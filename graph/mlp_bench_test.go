package graph

import (
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// buildMLP builds the MNIST MLP of the benchmarks, 784 → 512 relu →
// dropout 0.2 → 512 relu → dropout 0.2 → 10, sparse categorical
// cross-entropy on logits, RMSprop.
func buildMLP() (x, y, loss *Node, upd []Update) {
	g := New()
	r := tensor.NewRNG(1)
	x = g.Input("x", Float32, Unknown, 784)
	y = g.Input("y", Int32, Unknown)
	sizes := []int{784, 512, 512, 10}
	h := x
	var params []*Node
	for i := range 3 {
		w := g.Shared("w", glorot(r, sizes[i], sizes[i+1]))
		b := g.Shared("b", tensor.Must(tensor.Zeros[float32](sizes[i+1])))
		params = append(params, w, b)
		h = Add(MatMul(h, w), b)
		if i < 2 {
			h = Dropout(Relu(h), 0.2)
		}
	}
	loss = Mean(SparseCategoricalCrossentropy(y, h, true), nil, false)
	grads := Grad(loss, params...)
	lr, rho, eps := ScalarLike(loss, 0.001), ScalarLike(loss, 0.9), ScalarLike(loss, 1e-7)
	for i, w := range params {
		v := g.Shared("v", tensor.Must(tensor.Zeros[float32](w.Shape()...)))
		v2 := Add(Mul(rho, v), Mul(Sub(ScalarLike(v, 1), rho), Square(grads[i])))
		upd = append(upd, Update{v, v2}, Update{w, Sub(w, Div(Mul(lr, grads[i]), Sqrt(Add(v2, eps))))})
	}
	return x, y, loss, upd
}

// BenchmarkMLPTrainStep measures one training step of the MNIST MLP on a
// batch of 128.
func BenchmarkMLPTrainStep(b *testing.B) {
	x, y, loss, upd := buildMLP()
	f, err := Function([]*Node{x, y}, []*Node{loss}, upd, nil)
	if err != nil {
		b.Fatal(err)
	}
	r := tensor.NewRNG(3)
	xv := tensor.Must(tensor.RandUniform[float32](r, 0, 1, 128, 784))
	yv := tensor.Must(tensor.Zeros[int32](128))
	for i := range yv.Data() {
		yv.Data()[i] = int32(r.IntN(10))
	}
	out := []any{tensor.Scalar[float32](0)}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.CallInto(out, xv, yv); err != nil {
			b.Fatal(err)
		}
	}
}
