package kernels

// The pure-Go implementation: a 2×4 register tile, always built. It is the
// float64 path and, under the purego build tag or on CPUs without AVX2, the
// float32 path.

const gemmGoMR, gemmGoNR = 2, 4

var (
	gemmGoF32 = gemmConfig[float32]{
		mr: gemmGoMR, nr: gemmGoNR, kc: 256, mc: 64, ncu: 256, nc: 4096, ms: 4096,
		kernel: gemmKernelGo[float32], direct: true,
	}
	gemmGoF64 = gemmConfig[float64]{
		mr: gemmGoMR, nr: gemmGoNR, kc: 256, mc: 64, ncu: 256, nc: 2048, ms: 2048,
		kernel: gemmKernelGo[float64], direct: true,
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
// sixteen SSE registers without spilling. It reads exactly the elements of
// the tile, so it may run on the caller's matrices.
func gemmKernelGo[T float32 | float64](kc int, a []T, si, sp int, b []T, sb int, c []T, ldc int, alpha, beta T, mr, nr int) {
	if mr < gemmGoMR || nr < gemmGoNR {
		gemmKernelGoEdge(kc, a, si, sp, b, sb, c, ldc, alpha, beta, mr, nr)
		return
	}
	var c00, c01, c02, c03, c10, c11, c12, c13 T
	for p := 0; p < kc; p++ {
		bp := b[p*sb : p*sb+gemmGoNR : p*sb+gemmGoNR]
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
	for i := range acc {
		gemmStoreRow(c[i*ldc:i*ldc+gemmGoNR], acc[i][:], alpha, beta)
	}
}

// gemmKernelGoEdge is gemmKernelGo for tiles smaller than 2×4.
func gemmKernelGoEdge[T float32 | float64](kc int, a []T, si, sp int, b []T, sb int, c []T, ldc int, alpha, beta T, mr, nr int) {
	var acc [gemmGoNR]T
	for i := 0; i < mr; i++ {
		clear(acc[:])
		for p := 0; p < kc; p++ {
			av := a[i*si+p*sp]
			for j, bv := range b[p*sb : p*sb+nr] {
				acc[j] += av * bv
			}
		}
		gemmStoreRow(c[i*ldc:i*ldc+nr], acc[:nr], alpha, beta)
	}
}

// gemmStoreRow sets row = alpha·acc + beta·row, not reading row when beta
// is zero.
func gemmStoreRow[T float32 | float64](row, acc []T, alpha, beta T) {
	acc = acc[:len(row)]
	if beta == 0 {
		for j := range row {
			row[j] = alpha * acc[j]
		}
		return
	}
	for j := range row {
		row[j] = alpha*acc[j] + beta*row[j]
	}
}
