package layers

import (
	"math"
	"slices"
)

// The typed readers of the keyword arguments that layers define with Kwarg.
// Each option that sets one is typed (WithMaxValue takes a float64), so a
// value of another type cannot be there; the readers fall back to the
// default only when the argument was not given.

// float returns the float64 given to the keyword argument name, or def.
func (k *Kwargs) float(name string, def float64) float64 {
	if v, ok := k.Value(name).(float64); ok {
		return v
	}
	return def
}

// ints returns a copy of the []int given to the keyword argument name, or
// nil.
func (k *Kwargs) ints(name string) []int {
	if v, ok := k.Value(name).([]int); ok {
		return slices.Clone(v)
	}
	return nil
}

// sameShape is ComputeOutputShape for a layer of one input whose output
// has the input's shape.
func sameShape(b *Base, in []Shape) ([]Shape, error) {
	s, err := b.one(in)
	if err != nil {
		return nil, err
	}
	return []Shape{slices.Clone(s)}, nil
}

// nonNegative reports whether v is a finite number ≥ 0.
func nonNegative(v float64) bool { return v >= 0 && v <= math.MaxFloat64 }
