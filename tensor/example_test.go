package tensor_test

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

func ExampleNew() {
	x, err := tensor.New([]int{2, 3}, []float32{1, 2.5, 3, -4, 5, 6.25})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tensor.ShapeString(x.Shape()), x.DType())
	fmt.Println(x)
	fmt.Println(x.At(1, 2))

	_, err = tensor.New([]int{2, 3}, []float32{1, 2})
	fmt.Println(err)
	// Output:
	// (2, 3) float32
	// [[ 1.    2.5   3.  ]
	//  [-4.    5.    6.25]]
	// 6.25
	// tensor: New: shape (2, 3) needs 6 elements, received 2
}

func ExampleTensor_Reshape() {
	x := tensor.Must(tensor.Arange[int32](0, 12, 1))
	y, err := x.Reshape(3, -1)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tensor.ShapeString(y.Shape()))
	fmt.Println(y)

	y.Set(100, 0, 0) // a view: x sees the change
	fmt.Println(x.At(0))

	_, err = x.Reshape(5, 2)
	fmt.Println(err)
	// Output:
	// (3, 4)
	// [[ 0  1  2  3]
	//  [ 4  5  6  7]
	//  [ 8  9 10 11]]
	// 100
	// tensor: Reshape: cannot reshape (12,) (12 elements) into (5, 2) (10 elements)
}

func ExampleTensor_Format() {
	x := tensor.Must(tensor.New([]int{2, 2}, []float64{1, 1.0 / 3, -2, 0.125}))
	fmt.Printf("%.3f\n", x)
	// Output:
	// [[ 1.000  0.333]
	//  [-2.000  0.125]]
}

func ExampleShapeString() {
	fmt.Println(tensor.ShapeString([]int{-1, 28, 28, 1}))
	fmt.Println(tensor.ShapeString([]int{10}))
	fmt.Println(tensor.ShapeString(nil))
	// Output:
	// (None, 28, 28, 1)
	// (10,)
	// ()
}

func ExampleNewRNG() {
	r := tensor.NewRNG(42)
	fmt.Printf("%#016x\n", r.Uint64())
	fmt.Printf("%.6f\n", r.Float64())
	fmt.Printf("%.6f\n", r.Normal())

	// The same seed gives the same numbers, on every platform.
	fmt.Println(tensor.NewRNG(42).Perm(10))
	fmt.Println(tensor.NewRNG(42).Perm(10))
	// Output:
	// 0x15780b2e0c2ec716
	// 0.378980
	// 0.221623
	// [9 1 4 2 8 7 6 5 3 0]
	// [9 1 4 2 8 7 6 5 3 0]
}

func ExampleRandNormal() {
	r := tensor.NewRNG(42)
	w, err := tensor.RandNormal[float32](r, 0, 0.05, 2, 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f\n", w)
	// Output:
	// [[-0.0363 -0.0106  0.0111]
	//  [ 0.0261  0.0232  0.0370]]
}

func ExampleRNG_Child() {
	model := tensor.NewRNG(7)
	// Each layer takes its own stream; drawing from one does not change
	// what the others see.
	dense1, dense2 := model.Child(1), model.Child(2)
	a := dense2.Float64()
	dense1.Float64()
	b := model.Child(2).Float64()
	fmt.Println(a == b)
	// Output:
	// true
}

func ExampleRNG_MarshalBinary() {
	r := tensor.NewRNG(1)
	state, _ := r.MarshalBinary()
	first := r.Normal()

	var restored tensor.RNG
	if err := restored.UnmarshalBinary(state); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(restored.Normal() == first)
	// Output:
	// true
}
