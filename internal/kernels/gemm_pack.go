package kernels

// Packing copies a panel of A or B into the order the micro-kernel reads:
// kc steps along the summed dimension, each holding the panel's width w
// of values, padded with zeros to the full width pw (mr for A, nr for B).
//
// In memory a panel runs either along rows (its width is contiguous: B, or
// Aᵀ) or across rows (its width is strided: A, or Bᵀ); packing handles the
// transposes so that the micro-kernel never sees them.

// gemmPackA packs rows row0..row0+rows-1 and depth k0..k0+kc-1 of op(A)
// into dst as kc groups of mr values.
func gemmPackA[T float32 | float64](dst, a []T, lda int, trans bool, row0, rows, k0, kc, mr int) {
	if trans {
		gemmPackAlong(dst, a, lda, k0, kc, row0, rows, mr)
	} else {
		gemmPackAcross(dst, a, lda, k0, kc, row0, rows, mr)
	}
}

// gemmPackB packs columns col0..col0+cols-1 and depth k0..k0+kc-1 of
// op(B) into dst as kc groups of nr values.
func gemmPackB[T float32 | float64](dst, b []T, ldb int, trans bool, k0, kc, col0, cols, nr int) {
	if trans {
		gemmPackAcross(dst, b, ldb, k0, kc, col0, cols, nr)
	} else {
		gemmPackAlong(dst, b, ldb, k0, kc, col0, cols, nr)
	}
}

// gemmPackAlong packs a panel whose width is contiguous in src: step p is
// src[(k0+p)*ld+x0 : ...+w].
func gemmPackAlong[T float32 | float64](dst, src []T, ld, k0, kc, x0, w, pw int) {
	for p := 0; p < kc; p++ {
		d := dst[p*pw : p*pw+pw]
		copy(d, src[(k0+p)*ld+x0:(k0+p)*ld+x0+w])
		clear(d[w:])
	}
}

// gemmPackAcross packs a panel whose width is strided in src: value i of
// step p is src[(x0+i)*ld+k0+p].
func gemmPackAcross[T float32 | float64](dst, src []T, ld, k0, kc, x0, w, pw int) {
	dst = dst[:kc*pw]
	for i := 0; i < w; i++ {
		row := src[(x0+i)*ld+k0 : (x0+i)*ld+k0+kc]
		for p, v := range row {
			dst[p*pw+i] = v
		}
	}
	if w < pw {
		for p := 0; p < kc; p++ {
			clear(dst[p*pw+w : p*pw+pw])
		}
	}
}
