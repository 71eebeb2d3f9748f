//go:build purego || !amd64

package kernels

// ewAsm reports that no assembly kernels exist in this build.
func ewAsm() *ewKernels { return nil }
