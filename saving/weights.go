package saving

import (
	"fmt"
	"strings"

	"github.com/gokeras/gokeras/saving/internal/h5"
	"github.com/gokeras/gokeras/tensor"
)

// Tensor is a stored array: a *tensor.Tensor[float32], *tensor.Tensor[float64],
// *tensor.Tensor[int32] or *tensor.Tensor[int64]. Files are read into the
// nearest of these types: float16 and bfloat16 become float32; 8- and
// 16-bit integers, int32 and uint16 become int32; uint32 and int64 become
// int64 (uint64 too, when its values fit).
type Tensor interface {
	Shape() []int
	DType() string
	Size() int
}

// Weight is one stored variable: its name where the format keeps one
// (Keras 2's "dense_1/kernel:0", TensorFlow.js's "dense_1/kernel"), and its
// value.
type Weight struct {
	Name  string
	Value Tensor
}

// BaseName returns the variable's own name without the scopes before it
// and the ":0" suffix: "kernel" for "dense_1/kernel:0", "bias" for
// "lstm_9/lstm_cell_9/bias:0".
func (w Weight) BaseName() string {
	n := w.Name
	if i := strings.LastIndexByte(n, '/'); i >= 0 {
		n = n[i+1:]
	}
	if i := strings.LastIndexByte(n, ':'); i > 0 {
		n = n[:i]
	}
	return n
}

// Float32 returns the value as a float32 tensor: the stored tensor itself
// when it is one, else a converted copy.
func (w Weight) Float32() *tensor.Tensor[float32] { return AsFloat32(w.Value) }

// AsFloat32 returns t as a float32 tensor, converting other element types.
func AsFloat32(t Tensor) *tensor.Tensor[float32] {
	switch x := t.(type) {
	case *tensor.Tensor[float32]:
		return x
	case *tensor.Tensor[float64]:
		return tensor.Convert[float32](x)
	case *tensor.Tensor[int32]:
		return tensor.Convert[float32](x)
	case *tensor.Tensor[int64]:
		return tensor.Convert[float32](x)
	}
	return nil
}

// readTensor reads a dataset into the nearest tensor type.
func readTensor(d *h5.Dataset) (Tensor, error) {
	shape := d.Shape()
	t := d.Type()
	switch {
	case t.Class == h5.ClassFloat && t.Size == 8:
		v, err := d.ReadFloat64()
		if err != nil {
			return nil, err
		}
		return newTensor(shape, v)
	case t.Class == h5.ClassFloat:
		v, err := d.ReadFloat32()
		if err != nil {
			return nil, err
		}
		return newTensor(shape, v)
	case t.Class == h5.ClassInt && (t.Size < 4 || (t.Size == 4 && t.Signed)):
		v, err := d.ReadInt32()
		if err != nil {
			return nil, err
		}
		return newTensor(shape, v)
	case t.Class == h5.ClassInt:
		v, err := d.ReadInt64()
		if err != nil {
			return nil, err
		}
		return newTensor(shape, v)
	}
	return nil, fmt.Errorf("saving: %s holds %s, not numbers", d.Path(), t.Class)
}

func newTensor[T tensor.Elem](shape []int, v []T) (Tensor, error) {
	t, err := tensor.New(shape, v)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// tensorData wraps a tensor's values for the HDF5 writer.
func tensorData(t Tensor) (h5.Data, error) {
	switch x := t.(type) {
	case *tensor.Tensor[float32]:
		return h5.Float32Data(x.Shape(), x.Data())
	case *tensor.Tensor[float64]:
		return h5.Float64Data(x.Shape(), x.Data())
	case *tensor.Tensor[int32]:
		return h5.Int32Data(x.Shape(), x.Data())
	case *tensor.Tensor[int64]:
		return h5.Int64Data(x.Shape(), x.Data())
	case nil:
		return h5.Data{}, fmt.Errorf("saving: missing tensor value")
	}
	return h5.Data{}, fmt.Errorf("saving: cannot store a %T", t)
}

// writeTensor adds t as dataset name of g.
func writeTensor(g *h5.WGroup, name string, t Tensor) error {
	d, err := tensorData(t)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	_, err = g.CreateDataset(name, d)
	return err
}
