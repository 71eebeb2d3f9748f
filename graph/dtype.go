package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/tensor"
)

// DType is the element type of the values a node stands for.
type DType uint8

// The element types a graph computes with. Float32 is the fast path and the
// Keras default; Float64 serves gradient checks; Int32 and Int64 hold labels,
// indices and counters.
const (
	Float32 DType = iota + 1
	Float64
	Int32
	Int64
)

// String returns the Keras name of d: "float32", "float64", "int32" or
// "int64".
func (d DType) String() string {
	switch d {
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	case Int32:
		return "int32"
	case Int64:
		return "int64"
	}
	return fmt.Sprintf("DType(%d)", uint8(d))
}

// IsFloat reports whether d is a floating-point type.
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }

// valid reports whether d is one of the four element types.
func (d DType) valid() bool { return d >= Float32 && d <= Int64 }

// ParseDType returns the DType with the Keras name s ("float32", "float64",
// "int32" or "int64").
func ParseDType(s string) (DType, error) {
	for d := Float32; d <= Int64; d++ {
		if d.String() == s {
			return d, nil
		}
	}
	return 0, fmt.Errorf("graph: unknown dtype %q: expected one of float32, float64, int32, int64", s)
}

// dtypeOf returns the DType of the Go element type T.
func dtypeOf[T tensor.Elem]() DType {
	var z T
	switch any(z).(type) {
	case float32:
		return Float32
	case float64:
		return Float64
	case int32:
		return Int32
	}
	return Int64
}
