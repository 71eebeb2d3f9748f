package tensor

import (
	"fmt"
	"math"
)

// Elem is the element type constraint of a Tensor.
type Elem interface {
	float32 | float64 | int32 | int64
}

// Float is the constraint of the floating-point element types.
type Float interface {
	float32 | float64
}

// Tensor is an n-dimensional array stored contiguously in row-major order:
// the last index varies fastest. A rank-0 tensor (a scalar) has an empty
// shape and one element.
//
// Tensors are created by the constructors of this package; the zero Tensor
// is an empty scalar with no element and is not useful. A Tensor is not
// safe for concurrent mutation, like the slice it wraps.
type Tensor[T Elem] struct {
	shape []int
	data  []T
}

// New returns a tensor of the given shape that wraps data without copying
// it. It returns an error if a dimension is negative or if len(data) is not
// the product of the dimensions. An empty shape makes a scalar, which needs
// exactly one element.
func New[T Elem](shape []int, data []T) (*Tensor[T], error) {
	n, err := shapeSize("New", shape)
	if err != nil {
		return nil, err
	}
	if len(data) != n {
		return nil, fmt.Errorf("tensor: New: shape %s needs %d elements, received %d", ShapeString(shape), n, len(data))
	}
	return &Tensor[T]{shape: cloneShape(shape), data: data}, nil
}

// FromSlice returns a 1-d tensor that wraps data without copying it.
func FromSlice[T Elem](data []T) *Tensor[T] {
	return &Tensor[T]{shape: []int{len(data)}, data: data}
}

// Scalar returns a rank-0 tensor holding v.
func Scalar[T Elem](v T) *Tensor[T] {
	return &Tensor[T]{shape: []int{}, data: []T{v}}
}

// Zeros returns a new tensor of the given shape filled with zeros. With no
// dimensions it returns a scalar. It returns an error if a dimension is
// negative.
func Zeros[T Elem](shape ...int) (*Tensor[T], error) {
	n, err := shapeSize("Zeros", shape)
	if err != nil {
		return nil, err
	}
	return &Tensor[T]{shape: cloneShape(shape), data: make([]T, n)}, nil
}

// Ones returns a new tensor of the given shape filled with ones. It returns
// an error if a dimension is negative.
func Ones[T Elem](shape ...int) (*Tensor[T], error) {
	return full[T]("Ones", 1, shape)
}

// Full returns a new tensor of the given shape with every element set to v.
// It returns an error if a dimension is negative.
func Full[T Elem](v T, shape ...int) (*Tensor[T], error) {
	return full("Full", v, shape)
}

func full[T Elem](fn string, v T, shape []int) (*Tensor[T], error) {
	n, err := shapeSize(fn, shape)
	if err != nil {
		return nil, err
	}
	data := make([]T, n)
	for i := range data {
		data[i] = v
	}
	return &Tensor[T]{shape: cloneShape(shape), data: data}, nil
}

// Eye returns a new n×n identity matrix. It returns an error if n is
// negative.
func Eye[T Elem](n int) (*Tensor[T], error) {
	t, err := Zeros[T](n, n)
	if err != nil {
		return nil, fmt.Errorf("tensor: Eye: negative size %d", n)
	}
	for i := range n {
		t.data[i*n+i] = 1
	}
	return t, nil
}

// Arange returns a new 1-d tensor of the values start, start+step,
// start+2*step, … that lie in [start, stop) for a positive step or in
// (stop, start] for a negative one, as numpy.arange does. Its length is
// ceil((stop-start)/step), or 0 when that is negative. Integer types are
// computed exactly. For floating-point types, as in numpy, element i is
// start + i*delta, where delta is the difference between the first two
// values start and start+step as stored in T; it is computed in float64 and
// rounded once to T. It returns an error if step is
// zero or an argument is not finite.
func Arange[T Elem](start, stop, step T) (*Tensor[T], error) {
	n, err := arangeLen(start, stop, step)
	if err != nil {
		return nil, err
	}
	data := make([]T, n)
	switch any(step).(type) {
	case float32, float64:
		// As numpy: the stride is the difference of the first two values
		// as stored, not step itself.
		s0, st := float64(start), float64(step)
		delta := float64(T(s0+st)) - float64(T(s0))
		for i := range data {
			data[i] = T(s0 + float64(float64(i)*delta))
		}
	default:
		v := start
		for i := range data {
			data[i] = v
			v += step
		}
	}
	return &Tensor[T]{shape: []int{n}, data: data}, nil
}

