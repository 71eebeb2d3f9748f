// Command logistic_regression trains a logistic regression classifier by
// gradient descent through a compiled graph function, as in Theano's
// tutorial: the cost is the mean cross-entropy plus an L2 penalty on the
// weights, and the compiled function returns the cost and the training
// accuracy while its updates step the parameters. It trains twice on a
// small training set in which only a few features matter — without the
// penalty the model fits the noise of the others, with it the model
// generalises better to unseen samples.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

const (
	feats    = 50
	nTrain   = 100
	relevant = 5
	nTest    = 1000
	lr       = 0.5
	flipped  = 0.1 // share of labels flipped, so the data is not separable
)

func main() {
	for _, l2 := range []float64{0, 0.1} {
		fmt.Printf("L2 penalty %g:\n", l2)
		if _, err := run(os.Stdout, 300, l2); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

// dataset draws n samples whose labels follow a hidden linear rule, with a
// share of them flipped.
func dataset(rng *tensor.RNG, rule []float32, n int) (*tensor.Tensor[float32], *tensor.Tensor[float32]) {
	x := tensor.Must(tensor.RandNormal[float32](rng, 0, 1, n, feats))
	y := tensor.Must(tensor.Zeros[float32](n))
	for i := range n {
		s := float32(0)
		for j, r := range rule {
			s += r * x.Data()[i*feats+j]
		}
		label := s > 0
		if rng.Float64() < flipped {
			label = !label
		}
		if label {
			y.Data()[i] = 1
		}
	}
	return x, y
}

// result is what run reports: the first and last training costs and the
// final accuracies.
type result struct {
	firstCost, lastCost float32
	trainAcc, testAcc   float32
}

func run(w io.Writer, steps int, l2 float64) (result, error) {
	var res result
	rng := tensor.NewRNG(7)
	// Only the first few features matter; the model must learn to ignore
	// the others.
	rule := tensor.Must(tensor.RandNormal[float32](rng, 0, 1, feats)).Data()
	for j := relevant; j < feats; j++ {
		rule[j] = 0
	}
	xTrain, yTrain := dataset(rng, rule, nTrain)
	xTest, yTest := dataset(rng, rule, nTest)

	g := graph.New()
	x := g.Input("x", graph.Float32, graph.Unknown, feats)
	y := g.Input("y", graph.Float32, graph.Unknown)
	wts := g.Shared("w", tensor.Must(tensor.RandNormal[float32](rng, 0, 0.01, feats)))
	b := g.Shared("b", tensor.Scalar[float32](0))

	// p(y = 1 | x) and the decision.
	p1 := graph.Sigmoid(graph.Add(graph.MatMul(x, wts), b))
	prediction := graph.Cast(graph.Greater(p1, graph.ScalarLike(p1, 0.5)), graph.Float32)
	one := graph.ScalarLike(y, 1)
	xent := graph.Neg(graph.Add(graph.Mul(y, graph.Log(p1)), graph.Mul(graph.Sub(one, y), graph.Log(graph.Sub(one, p1)))))
	cost := graph.Add(graph.Mean(xent, nil, false),
		graph.Mul(graph.ScalarLike(wts, l2), graph.Sum(graph.Square(wts), nil, false)))
	accuracy := graph.Mean(graph.Equal(prediction, y), nil, false)
	grads := graph.Grad(cost, wts, b)
	step := graph.ScalarLike(cost, lr)

	train, err := graph.Function([]*graph.Node{x, y}, []*graph.Node{cost, accuracy}, []graph.Update{
		{Var: wts, Value: graph.Sub(wts, graph.Mul(step, grads[0]))},
		{Var: b, Value: graph.Sub(b, graph.Mul(step, grads[1]))},
	}, nil)
	if err != nil {
		return res, err
	}
	evaluate, err := graph.Function([]*graph.Node{x, y}, []*graph.Node{accuracy}, nil, nil)
	if err != nil {
		return res, err
	}

	c, acc := tensor.Scalar[float32](0), tensor.Scalar[float32](0)
	for i := range steps {
		if err := train.CallInto([]any{c, acc}, xTrain, yTrain); err != nil {
			return res, err
		}
		if i == 0 {
			res.firstCost = c.Data()[0]
		}
		if i%30 == 0 || i == steps-1 {
			fmt.Fprintf(w, "step %3d  cost %.4f  train accuracy %.3f\n", i, c.Data()[0], acc.Data()[0])
		}
	}
	res.lastCost, res.trainAcc = c.Data()[0], acc.Data()[0]
	if err := evaluate.CallInto([]any{acc}, xTest, yTest); err != nil {
		return res, err
	}
	res.testAcc = acc.Data()[0]
	fmt.Fprintf(w, "test accuracy %.3f on %d unseen samples (%.0f%% of labels are flipped)\n", res.testAcc, nTest, 100*flipped)
	return res, nil
}
