package graph

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// seedModel is the seed document's network built directly in graph:
// 100 → 32 relu → 1 sigmoid, binary cross-entropy, RMSprop with Keras's
// defaults (lr 0.001, rho 0.9, ε 1e-7 inside the square root).
type seedModel struct {
	g      *Graph
	x, y   *Node
	loss   *Node
	params []*Node
	train  []Update
}

func glorot(r *tensor.RNG, fanIn, fanOut int) *tensor.Tensor[float32] {
	lim := float32(math.Sqrt(6 / float64(fanIn+fanOut)))
	return tensor.Must(tensor.RandUniform(r, -lim, lim, fanIn, fanOut))
}

func buildSeed() *seedModel {
	g := New()
	r := tensor.NewRNG(1)
	m := &seedModel{g: g}
	m.x = g.Input("x", Float32, Unknown, 100)
	m.y = g.Input("y", Float32, Unknown, 1)
	w1 := g.Shared("dense/kernel", glorot(r, 100, 32))
	b1 := g.Shared("dense/bias", tensor.Must(tensor.Zeros[float32](32)))
	w2 := g.Shared("dense_1/kernel", glorot(r, 32, 1))
	b2 := g.Shared("dense_1/bias", tensor.Must(tensor.Zeros[float32](1)))
	m.params = []*Node{w1, b1, w2, b2}
	h := Relu(Add(MatMul(m.x, w1), b1))
	p := Sigmoid(Add(MatMul(h, w2), b2))
	m.loss = Mean(Mean(BinaryCrossentropy(m.y, p, false), []int{-1}, false), nil, false)
	grads := Grad(m.loss, m.params...)
	lr, rho, eps := ScalarLike(w1, 0.001), ScalarLike(w1, 0.9), ScalarLike(w1, 1e-7)
	for i, w := range m.params {
		v := g.Shared(w.Name()+"/velocity", tensor.Must(tensor.Zeros[float32](w.Shape()...)))
		v2 := Add(Mul(rho, v), Mul(Sub(ScalarLike(v, 1), rho), Square(grads[i])))
		w2 := Sub(w, Div(Mul(lr, grads[i]), Sqrt(Add(v2, eps))))
		m.train = append(m.train, Update{v, v2}, Update{w, w2})
	}
	return m
}

// seedData returns a batch of inputs and labels that a linear rule
// separates.
func seedData(n int) (*tensor.Tensor[float32], *tensor.Tensor[float32]) {
	r := tensor.NewRNG(2)
	x := tensor.Must(tensor.RandNormal[float32](r, 0, 1, n, 100))
	y := tensor.Must(tensor.Zeros[float32](n, 1))
	for i := range n {
		s := float32(0)
		for j := range 10 {
			s += x.Data()[i*100+j]
		}
		if s > 0 {
			y.Data()[i] = 1
		}
	}
	return x, y
}

func TestSeedTrains(t *testing.T) {
	m := buildSeed()
	f := mustFunction(t, []*Node{m.x, m.y}, []*Node{m.loss}, m.train)
	x, y := seedData(32)
	loss := tensor.Scalar[float32](0)
	var first float32
	for i := range 200 {
		if err := f.CallInto([]any{loss}, x, y); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = loss.Data()[0]
		}
	}
	if last := loss.Data()[0]; !(last < first/4) {
		t.Errorf("loss went from %g to %g in 200 steps, want it to fall", first, last)
	}
	allocs := testing.AllocsPerRun(50, func() {
		if err := f.CallInto([]any{loss}, x, y); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("a warm training step allocates %v times, want 0", allocs)
	}
	// A smaller batch reuses the buffers sized for the larger one.
	xs, ys := seedData(7)
	if err := f.CallInto([]any{loss}, xs, ys); err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(20, func() { _ = f.CallInto([]any{loss}, xs, ys) }); allocs != 0 {
		t.Errorf("a warm step with a smaller batch allocates %v times, want 0", allocs)
	}
}

// BenchmarkSeedTrainStep measures one compiled training step of the seed
// model (forward, loss, gradients, RMSprop updates) on a batch of 32.
func BenchmarkSeedTrainStep(b *testing.B) {
	m := buildSeed()
	f, err := Function([]*Node{m.x, m.y}, []*Node{m.loss}, m.train, nil)
	if err != nil {
		b.Fatal(err)
	}
	x, y := seedData(32)
	loss := tensor.Scalar[float32](0)
	outs := []any{loss}
	b.ReportAllocs()
	for b.Loop() {
		if err := f.CallInto(outs, x, y); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSeedCompile measures building the seed model's graph, its
// gradients and updates, and compiling the training function.
func BenchmarkSeedCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m := buildSeed()
		if _, err := Function([]*Node{m.x, m.y}, []*Node{m.loss}, m.train, nil); err != nil {
			b.Fatal(err)
		}
	}
}
