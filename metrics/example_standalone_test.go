package metrics_test

import (
	"fmt"

	"github.com/gokeras/gokeras/metrics"
	"github.com/gokeras/gokeras/tensor"
)

// A metric used on its own, as Keras's update_state / result /
// reset_state.
func ExampleStandalone() {
	s := metrics.NewStandalone(metrics.NewAUC())
	y := tensor.FromSlice([]float32{0, 0, 1, 1})
	p := tensor.FromSlice([]float32{0.1, 0.4, 0.35, 0.8})
	if err := s.UpdateState(y, p, nil); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("auc %.2f\n", s.Result())
	_ = s.ResetState()
	fmt.Printf("after reset %.2f\n", s.Result())
	// Output:
	// auc 0.75
	// after reset 0.00
}
