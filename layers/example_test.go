package layers_test

import (
	"fmt"

	"github.com/gokeras/gokeras/layers"
)

// Calling layers on symbolic inputs records the calls a functional model
// replays; shapes are checked at once.
func ExampleApply() {
	layers.ClearSession()
	x := layers.Input(784)
	h := layers.NewDense(512, layers.WithActivation("relu")).Apply(x)
	h = layers.NewDropout(0.2).Apply(h)
	y := layers.NewDense(10, layers.WithActivation("softmax")).Apply(h)
	fmt.Println(y)

	bad := layers.NewAdd().Apply(x, y)
	fmt.Println(bad.Err())
	// Output:
	// <KerasTensor shape=(None, 10), dtype=float32, source=dense_1>
	// layers: Add "add": incompatible input shape: inputs of shapes [(None, 784), (None, 10)] do not broadcast together
}
