package utils_test

import (
	"fmt"
	"os"

	"github.com/gokeras/gokeras/tensor"
	"github.com/gokeras/gokeras/utils"
)

// A progress bar for a loop of one's own, as keras.utils.Progbar: with
// verbose 2 it prints one line when the last step is reached.
func ExampleProgbar() {
	bar := utils.NewProgbar(os.Stdout, 3, 2)
	bar.UnitName = "batch"
	for _, loss := range []float64{0.9, 0.6, 0.3} {
		bar.Add(1, []utils.ProgbarValue{{Name: "loss", Value: loss}})
	}
}

func ExampleToCategorical() {
	y := tensor.Must(tensor.New([]int{3}, []int32{2, 0, 1}))
	onehot, err := utils.ToCategorical(y, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(onehot.Shape(), onehot.Data())
	// Output: [3 3] [0 0 1 1 0 0 0 1 0]
}
