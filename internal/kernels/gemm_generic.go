package kernels

// The pure-Go implementation: a 2×4 register tile, always built. It is the
// float64 path and, under the purego build tag or on CPUs without AVX2, the
// float32 path.

const gemmGoMR, gemmGoNR = 2, 4

var (
	gemmGoF32 = gemmConfig[float32]{
		mr: gemmGoMR, nr: gemmGoNR, kc: 256, mc: 64, ncu: 256, nc: 4096, ms: 4096,
		kernel: gemmKernelGo[float32],
	}
	gemmGoF64 = gemmConfig[float64]{
		mr: gemmGoMR, nr: gemmGoNR, kc: 256, mc: 64, ncu: 256, nc: 2048, ms: 2048,
		kernel: gemmKernelGo[float64],
	}
)

// gemmF32Config returns the float32 implementation selected by Active.
func gemmF32Config() *gemmConfig[float32] {
	if cfg := gemmAsmConfig(Active()); cfg != nil {
		return cfg
	}
	return &gemmGoF32
}

// gemmF64Config returns the float64 implementation.
func gemmF64Config() *gemmConfig[float64] { return &gemmGoF64 }

// gemmKernelGo is the portable micro-kernel, a gemmKernelFunc for 2×4
// tiles: eight accumulators, four B values and two A values fit the
// sixteen SSE registers without spilling.
func gemmKernelGo[T float32 | float64](kc int, a []T, si, sp int, b, c []T, ldc int, alpha, beta T, mr, nr int) {
	b = b[:kc*gemmGoNR]
	var c00, c01, c02, c03, c10, c11, c12, c13 T
	for p := 0; p < kc; p++ {
		bp := b[p*gemmGoNR : p*gemmGoNR+gemmGoNR : p*gemmGoNR+gemmGoNR]
		o := p * sp
		a0, a1 := a[o], a[o+si]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
	}
	acc := [gemmGoMR][gemmGoNR]T{{c00, c01, c02, c03}, {c10, c11, c12, c13}}
	for i := 0; i < mr; i++ {
		row := c[i*ldc : i*ldc+nr]
		if beta == 0 {
			for j := range row {
				row[j] = alpha * acc[i][j]
			}
			continue
		}
		for j := range row {
			row[j] = alpha*acc[i][j] + beta*row[j]
		}
	}
}
