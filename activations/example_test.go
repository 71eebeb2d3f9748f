package activations_test

import (
	"fmt"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

// An activation looked up by its Keras name is a function on graph nodes:
// apply it to a symbol and compile.
func ExampleGet() {
	relu, err := activations.Get("relu")
	if err != nil {
		fmt.Println(err)
		return
	}
	g := graph.New()
	x := g.Input("x", graph.Float32, 4)
	f, err := graph.Function([]*graph.Node{x}, []*graph.Node{relu(x)}, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := f.Call(tensor.Must(tensor.New([]int{4}, []float32{-2, -0.5, 0, 3})))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out[0])
	_, err = activations.Get("relu7")
	fmt.Println(err != nil)
	// Output:
	// [0. 0. 0. 3.]
	// true
}
