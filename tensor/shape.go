package tensor

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SameShape reports whether a and b have the same rank and the same
// dimensions. An unknown dimension (-1) only equals another unknown dimension.
func SameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// ShapeString formats shape as a Python tuple, as Keras prints shapes:
// "()" for a scalar, "(5,)" for a vector, "(2, 3)" otherwise. A dimension of
// -1 means unknown (typically the batch dimension) and is printed as None.
func ShapeString(shape []int) string { return tuple(shape, true) }

// dimsString formats shape as a tuple keeping -1 as written, for requested
// shapes where -1 means "infer" rather than unknown.
func dimsString(shape []int) string { return tuple(shape, false) }

func tuple(shape []int, none bool) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		if d == -1 && none {
			b.WriteString("None")
		} else {
			b.WriteString(strconv.Itoa(d))
		}
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}

// shapeSize returns the number of elements of a concrete shape, or an error
// (prefixed with fn) when a dimension is negative or the product overflows.
func shapeSize(fn string, shape []int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("tensor: %s: negative dimension in shape %s", fn, ShapeString(shape))
		}
		if d != 0 && n > math.MaxInt/d {
			return 0, fmt.Errorf("tensor: %s: shape %s has too many elements", fn, ShapeString(shape))
		}
		n *= d
	}
	return n, nil
}

// cloneShape returns a copy of shape that never aliases the caller's slice.
func cloneShape(shape []int) []int {
	return append(make([]int, 0, len(shape)), shape...)
}
