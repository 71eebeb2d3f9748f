package kernels

// Packing copies a panel of op(A) or op(B) into the order the micro-kernel
// reads, so that the kernel never sees transposes or leading dimensions.
//
// A packed B panel holds kc steps of nr values (step p is row p of the
// panel, zero-padded to nr columns). A packed A panel holds mr rows of kc
// values; element (i, p) is at i*si + p*sp, where the layout follows the
// memory order of the source: rows of A are copied as they are (si = kc,
// sp = 1), while columns of Aᵀ are interleaved step by step (si = 1,
// sp = mr). Both are contiguous reads of the source.

// gemmPackAStrides returns si and sp of an A panel packed by gemmPackA.
func gemmPackAStrides(trans bool, kc, mr int) (si, sp int) {
	if trans {
		return 1, mr
	}
	return kc, 1
}

// gemmPackA packs rows row0..row0+rows-1 and depth k0..k0+kc-1 of op(A)
// into ceil(rows/mr) consecutive panels of mr*kc elements at dst; rows of
// the last panel beyond rows are zero.
func gemmPackA[T float32 | float64](cfg *gemmConfig[T], dst, a []T, lda int, trans bool, row0, rows, k0, kc, mr int) {
	panels := (rows + mr - 1) / mr
	dst = dst[:panels*mr*kc]
	if !trans {
		// Row i of panel q is row q*mr+i of the block: plain rows.
		for r := 0; r < rows; r++ {
			off := (row0+r)*lda + k0
			copy(dst[r*kc:(r+1)*kc], a[off:off+kc])
		}
		clear(dst[rows*kc:])
		return
	}
	full := rows / mr
	if cfg.packAlongA != nil && full > 0 {
		cfg.packAlongA(dst, a, lda, k0, kc, row0, full*mr, mr)
	} else {
		full = 0
	}
	for q := full; q < panels; q++ {
		gemmPackAlong(dst[q*mr*kc:], a, lda, k0, kc, row0+q*mr, min(mr, rows-q*mr), mr)
	}
}

// gemmPackB packs columns col0..col0+cols-1 and depth k0..k0+kc-1 of
// op(B) into dst[:kc*nr].
func gemmPackB[T float32 | float64](cfg *gemmConfig[T], dst, b []T, ldb int, trans bool, k0, kc, col0, cols, nr int) {
	switch {
	case trans && cfg.packAcross != nil:
		cfg.packAcross(dst, b, ldb, k0, kc, col0, cols, nr)
	case trans:
		gemmPackAcross(dst, b, ldb, k0, kc, col0, cols, nr)
	case cfg.packAlong != nil:
		cfg.packAlong(dst, b, ldb, k0, kc, col0, cols, nr)
	default:
		gemmPackAlong(dst, b, ldb, k0, kc, col0, cols, nr)
	}
}

// gemmPackAlong packs a panel whose width is contiguous in src: step p is
// src[(k0+p)*ld+x0 : ...+w], zero-padded to pw values.
func gemmPackAlong[T float32 | float64](dst, src []T, ld, k0, kc, x0, w, pw int) {
	dst = dst[:kc*pw]
	if w >= 16 {
		for p := 0; p < kc; p++ {
			off := (k0+p)*ld + x0
			copy(dst[p*pw:p*pw+w], src[off:off+w])
		}
	} else {
		for p := 0; p < kc; p++ {
			off := (k0+p)*ld + x0
			d, s := dst[p*pw:p*pw+w], src[off:off+w]
			for i := range d {
				d[i] = s[i]
			}
		}
	}
	if w < pw {
		for p := 0; p < kc; p++ {
			clear(dst[p*pw+w : p*pw+pw])
		}
	}
}

// gemmPackAcross packs a panel whose width is strided in src: value i of
// step p is src[(x0+i)*ld+k0+p]. Four source rows at a time keep the
// writes to dst in short contiguous runs.
func gemmPackAcross[T float32 | float64](dst, src []T, ld, k0, kc, x0, w, pw int) {
	dst = dst[:kc*pw]
	i := 0
	for ; i+4 <= w; i += 4 {
		off := (x0+i)*ld + k0
		r0 := src[off : off+kc]
		r1 := src[off+ld : off+ld+kc]
		r2 := src[off+2*ld : off+2*ld+kc]
		r3 := src[off+3*ld : off+3*ld+kc]
		for p := range r0 {
			d := dst[p*pw+i : p*pw+i+4 : p*pw+i+4]
			d[0], d[1], d[2], d[3] = r0[p], r1[p], r2[p], r3[p]
		}
	}
	for ; i < w; i++ {
		off := (x0+i)*ld + k0
		for p, v := range src[off : off+kc] {
			dst[p*pw+i] = v
		}
	}
	if w < pw {
		for p := 0; p < kc; p++ {
			clear(dst[p*pw+w : p*pw+pw])
		}
	}
}
