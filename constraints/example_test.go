package constraints_test

import (
	"fmt"

	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// MaxNorm caps the norm of each column of a Dense kernel (axis 0): the
// column (3, 4) of norm 5 is scaled to norm 2, the column (0.3, 0.4) of
// norm 0.5 is kept.
func ExampleMaxNorm() {
	g := graph.New()
	w := g.Const(tensor.Must(tensor.New([]int{2, 2}, []float32{3, 0.3, 4, 0.4})))
	fn, err := graph.Function(nil, []*graph.Node{constraints.NewMaxNorm().Apply(w)}, nil, nil)
	if err != nil {
		panic(err)
	}
	out, err := fn.Call()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%.4f\n", out[0].(*tensor.Tensor[float32]).Data())

	// In a layer, the train function applies the constraint after each
	// optimizer update of the weight.
	d := layers.NewDense(8, layers.WithKernelConstraint("max_norm"), layers.WithBiasConstraint(constraints.NonNeg{}))
	fmt.Println(d.KernelConstraint.ClassName(), d.BiasConstraint.ClassName())
	// Output:
	// [1.2000 0.3000 1.6000 0.4000]
	// MaxNorm NonNeg
}
