package graph_test

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// Differentiate the polynomial 3x² + 2x and evaluate it and its derivative
// at x = 2.
func ExampleGrad() {
	g := graph.New()
	x := g.Input("x", graph.Float64)
	y := graph.Add(graph.Mul(graph.ScalarLike(x, 3), graph.Square(x)), graph.Mul(graph.ScalarLike(x, 2), x))
	dy := graph.Grad(y, x)[0]
	f, err := graph.Function([]*graph.Node{x}, []*graph.Node{y, dy}, nil, nil)
	if err != nil {
		panic(err)
	}
	out, err := f.Call(tensor.Scalar(2.0))
	if err != nil {
		panic(err)
	}
	fmt.Println("y =", out[0], " dy/dx =", out[1])
	// Output: y = 16.  dy/dx = 14.
}

// A function with an update: each call returns the running total before
// adding its input to it, as a Theano accumulator does.
func ExampleFunction() {
	g := graph.New()
	total := g.Shared("total", tensor.Scalar[float32](0))
	x := g.Input("x", graph.Float32)
	acc, err := graph.Function([]*graph.Node{x}, []*graph.Node{total},
		[]graph.Update{{Var: total, Value: graph.Add(total, x)}}, nil)
	if err != nil {
		panic(err)
	}
	for _, v := range []float32{1, 10, 100} {
		out, _ := acc.Call(tensor.Scalar(v))
		fmt.Println(out[0])
	}
	fmt.Println("total:", total.Value())
	// Output:
	// 0.
	// 1.
	// 11.
	// total: 111.
}

// Gradient descent on a one-parameter model, with the updates inside the
// compiled function.
func ExampleFunction_training() {
	g := graph.New()
	x := g.Input("x", graph.Float32, graph.Unknown)
	y := g.Input("y", graph.Float32, graph.Unknown)
	w := g.Shared("w", tensor.Scalar[float32](0))
	cost := graph.Mean(graph.Square(graph.Sub(graph.Mul(x, w), y)), nil, false)
	gw := graph.Grad(cost, w)[0]
	train, err := graph.Function([]*graph.Node{x, y}, []*graph.Node{cost},
		[]graph.Update{{Var: w, Value: graph.Sub(w, graph.Mul(graph.ScalarLike(w, 0.1), gw))}}, nil)
	if err != nil {
		panic(err)
	}
	xs := tensor.Must(tensor.New([]int{4}, []float32{1, 2, 3, 4}))
	ys := tensor.Must(tensor.New([]int{4}, []float32{2, 4, 6, 8})) // y = 2x
	for range 30 {
		if _, err := train.Call(xs, ys); err != nil {
			panic(err)
		}
	}
	fmt.Printf("w = %.4f\n", w.Value().(*tensor.Tensor[float32]).Data()[0])
	// Output: w = 2.0000
}

// The text form of a graph, before and after compiling: the stable rewrite
// turns log(sigmoid(x)) into −softplus(−x), and fusion runs the
// element-wise chain as one step.
func ExampleDebugString() {
	g := graph.New()
	x := g.Input("x", graph.Float32, graph.Unknown, 3)
	y := graph.Mul(graph.Log(graph.Sigmoid(x)), graph.ScalarLike(x, 2))
	fmt.Print(graph.DebugString(y))
	f, _ := graph.Function([]*graph.Node{x}, []*graph.Node{y}, nil, nil)
	fmt.Print(f.DebugString())
	// Output:
	// Mul [id A] float32 (None, 3)
	// ├─ Log [id B] float32 (None, 3)
	// │  └─ Sigmoid [id C] float32 (None, 3)
	// │     └─ Input "x" [id D] float32 (None, 3)
	// └─ Const{2} [id E] float32 ()
	// output 0:
	// Fused{Mul(Neg(Softplus(Neg(i0))), i1)} [id A] float32 (None, 3)
	// ├─ Input "x" [id B] float32 (None, 3)
	// └─ Const{2} [id C] float32 ()
	// 1 steps, 1 buffers
}

// Build errors stick to the graph with the caller's position.
func ExampleGraph_Err() {
	g := graph.New()
	a := g.Input("a", graph.Float32, 2, 3)
	b := g.Input("b", graph.Float32, 4, 5)
	c := graph.MatMul(a, b)
	fmt.Println(c.Valid())
	fmt.Println(g.Err())
	// Output:
	// false
	// graph: MatMul at example_test.go:105: incompatible shapes: expected the inner dimensions to match, received 3 and 4 (inputs: float32 (2, 3), float32 (4, 5))
}

// A running sum and a running maximum over a sequence with Scan, and the
// gradient of the final sum through the loop.
func ExampleScan() {
	g := graph.New()
	xs := g.Input("xs", graph.Float64, graph.Unknown, 2) // 2 sequences side by side
	zero := graph.ZerosLike(graph.Squeeze(graph.Slice(xs, 0, 0, 1), 0))
	carries, _ := graph.Scan(func(x, c []*graph.Node) ([]*graph.Node, []*graph.Node) {
		return []*graph.Node{graph.Add(c[0], x[0]), graph.Maximum(c[1], x[0])}, nil
	}, []*graph.Node{xs}, []*graph.Node{zero, zero})
	total := graph.Sum(graph.Slice(carries[0], 0, -1, 1<<30), nil, false)
	dx := graph.Grad(total, xs)[0]
	f, err := graph.Function([]*graph.Node{xs}, []*graph.Node{carries[0], carries[1], dx}, nil, nil)
	if err != nil {
		panic(err)
	}
	in := tensor.Must(tensor.New([]int{3, 2}, []float64{1, -1, 2, -2, 3, 5}))
	out, _ := f.Call(in)
	fmt.Println(out[0])
	fmt.Println(out[1])
	fmt.Println(out[2])
	// Output:
	// [[ 1. -1.]
	//  [ 3. -3.]
	//  [ 6.  2.]]
	// [[1. 0.]
	//  [2. 0.]
	//  [3. 5.]]
	// [[1. 1.]
	//  [1. 1.]
	//  [1. 1.]]
}

// A compiled function can time its steps, as Theano's profile=True: the
// profile lists the steps by their share of the time, with the ids and
// labels DebugString prints.
func ExampleFunc_Profile() {
	g := graph.New()
	x := g.Input("x", graph.Float32, graph.Unknown, 256)
	w := g.Shared("w", tensor.Must(tensor.Ones[float32](256, 128)))
	y := graph.Sum(graph.Relu(graph.MatMul(x, w)), nil, false)
	f, err := graph.Function([]*graph.Node{x}, []*graph.Node{y}, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	f.SetProfiling(true)
	xv := tensor.Must(tensor.Ones[float32](64, 256))
	for range 10 {
		f.Call(xv)
	}
	p := f.Profile()
	fmt.Println(p.Calls, "calls of", len(p.Steps), "steps")
	// p.Steps lists the steps, the slowest first; fmt.Print(p) prints the
	// table of shares, times per call and ops.
	// Output: 10 calls of 3 steps
}
