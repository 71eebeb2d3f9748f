// Command linear_regression fits a line by gradient descent through a
// compiled graph function, the first step of Theano's tutorial: symbolic
// inputs, shared parameters, a cost, its gradient, and a function whose
// updates move the parameters downhill at every call.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func main() {
	if _, _, err := run(os.Stdout, 200); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run trains for the given number of steps, printing the cost as it falls,
// and returns the costs of the first and last steps.
func run(w io.Writer, steps int) (first, last float32, err error) {
	// Data: y = 3x − 2 plus noise, for 100 points x in [-1, 1).
	const n = 100
	rng := tensor.NewRNG(42)
	xs := tensor.Must(tensor.RandUniform[float32](rng, -1, 1, n))
	noise := tensor.Must(tensor.RandNormal[float32](rng, 0, 0.1, n))
	ys := tensor.Must(tensor.Zeros[float32](n))
	for i, x := range xs.Data() {
		ys.Data()[i] = 3*x - 2 + noise.Data()[i]
	}

	g := graph.New()
	x := g.Input("x", graph.Float32, graph.Unknown)
	y := g.Input("y", graph.Float32, graph.Unknown)
	slope := g.Shared("slope", tensor.Scalar[float32](0))
	icept := g.Shared("intercept", tensor.Scalar[float32](0))

	pred := graph.Add(graph.Mul(x, slope), icept)
	cost := graph.Mean(graph.Square(graph.Sub(pred, y)), nil, false)
	grads := graph.Grad(cost, slope, icept)
	lr := graph.ScalarLike(cost, 0.1)
	train, err := graph.Function([]*graph.Node{x, y}, []*graph.Node{cost}, []graph.Update{
		{Var: slope, Value: graph.Sub(slope, graph.Mul(lr, grads[0]))},
		{Var: icept, Value: graph.Sub(icept, graph.Mul(lr, grads[1]))},
	}, nil)
	if err != nil {
		return 0, 0, err
	}

	c := tensor.Scalar[float32](0)
	for step := range steps {
		if err := train.CallInto([]any{c}, xs, ys); err != nil {
			return 0, 0, err
		}
		if step == 0 {
			first = c.Data()[0]
		}
		if step%20 == 0 || step == steps-1 {
			fmt.Fprintf(w, "step %3d  cost %.6f\n", step, c.Data()[0])
		}
	}
	fmt.Fprintf(w, "fitted y = %.3f·x %+.3f (true: 3·x − 2)\n",
		slope.Value().(*tensor.Tensor[float32]).Data()[0], icept.Value().(*tensor.Tensor[float32]).Data()[0])
	return first, c.Data()[0], nil
}
