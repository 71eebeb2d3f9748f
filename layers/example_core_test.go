package layers_test

import (
	"context"
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

// A Lambda layer wraps an expression over graph nodes; its output shape is
// traced from the expression.
func ExampleNewLambda() {
	layers.ClearSession()
	x := layers.Input(3)
	sq := layers.NewLambda(func(x *graph.Node) *graph.Node { return graph.Square(x) }).Apply(x)
	s := layers.NewLambda(func(x *graph.Node) *graph.Node { return graph.Sum(x, []int{-1}, true) }).Apply(sq)
	m, err := models.NewModel([]*layers.KerasTensor{x}, []*layers.KerasTensor{s})
	if err != nil {
		fmt.Println(err)
		return
	}
	y, err := m.Predict(context.Background(), tensor.Must(tensor.New([]int{2, 3}, []float32{1, 2, 3, -1, 0, 2})), models.Verbose(0))
	fmt.Println(s, y.Data(), err)
	// Output:
	// <KerasTensor shape=(None, 1), dtype=float32, source=lambda_1> [14 5] <nil>
}

// ReLU takes Keras's three options; this is the docstring's example.
func ExampleNewReLU() {
	m := models.NewSequential(layers.NewReLU(layers.WithInputShape(5),
		layers.WithMaxValue(10), layers.WithNegativeSlope(0.5), layers.WithThreshold(0)))
	y, err := m.Predict(context.Background(), tensor.Must(tensor.New([]int{1, 5}, []float32{-10, -5, 0, 5, 10})), models.Verbose(0))
	fmt.Println(y.Data(), err)
	// Output:
	// [-5 -2.5 0 5 10] <nil>
}
