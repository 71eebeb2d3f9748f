// Package tensor provides the concrete n-dimensional arrays of gokeras and a
// seeded random number generator whose output is identical on every platform.
//
// A Tensor[T] is a shape and a contiguous row-major slice of elements of type
// float32, float64, int32 or int64. Tensors are plain values: views made by
// Reshape share their storage, Clone and Convert copy it. Constructors that
// can fail on user input (a negative dimension, a data slice of the wrong
// length) return an error naming the function and the shapes involved; Must
// turns such an error into a panic for literals in tests and examples.
// Element access with At and Set panics on an out-of-range index, as slice
// indexing does.
//
// Shapes follow Keras conventions when printed: ShapeString renders a shape
// as a Python tuple, "(2, 3)", with -1 (an unknown dimension) shown as None.
//
// RNG is a xoshiro256** generator seeded through splitmix64. Every value it
// produces, including the floating-point and normally distributed ones, is
// derived with integer arithmetic and correctly rounded IEEE operations only,
// so a seed yields the same numbers on every architecture. Child and Split
// derive independent streams deterministically, and MarshalBinary and
// UnmarshalBinary save and restore the exact state for checkpoints.
// FillUniform, FillNormal and FillTruncatedNormal (and the RandUniform,
// RandNormal and RandTruncatedNormal constructors) draw the initial values of
// weights with Keras semantics.
package tensor
