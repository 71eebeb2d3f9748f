package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// buf is a concrete value inside a compiled function: a dtype, a shape and
// a slice of elements in the field of that dtype. Ops reach the slice with
// data[T].
type buf struct {
	dt    DType
	shape []int
	f32   []float32
	f64   []float64
	i32   []int32
	i64   []int64
}

// data returns the elements of b as a []T; T must match b.dt.
func data[T tensor.Elem](b *buf) []T {
	var z T
	switch any(z).(type) {
	case float32:
		return *any(&b.f32).(*[]T)
	case float64:
		return *any(&b.f64).(*[]T)
	case int32:
		return *any(&b.i32).(*[]T)
	}
	return *any(&b.i64).(*[]T)
}

// setData points b at d.
func setData[T tensor.Elem](b *buf, d []T) {
	var z T
	switch any(z).(type) {
	case float32:
		*any(&b.f32).(*[]T) = d
	case float64:
		*any(&b.f64).(*[]T) = d
	case int32:
		*any(&b.i32).(*[]T) = d
	default:
		*any(&b.i64).(*[]T) = d
	}
}

// size returns the number of elements b holds.
func (b *buf) size() int {
	switch b.dt {
	case Float32:
		return len(b.f32)
	case Float64:
		return len(b.f64)
	case Int32:
		return len(b.i32)
	}
	return len(b.i64)
}

// newBuf allocates a zeroed buffer of a known shape.
func newBuf(dt DType, shape []int) *buf {
	b := &buf{dt: dt, shape: append([]int{}, shape...)}
	n := numel(shape)
	switch dt {
	case Float32:
		b.f32 = make([]float32, n)
	case Float64:
		b.f64 = make([]float64, n)
	case Int32:
		b.i32 = make([]int32, n)
	default:
		b.i64 = make([]int64, n)
	}
	return b
}

// bufOf copies a *tensor.Tensor of any element type into a new buffer.
func bufOf(v any) (*buf, error) {
	switch t := v.(type) {
	case *tensor.Tensor[float32]:
		return bufFrom(t), nil
	case *tensor.Tensor[float64]:
		return bufFrom(t), nil
	case *tensor.Tensor[int32]:
		return bufFrom(t), nil
	case *tensor.Tensor[int64]:
		return bufFrom(t), nil
	case nil:
		return nil, errorf(ErrInput, "expected a *tensor.Tensor, received nil")
	}
	return nil, errorf(ErrInput, "expected a *tensor.Tensor, received %T", v)
}

func bufFrom[T tensor.Elem](t *tensor.Tensor[T]) *buf {
	if t == nil {
		return nil
	}
	b := &buf{dt: dtypeOf[T](), shape: t.Shape()}
	setData(b, append([]T(nil), t.Data()...))
	return b
}

// tensorOf returns a new tensor holding a copy of b's elements.
func (b *buf) tensorOf() any {
	switch b.dt {
	case Float32:
		return tensorCopy(b.shape, b.f32)
	case Float64:
		return tensorCopy(b.shape, b.f64)
	case Int32:
		return tensorCopy(b.shape, b.i32)
	}
	return tensorCopy(b.shape, b.i64)
}

func tensorCopy[T tensor.Elem](shape []int, d []T) *tensor.Tensor[T] {
	return tensor.Must(tensor.New(append([]int{}, shape...), append([]T(nil), d...)))
}

// scalarValue returns element i of b as a float64.
func (b *buf) at(i int) float64 {
	switch b.dt {
	case Float32:
		return float64(b.f32[i])
	case Float64:
		return b.f64[i]
	case Int32:
		return float64(b.i32[i])
	}
	return float64(b.i64[i])
}

// fill sets every element of b to v converted to b's dtype.
func (b *buf) fill(v float64) {
	switch b.dt {
	case Float32:
		fillT(b.f32, float32(v))
	case Float64:
		fillT(b.f64, v)
	case Int32:
		fillT(b.i32, int32(v))
	default:
		fillT(b.i64, int64(v))
	}
}

func fillT[T tensor.Elem](d []T, v T) {
	for i := range d {
		d[i] = v
	}
}

// copyFrom copies the elements of src (same dtype and size) into b.
func (b *buf) copyFrom(src *buf) {
	switch b.dt {
	case Float32:
		copy(b.f32, src.f32)
	case Float64:
		copy(b.f64, src.f64)
	case Int32:
		copy(b.i32, src.i32)
	default:
		copy(b.i64, src.i64)
	}
}

// String formats b for debugging.
func (b *buf) String() string {
	return fmt.Sprint(b.tensorOf())
}