// arangeLen returns the number of elements of Arange(start, stop, step).
func arangeLen[T Elem](start, stop, step T) (int, error) {
	if step == 0 {
		return 0, fmt.Errorf("tensor: Arange: step must not be zero")
	}
	switch any(step).(type) {
	case float32, float64:
		a, b, s := float64(start), float64(stop), float64(step)
		for _, v := range [...]float64{a, b, s} {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("tensor: Arange: arguments must be finite, received start=%v stop=%v step=%v", start, stop, step)
			}
		}
		n := math.Ceil((b - a) / s)
		if n <= 0 {
			return 0, nil
		}
		if n >= 1<<53 || n > math.MaxInt {
			return 0, fmt.Errorf("tensor: Arange: too many elements (%g)", n)
		}
		return int(n), nil
	}
	a, b, s := int64(start), int64(stop), int64(step)
	var span, stride uint64
	switch {
	case s > 0 && b > a:
		span, stride = uint64(b)-uint64(a), uint64(s)
	case s < 0 && b < a:
		span, stride = uint64(a)-uint64(b), -uint64(s)
	default:
		return 0, nil
	}
	n := span / stride
	if span%stride != 0 {
		n++
	}
	if n > math.MaxInt {
		return 0, fmt.Errorf("tensor: Arange: too many elements (%d)", n)
	}
	return int(n), nil
}

// Must returns t, or panics if err is not nil. It is meant for tensors built
// from literals, as in template.Must.
func Must[T Elem](t *Tensor[T], err error) *Tensor[T] {
	if err != nil {
		panic(err)
	}
	return t
}

// Shape returns a copy of the dimensions of t.
func (t *Tensor[T]) Shape() []int { return cloneShape(t.shape) }

// Dim returns the size of dimension i of t. A negative i counts from the
// end, as in Python: Dim(-1) is the last dimension. It panics if i is out of
// range.
func (t *Tensor[T]) Dim(i int) int {
	if i < 0 {
		i += len(t.shape)
	}
	if i < 0 || i >= len(t.shape) {
		panic(fmt.Sprintf("tensor: Dim: axis %d out of range for shape %s", i, ShapeString(t.shape)))
	}
	return t.shape[i]
}

// Rank returns the number of dimensions of t; 0 for a scalar.
func (t *Tensor[T]) Rank() int { return len(t.shape) }

// Size returns the number of elements of t.
func (t *Tensor[T]) Size() int { return len(t.data) }

// Data returns the backing slice of t itself, not a copy: writes to it are
// visible through t and through every view sharing its storage.
func (t *Tensor[T]) Data() []T { return t.data }

// DType returns the Keras name of the element type: "float32", "float64",
// "int32" or "int64".
func (t *Tensor[T]) DType() string { return dtypeName[T]() }

func dtypeName[T Elem]() string {
	var z T
	switch any(z).(type) {
	case float32:
		return "float32"
	case float64:
		return "float64"
	case int32:
		return "int32"
	default:
		return "int64"
	}
}

// offset returns the position in data of the element at idx, panicking
// (with fn in the message) if idx does not address an element of t.
func (t *Tensor[T]) offset(fn string, idx []int) int {
	if len(idx) != len(t.shape) {
		panic(fmt.Sprintf("tensor: %s: %d indices for a tensor of shape %s", fn, len(idx), ShapeString(t.shape)))
	}
	off := 0
	for i, x := range idx {
		d := t.shape[i]
		if x < 0 || x >= d {
			panic(fmt.Sprintf("tensor: %s: index %v out of range for shape %s", fn, idx, ShapeString(t.shape)))
		}
		off = off*d + x
	}
	return off
}

// At returns the element of t at the given indices, one per dimension. Like
// slice indexing, it panics if the number of indices differs from the rank
// or an index is out of range.
func (t *Tensor[T]) At(idx ...int) T { return t.data[t.offset("At", idx)] }

// Set stores v at the given indices, one per dimension. Like slice
// indexing, it panics if the number of indices differs from the rank or an
// index is out of range.
func (t *Tensor[T]) Set(v T, idx ...int) { t.data[t.offset("Set", idx)] = v }

