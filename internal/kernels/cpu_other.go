//go:build purego || !amd64

package kernels

// Without assembly only the pure-Go implementation exists.
const (
	hasAVX2   = false
	hasAVX512 = false
)
