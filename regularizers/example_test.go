package regularizers_test

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/tensor"
)

// A regularizer's penalty is a graph node; Compile adds the penalties of a
// model's weights to its loss. Keras's L2 is l2·Σw², with no factor one
// half: 0.01·(1 + 4 + 9) = 0.14.
func ExampleL2() {
	g := graph.New()
	w := g.Shared("w", tensor.Must(tensor.New([]int{3}, []float64{1, -2, 3})))
	f, err := graph.Function(nil, []*graph.Node{regularizers.L2(0.01).Penalty(w)}, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := f.Call()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", out[0].(*tensor.Tensor[float64]).Data()[0])
	// Output: 0.1400
}
