package schedules_test

import (
	"fmt"

	"github.com/gokeras/gokeras/optimizers/schedules"
)

func ExampleCosineDecay() {
	s := schedules.NewCosineDecay(0.1, 100)
	for _, step := range []int64{0, 50, 100, 200} {
		lr, err := schedules.Evaluate(s, step)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("step %d: %.4f\n", step, lr)
	}
	// Output:
	// step 0: 0.1000
	// step 50: 0.0500
	// step 100: 0.0000
	// step 200: 0.0000
}

func ExamplePiecewiseConstantDecay() {
	s := schedules.NewPiecewiseConstantDecay([]int64{1000, 2000}, []float64{0.1, 0.01, 0.001})
	for _, step := range []int64{0, 1000, 1001, 5000} {
		lr, _ := schedules.Evaluate(s, step)
		fmt.Printf("step %d: %.3g\n", step, lr)
	}
	// Output:
	// step 0: 0.1
	// step 1000: 0.1
	// step 1001: 0.01
	// step 5000: 0.001
}
