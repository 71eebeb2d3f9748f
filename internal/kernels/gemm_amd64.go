//go:build !purego

package kernels

// Register tiles of the assembly micro-kernels (see _asm/gemm).
const (
	gemmAVX512MR, gemmAVX512NR = 6, 64
	gemmAVX2MR, gemmAVX2NR     = 6, 16
)

var (
	gemmAVX512 = gemmConfig[float32]{
		mr: gemmAVX512MR, nr: gemmAVX512NR, kc: 256, mc: 192, ncu: 512, nc: 4096, ms: 4092,
		kernel: gemmKernelAVX512, direct: true, directMaxB: 1 << 19,
		packAlong: gemmPackAlongAsm, packAcross: gemmPackAcrossAsm,
		packAlongA: gemmPackAlongAAsm,
	}
	gemmAVX2 = gemmConfig[float32]{
		mr: gemmAVX2MR, nr: gemmAVX2NR, kc: 256, mc: 96, ncu: 256, nc: 4096, ms: 4092,
		kernel: gemmKernelAVX2, packAlong: gemmPackAlongAsm, packAcross: gemmPackAcrossAsm,
		packAlongA: gemmPackAlongAAsm,
	}
)

// gemmAsmConfig returns the assembly implementation for impl, or nil.
func gemmAsmConfig(impl Impl) *gemmConfig[float32] {
	switch impl {
	case ImplAVX512:
		return &gemmAVX512
	case ImplAVX2:
		return &gemmAVX2
	}
	return nil
}

type gemmAVX512Func func(kc int, a *float32, si, sp int, b *float32, sb int, c *float32, ldc int, alpha, beta float32, nmask uint64)

// gemmAVX512Kernels[mr-1][v-1] computes mr rows and v vectors of 16 columns.
var gemmAVX512Kernels = [gemmAVX512MR][gemmAVX512NR / 16]gemmAVX512Func{
	{gemmAVX512K1x16, gemmAVX512K1x32, gemmAVX512K1x48, gemmAVX512K1x64},
	{gemmAVX512K2x16, gemmAVX512K2x32, gemmAVX512K2x48, gemmAVX512K2x64},
	{gemmAVX512K3x16, gemmAVX512K3x32, gemmAVX512K3x48, gemmAVX512K3x64},
	{gemmAVX512K4x16, gemmAVX512K4x32, gemmAVX512K4x48, gemmAVX512K4x64},
	{gemmAVX512K5x16, gemmAVX512K5x32, gemmAVX512K5x48, gemmAVX512K5x64},
	{gemmAVX512K6x16, gemmAVX512K6x32, gemmAVX512K6x48, gemmAVX512K6x64},
}

// gemmKernelAVX512 is the gemmKernelFunc of the AVX-512 implementation. It
// reads exactly the mr×kc elements of A and kc×nr elements of B of the tile
// (the last vector of each B row under a lane mask), so it may run on the
// caller's matrices.
func gemmKernelAVX512(kc int, a []float32, si, sp int, b []float32, sb int, c []float32, ldc int, alpha, beta float32, mr, nr int) {
	_ = a[(mr-1)*si+(kc-1)*sp]
	_ = b[(kc-1)*sb+nr-1]
	_ = c[(mr-1)*ldc+nr-1]
	mask := ^uint64(0) >> (64 - nr)
	gemmAVX512Kernels[mr-1][(nr-1)/16](kc, &a[0], si, sp, &b[0], sb, &c[0], ldc, alpha, beta, mask)
}

type gemmAVX2Func func(kc int, a *float32, si, sp int, b *float32, sb int, c *float32, ldc int, alpha, beta float32, nr int)

// gemmAVX2Kernels[mr-1][v-1] computes mr rows and v vectors of 8 columns.
var gemmAVX2Kernels = [gemmAVX2MR][gemmAVX2NR / 8]gemmAVX2Func{
	{gemmAVX2K1x8, gemmAVX2K1x16},
	{gemmAVX2K2x8, gemmAVX2K2x16},
	{gemmAVX2K3x8, gemmAVX2K3x16},
	{gemmAVX2K4x8, gemmAVX2K4x16},
	{gemmAVX2K5x8, gemmAVX2K5x16},
	{gemmAVX2K6x8, gemmAVX2K6x16},
}

// gemmKernelAVX2 is the gemmKernelFunc of the AVX2 implementation. It
// reads whole vectors of B, up to 7 elements past column nr, so it runs on
// zero-padded panels only.
func gemmKernelAVX2(kc int, a []float32, si, sp int, b []float32, sb int, c []float32, ldc int, alpha, beta float32, mr, nr int) {
	_ = a[(mr-1)*si+(kc-1)*sp]
	_ = b[(kc-1)*sb+(nr+7)&^7-1]
	_ = c[(mr-1)*ldc+nr-1]
	gemmAVX2Kernels[mr-1][(nr-1)/8](kc, &a[0], si, sp, &b[0], sb, &c[0], ldc, alpha, beta, nr)
}

// gemmPackAlongAsm is gemmPackAlong with AVX copies for panel widths that
// are multiples of 8.
func gemmPackAlongAsm(dst, src []float32, ld, k0, kc, x0, w, pw int) {
	if pw%8 != 0 {
		gemmPackAlong(dst, src, ld, k0, kc, x0, w, pw)
		return
	}
	_ = dst[kc*pw-1]
	_ = src[(k0+kc-1)*ld+x0+w-1]
	gemmPackAlongAVX2(&dst[0], pw, &src[k0*ld+x0], ld, kc, w)
}

// gemmPackAlongAAsm packs w/6 whole A panels of a transposed A (mr = 6),
// reading each step of all panels in one contiguous run.
func gemmPackAlongAAsm(dst, src []float32, ld, k0, kc, x0, w, mr int) {
	if mr != 6 {
		for q := 0; q < w/mr; q++ {
			gemmPackAlong(dst[q*mr*kc:], src, ld, k0, kc, x0+q*mr, mr, mr)
		}
		return
	}
	_ = dst[w*kc-1]
	_ = src[(k0+kc-1)*ld+x0+w-1]
	gemmPackAlong6AVX2(&dst[0], &src[k0*ld+x0], ld, kc, w/6)
}

// gemmPackAcrossAsm is gemmPackAcross with the bulk transposed in 8×8
// blocks by AVX; the ragged edges and the zero padding are done in Go.
func gemmPackAcrossAsm(dst, src []float32, ld, k0, kc, x0, w, pw int) {
	dst = dst[:kc*pw]
	_ = src[(x0+w-1)*ld+k0+kc-1]
	w8, kc8 := w&^7, kc&^7
	if w8 > 0 && kc8 > 0 {
		gemmPackT8AVX2(&dst[0], pw, &src[x0*ld+k0], ld, w8/8, kc8/8)
	}
	for i := 0; i < w; i++ {
		p0 := kc8
		if i >= w8 {
			p0 = 0
		}
		off := (x0+i)*ld + k0
		for p, v := range src[off+p0 : off+kc] {
			dst[(p0+p)*pw+i] = v
		}
	}
	if w < pw {
		for p := 0; p < kc; p++ {
			clear(dst[p*pw+w : p*pw+pw])
		}
	}
}
