package losses_test

import (
	"fmt"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/losses"
	"github.com/gokeras/gokeras/tensor"
)

// Keras's Huber(reduction=...) on a batch of two samples, one weighted
// zero.
func ExampleCompute() {
	g := graph.New()
	y := g.Const(tensor.Must(tensor.New([]int{2, 1}, []float32{0, 0})))
	p := g.Const(tensor.Must(tensor.New([]int{2, 1}, []float32{0.5, 3})))
	w := g.Const(tensor.FromSlice([]float32{1, 0}))
	for _, r := range []losses.Reduction{losses.ReductionSumOverBatchSize, losses.ReductionSum, losses.ReductionNone} {
		out, err := losses.Compute(losses.NewHuber(), y, p, w, r)
		if err != nil {
			fmt.Println(err)
			return
		}
		fn, err := graph.Function(nil, []*graph.Node{out}, nil, nil)
		if err != nil {
			fmt.Println(err)
			return
		}
		res, err := fn.Call()
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(r, res[0].(*tensor.Tensor[float32]).Data())
	}
	// Output:
	// sum_over_batch_size [0.0625]
	// sum [0.125]
	// none [0.125 0]
}
