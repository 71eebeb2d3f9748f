package utils

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// ToCategorical one-hot encodes integer class labels, as Keras's
// to_categorical: labels of shape S give a float32 tensor of shape S +
// (numClasses,), except that a last dimension of 1 (labels as a column) is
// dropped first. numClasses 0 or less means the largest label plus one.
// A negative label, or one not below numClasses, is an error.
func ToCategorical[T int32 | int64](y *tensor.Tensor[T], numClasses int) (*tensor.Tensor[float32], error) {
	if y == nil {
		return nil, fmt.Errorf("utils: ToCategorical: labels are nil")
	}
	labels := y.Data()
	shape := y.Shape()
	if len(shape) > 1 && shape[len(shape)-1] == 1 {
		shape = shape[:len(shape)-1]
	}
	for i, l := range labels {
		if l < 0 {
			return nil, fmt.Errorf("utils: ToCategorical: label %d (element %d of labels of shape %v) is negative", l, i, y.Shape())
		}
	}
	if numClasses <= 0 {
		largest := T(-1)
		for _, l := range labels {
			largest = max(largest, l)
		}
		numClasses = int(largest) + 1
		if numClasses == 0 {
			return nil, fmt.Errorf("utils: ToCategorical: no labels to infer the number of classes from")
		}
	}
	for i, l := range labels {
		if int64(l) >= int64(numClasses) {
			return nil, fmt.Errorf("utils: ToCategorical: label %d (element %d of labels of shape %v) is outside [0, %d)", l, i, y.Shape(), numClasses)
		}
	}
	out, err := tensor.Zeros[float32](append(append([]int(nil), shape...), numClasses)...)
	if err != nil {
		return nil, fmt.Errorf("utils: ToCategorical: %w", err)
	}
	d := out.Data()
	for i, l := range labels {
		d[i*numClasses+int(l)] = 1
	}
	return out, nil
}
