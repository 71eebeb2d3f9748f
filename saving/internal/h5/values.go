package h5

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Data is the value of a dataset to write: a typed array and its shape. The
// writer keeps a reference to the slice and reads it during WriteTo.
type Data struct {
	shape []int
	typ   Type
	n     int
	f32   []float32
	f64   []float64
	i32   []int32
	i64   []int64
}

func newData(shape []int, n int, typ Type) (Data, error) {
	count := 1
	for _, d := range shape {
		if d < 0 {
			return Data{}, fmt.Errorf("h5: negative dimension in shape %v", shape)
		}
		count *= d
	}
	if count != n {
		return Data{}, fmt.Errorf("h5: shape %v holds %d elements, received %d", shape, count, n)
	}
	return Data{shape: append([]int{}, shape...), typ: typ, n: n}, nil
}

var (
	typeFloat32 = Type{Class: ClassFloat, Size: 4}
	typeFloat64 = Type{Class: ClassFloat, Size: 8}
	typeInt32   = Type{Class: ClassInt, Size: 4, Signed: true}
	typeInt64   = Type{Class: ClassInt, Size: 8, Signed: true}
	typeVarUTF8 = Type{Class: ClassVarString, Size: 16, UTF8: true}
)

// Float32Data returns a float32 dataset value of the given shape (empty for a
// scalar); len(v) must be the product of the dimensions.
func Float32Data(shape []int, v []float32) (Data, error) {
	d, err := newData(shape, len(v), typeFloat32)
	d.f32 = v
	return d, err
}

// Float64Data returns a float64 dataset value.
func Float64Data(shape []int, v []float64) (Data, error) {
	d, err := newData(shape, len(v), typeFloat64)
	d.f64 = v
	return d, err
}

// Int32Data returns an int32 dataset value.
func Int32Data(shape []int, v []int32) (Data, error) {
	d, err := newData(shape, len(v), typeInt32)
	d.i32 = v
	return d, err
}

// Int64Data returns an int64 dataset value.
func Int64Data(shape []int, v []int64) (Data, error) {
	d, err := newData(shape, len(v), typeInt64)
	d.i64 = v
	return d, err
}

// encode writes elements [start, start+len(p)/size) little-endian into p.
func (d *Data) encode(p []byte, start int) {
	le := binary.LittleEndian
	switch {
	case d.f32 != nil:
		for i := range len(p) / 4 {
			le.PutUint32(p[4*i:], math.Float32bits(d.f32[start+i]))
		}
	case d.f64 != nil:
		for i := range len(p) / 8 {
			le.PutUint64(p[8*i:], math.Float64bits(d.f64[start+i]))
		}
	case d.i32 != nil:
		for i := range len(p) / 4 {
			le.PutUint32(p[4*i:], uint32(d.i32[start+i]))
		}
	case d.i64 != nil:
		for i := range len(p) / 8 {
			le.PutUint64(p[8*i:], uint64(d.i64[start+i]))
		}
	}
}

// Value is the value of an attribute to write.
type Value struct {
	typ   Type
	shape []int // nil: scalar
	strs  []string
	f64   []float64
	i64   []int64
}

// String returns a scalar variable-length UTF-8 string value, as h5py
// writes a Python str.
func String(s string) Value { return Value{typ: typeVarUTF8, strs: []string{s}} }

// Strings returns a one-dimensional array of variable-length UTF-8 strings,
// as h5py writes a list of str (Keras's layer_names and weight_names).
func Strings(s []string) Value {
	return Value{typ: typeVarUTF8, shape: []int{len(s)}, strs: append([]string{}, s...)}
}

// Float64 returns a scalar float64 value.
func Float64(v float64) Value { return Value{typ: typeFloat64, f64: []float64{v}} }

// Float64s returns a one-dimensional float64 array; an empty slice gives
// the zero-length array Keras 2 writes for an empty list of names.
func Float64s(v []float64) Value {
	return Value{typ: typeFloat64, shape: []int{len(v)}, f64: append([]float64{}, v...)}
}

// Int64 returns a scalar int64 value.
func Int64(v int64) Value { return Value{typ: typeInt64, i64: []int64{v}} }

// Int64s returns a one-dimensional int64 array.
func Int64s(v []int64) Value {
	return Value{typ: typeInt64, shape: []int{len(v)}, i64: append([]int64{}, v...)}
}
