// Command mlp_graph trains a network with one hidden layer on a
// three-class spiral, a problem no linear model solves, by minibatch
// gradient descent through a compiled graph function — the last step of
// Theano's tutorial. As there, the data lives in shared variables and the
// function's only input is the minibatch index: givens replace the model's
// symbolic inputs by the matching rows of the data. The cost is the mean
// cross-entropy of a softmax output plus an L2 penalty on the weights.
package main

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

const (
	classes   = 3
	perClass  = 200
	hidden    = 64
	batchSize = 50
	lr        = 0.5
	l2        = 1e-4
)

func main() {
	if _, err := run(os.Stdout, 300); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// spiral returns perClass points of each class on interleaved noisy
// spiral arms, shuffled, with their int32 labels.
func spiral(rng *tensor.RNG) (*tensor.Tensor[float32], *tensor.Tensor[int32]) {
	n := classes * perClass
	x := tensor.Must(tensor.Zeros[float32](n, 2))
	y := tensor.Must(tensor.Zeros[int32](n))
	perm := rng.Perm(n)
	for c := range classes {
		for i := range perClass {
			r := float64(i) / perClass
			a := float64(c)*2*math.Pi/classes + 4*r + 0.2*rng.Normal()
			k := perm[c*perClass+i]
			x.Data()[2*k] = float32(r * math.Cos(a))
			x.Data()[2*k+1] = float32(r * math.Sin(a))
			y.Data()[k] = int32(c)
		}
	}
	return x, y
}

// result is what run reports.
type result struct {
	firstCost, lastCost float32
	trainAcc, testAcc   float32
}

func run(w io.Writer, epochs int) (result, error) {
	var res result
	rng := tensor.NewRNG(3)
	xAll, yAll := spiral(rng)
	n := xAll.Dim(0)
	nTrain := n * 3 / 4
	xTrain := tensor.Must(tensor.New([]int{nTrain, 2}, xAll.Data()[:2*nTrain]))
	yTrain := tensor.Must(tensor.New([]int{nTrain}, yAll.Data()[:nTrain]))
	xTest := tensor.Must(tensor.New([]int{n - nTrain, 2}, xAll.Data()[2*nTrain:]))
	yTest := tensor.Must(tensor.New([]int{n - nTrain}, yAll.Data()[nTrain:]))

	g := graph.New()
	// The model, over symbolic inputs.
	x := g.Input("x", graph.Float32, graph.Unknown, 2)
	y := g.Input("y", graph.Int32, graph.Unknown)
	w1 := g.Shared("w1", glorot(rng, 2, hidden))
	b1 := g.Shared("b1", tensor.Must(tensor.Zeros[float32](hidden)))
	w2 := g.Shared("w2", glorot(rng, hidden, classes))
	b2 := g.Shared("b2", tensor.Must(tensor.Zeros[float32](classes)))
	h := graph.Tanh(graph.Add(graph.MatMul(x, w1), b1))
	probs := graph.Softmax(graph.Add(graph.MatMul(h, w2), b2), -1)
	xent := graph.Mean(graph.SparseCategoricalCrossentropy(y, probs, false), nil, false)
	penalty := graph.Add(graph.Sum(graph.Square(w1), nil, false), graph.Sum(graph.Square(w2), nil, false))
	cost := graph.Add(xent, graph.Mul(graph.ScalarLike(penalty, l2), penalty))
	accuracy := graph.Mean(graph.Cast(graph.Equal(graph.ArgMax(probs, -1), y), graph.Float32), nil, false)

	params := []*graph.Node{w1, b1, w2, b2}
	grads := graph.Grad(cost, params...)
	var updates []graph.Update
	for i, p := range params {
		updates = append(updates, graph.Update{Var: p, Value: graph.Sub(p, graph.Mul(graph.ScalarLike(p, lr), grads[i]))})
	}

	// The data, in shared variables, and a minibatch index.
	xData := g.Shared("x_train", xTrain)
	yData := g.Shared("y_train", yTrain)
	index := g.Input("index", graph.Int32)
	offsets, _ := tensor.Arange[int32](0, batchSize, 1)
	rows := graph.Add(graph.Mul(index, g.Scalar(batchSize, graph.Int32)), g.Const(offsets))
	train, err := graph.Function([]*graph.Node{index}, []*graph.Node{cost}, updates, []graph.Given{
		{Var: x, Value: graph.Gather(xData, rows, 0)},
		{Var: y, Value: graph.Gather(yData, rows, 0)},
	})
	if err != nil {
		return res, err
	}
	evaluate, err := graph.Function([]*graph.Node{x, y}, []*graph.Node{cost, accuracy}, nil, nil)
	if err != nil {
		return res, err
	}

	c, acc := tensor.Scalar[float32](0), tensor.Scalar[float32](0)
	idx := tensor.Scalar[int32](0)
	batches := nTrain / batchSize
	for epoch := range epochs {
		var sum float32
		for b := range batches {
			idx.Data()[0] = int32(b)
			if err := train.CallInto([]any{c}, idx); err != nil {
				return res, err
			}
			sum += c.Data()[0]
		}
		mean := sum / float32(batches)
		if epoch == 0 {
			res.firstCost = mean
		}
		res.lastCost = mean
		if epoch%30 == 0 || epoch == epochs-1 {
			if err := evaluate.CallInto([]any{c, acc}, xTest, yTest); err != nil {
				return res, err
			}
			fmt.Fprintf(w, "epoch %3d  cost %.4f  test accuracy %.3f\n", epoch, mean, acc.Data()[0])
		}
	}
	res.testAcc = acc.Data()[0]
	if err := evaluate.CallInto([]any{c, acc}, xTrain, yTrain); err != nil {
		return res, err
	}
	res.trainAcc = acc.Data()[0]
	fmt.Fprintf(w, "train accuracy %.3f, test accuracy %.3f\n", res.trainAcc, res.testAcc)
	return res, nil
}

// glorot draws a fanIn×fanOut weight matrix with Keras's glorot_uniform.
func glorot(rng *tensor.RNG, fanIn, fanOut int) *tensor.Tensor[float32] {
	lim := float32(math.Sqrt(6 / float64(fanIn+fanOut)))
	return tensor.Must(tensor.RandUniform(rng, -lim, lim, fanIn, fanOut))
}
