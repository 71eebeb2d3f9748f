//go:build purego || !amd64

package kernels

// gemmAsmConfig returns nil: without assembly Gemm runs the Go kernel.
func gemmAsmConfig(Impl) *gemmConfig[float32] { return nil }