// Reshape returns a view of t with a new shape that shares t's storage. One
// dimension may be -1: it is inferred from the size of t and the other
// dimensions. It returns an error, naming both shapes, if the new shape has
// a different number of elements, more than one -1 or another negative
// dimension.
func (t *Tensor[T]) Reshape(shape ...int) (*Tensor[T], error) {
	ns, err := inferShape(t.shape, len(t.data), shape)
	if err != nil {
		return nil, err
	}
	return &Tensor[T]{shape: ns, data: t.data}, nil
}

// inferShape resolves a -1 in shape against size elements and checks that
// shape holds exactly size elements. It returns a new slice.
func inferShape(from []int, size int, shape []int) ([]int, error) {
	unknown := -1
	known := 1
	for i, d := range shape {
		switch {
		case d == -1 && unknown >= 0:
			return nil, fmt.Errorf("tensor: Reshape: cannot reshape %s into %s: more than one dimension is -1", ShapeString(from), dimsString(shape))
		case d == -1:
			unknown = i
		case d < 0:
			return nil, fmt.Errorf("tensor: Reshape: cannot reshape %s into %s: negative dimension", ShapeString(from), dimsString(shape))
		case d != 0 && known > math.MaxInt/d:
			return nil, fmt.Errorf("tensor: Reshape: cannot reshape %s into %s: too many elements", ShapeString(from), dimsString(shape))
		default:
			known *= d
		}
	}
	ns := cloneShape(shape)
	if unknown >= 0 {
		if known == 0 || size%known != 0 {
			return nil, fmt.Errorf("tensor: Reshape: cannot reshape %s (%d elements) into %s", ShapeString(from), size, dimsString(shape))
		}
		ns[unknown] = size / known
		return ns, nil
	}
	if known != size {
		return nil, fmt.Errorf("tensor: Reshape: cannot reshape %s (%d elements) into %s (%d elements)", ShapeString(from), size, dimsString(shape), known)
	}
	return ns, nil
}

// Clone returns a deep copy of t with its own storage.
func (t *Tensor[T]) Clone() *Tensor[T] {
	return &Tensor[T]{shape: cloneShape(t.shape), data: append(make([]T, 0, len(t.data)), t.data...)}
}

// CopyFrom copies the elements of src into t in row-major order. The shapes
// may differ but the sizes must match; otherwise it returns an error and
// leaves t unchanged. Overlapping storage is handled as by copy.
func (t *Tensor[T]) CopyFrom(src *Tensor[T]) error {
	if len(src.data) != len(t.data) {
		return fmt.Errorf("tensor: CopyFrom: cannot copy %s (%d elements) into %s (%d elements)",
			ShapeString(src.shape), len(src.data), ShapeString(t.shape), len(t.data))
	}
	copy(t.data, src.data)
	return nil
}

// Convert returns a new tensor of element type D holding the elements of
// src converted as by a Go conversion. Conversions from floating point to
// integer truncate toward zero and, so that results are the same on every
// platform, map NaN to 0 and saturate values outside the range of D at its
// minimum or maximum.
func Convert[D, S Elem](src *Tensor[S]) *Tensor[D] {
	dst := make([]D, len(src.data))
	var zs S
	var zd D
	_, srcFloat := any(zs).(float32)
	if _, ok := any(zs).(float64); ok {
		srcFloat = true
	}
	lo, hi, dstInt := intRange(zd)
	if srcFloat && dstInt {
		for i, v := range src.data {
			f := float64(v)
			switch {
			case f != f:
				dst[i] = 0
			case f <= lo:
				dst[i] = D(int64(lo))
			case f >= hi:
				dst[i] = D(maxOf(zd))
			default:
				dst[i] = D(f)
			}
		}
	} else {
		for i, v := range src.data {
			dst[i] = D(v)
		}
	}
	return &Tensor[D]{shape: cloneShape(src.shape), data: dst}
}

// intRange returns, for an integer type, its minimum and the first float64
// above its maximum, and true; for a float type it returns false.
func intRange[D Elem](z D) (lo, hi float64, ok bool) {
	switch any(z).(type) {
	case int32:
		return math.MinInt32, math.MaxInt32, true
	case int64:
		return math.MinInt64, 1 << 63, true
	}
	return 0, 0, false
}

func maxOf[D Elem](z D) int64 {
	if _, ok := any(z).(int32); ok {
		return math.MaxInt32
	}
	return math.MaxInt64
}
