package graph

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
)

// Sentinel errors, matched with errors.Is through an *OpError or a wrapped
// error from Function and Func.Call.
var (
	// ErrShape reports shapes that cannot work together.
	ErrShape = errors.New("incompatible shapes")
	// ErrDType reports an element type an op cannot take.
	ErrDType = errors.New("incompatible dtypes")
	// ErrArg reports an invalid parameter such as an axis out of range.
	ErrArg = errors.New("invalid argument")
	// ErrGraph reports nodes of different graphs used together, or a nil
	// node.
	ErrGraph = errors.New("invalid node")
	// ErrInput reports a value passed to a compiled function that does not
	// match its input or output.
	ErrInput = errors.New("invalid input value")
	// ErrRuntime reports an error found while a compiled function runs, such
	// as an index out of range in Gather.
	ErrRuntime = errors.New("run-time error")
)

// OpError describes a failure to build a node: the op, the types of its
// inputs, and the place in the caller's code that asked for it.
type OpError struct {
	Op     string   // the op, as printed in graphs, e.g. "MatMul"
	Inputs []string // the inputs' dtypes and shapes, e.g. "float32 (None, 100)"
	File   string   // the caller's file (base name) and line
	Line   int
	Err    error // the cause, wrapping one of the sentinel errors
}

// Error formats the error as "graph: Op at file:line: cause (inputs: …)".
func (e *OpError) Error() string {
	var b strings.Builder
	b.WriteString("graph: ")
	b.WriteString(e.Op)
	if e.File != "" {
		fmt.Fprintf(&b, " at %s:%d", e.File, e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	if len(e.Inputs) > 0 {
		b.WriteString(" (inputs: ")
		b.WriteString(strings.Join(e.Inputs, ", "))
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *OpError) Unwrap() error { return e.Err }

// newOpError builds an OpError for op over ins, locating the first caller
// outside this package's non-test files.
func newOpError(op string, ins []*Node, err error) *OpError {
	e := &OpError{Op: op, Err: err}
	for _, n := range ins {
		if n == nil {
			e.Inputs = append(e.Inputs, "nil")
			continue
		}
		e.Inputs = append(e.Inputs, n.typeString())
	}
	e.File, e.Line = callerOutside()
	return e
}

// callerOutside returns the base name and line of the innermost frame that
// is not in this package's library code.
func callerOutside() (string, int) {
	var pcs [32]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		dir := filepath.Base(filepath.Dir(f.File))
		if f.File != "" && (dir != "graph" || strings.HasSuffix(f.File, "_test.go")) {
			return filepath.Base(f.File), f.Line
		}
		if !more {
			return "", 0
		}
	}
}

// errorf wraps a sentinel with a formatted detail.
func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%w: %s", sentinel, fmt.Sprintf(format, args...))
}
