package datasets

import (
	"errors"
	"fmt"
)

// ErrNotFound is returned, wrapped with a message that says how to get the
// files, when a loader cannot find a data set's files. Test with errors.Is.
var ErrNotFound = errors.New("data set not found")

// FormatError reports a malformed IDX or CSV input: a bad magic number, a
// truncated body, a header whose dimensions are impossible, a field that is
// not a number, and so on.
type FormatError struct {
	// Name is the file the input came from, or "IDX" or "CSV" when it was
	// read from an io.Reader that has no name.
	Name string
	// Msg says what is wrong.
	Msg string
	// Err is the underlying error, if any (for example a gzip checksum
	// error or a CSV quoting error).
	Err error
}

// Error returns "datasets: <name>: <what is wrong>".
func (e *FormatError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("datasets: %s: %s: %v", e.Name, e.Msg, e.Err)
	}
	return fmt.Sprintf("datasets: %s: %s", e.Name, e.Msg)
}

// Unwrap returns the underlying error, or nil.
func (e *FormatError) Unwrap() error { return e.Err }

// formatErr builds a *FormatError with a formatted message.
func formatErr(name string, err error, format string, args ...any) *FormatError {
	return &FormatError{Name: name, Msg: fmt.Sprintf(format, args...), Err: err}
}

// ioErr wraps an error of the underlying reader with the input's name.
func ioErr(name string, err error) error {
	return fmt.Errorf("datasets: %s: %w", name, err)
}
