package graph

import "fmt"

// Fail records an error for a composite function built outside this
// package — a regularizer, constraint or layer that finds its inputs
// unusable, as a Keras op raises ValueError — and returns an invalid node
// that later ops pass on silently, as a failed primitive does. The error
// becomes an *OpError for op over ins, located at the caller's file and
// line, wrapping sentinel (one of ErrShape, ErrDType, ErrArg) with the
// formatted detail; it is the graph's error if it is the first, and
// Function then refuses to compile. If every input is nil there is no
// graph to record the error in and Fail returns nil.
func Fail(op string, ins []*Node, sentinel error, format string, args ...any) *Node {
	return failf(op, ins, fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...)))
}
