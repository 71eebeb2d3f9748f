package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The packing routines for the float32 assembly paths. They need AVX only
// and are used with both the AVX2 and the AVX-512 micro-kernels.

// packT8 writes gemmPackT8AVX2: the transpose of nj8·8 source rows (stride
// ld elements) by np8·8 columns into dst, whose rows have pw elements:
// dst[p*pw+j] = src[j*ld+p], in 8×8 blocks held in YMM registers.
func packT8() {
	TEXT("gemmPackT8AVX2", NOSPLIT, "func(dst *float32, pw int, src *float32, ld, nj8, np8 int)")
	Doc("gemmPackT8AVX2 sets dst[p*pw+j] = src[j*ld+p] for j < 8·nj8, p < 8·np8.")
	dst, pw4, src, ld4, nj, np := RDI, R8, RSI, R9, R10, R11
	Load(Param("dst"), dst)
	Load(Param("pw"), pw4)
	Load(Param("src"), src)
	Load(Param("ld"), ld4)
	Load(Param("nj8"), nj)
	Load(Param("np8"), np)
	SHLQ(U8(2), pw4)
	SHLQ(U8(2), ld4)
	ld3, pw3 := R13, R14
	LEAQ(Mem{Base: ld4, Index: ld4, Scale: 2}, ld3)
	LEAQ(Mem{Base: pw4, Index: pw4, Scale: 2}, pw3)
	s0, s4, d0, d4, cnt := RAX, RBX, RCX, RDX, R12
	// addr4 addresses row r of a group of 8 rows at b0 (rows 0-3) and b4
	// (rows 4-7) with stride s and 3·stride s3.
	addr4 := func(b0, b4, s, s3 GPPhysical, r int) Mem {
		b := b0
		if r >= 4 {
			b = b4
		}
		switch r % 4 {
		case 0:
			return Mem{Base: b}
		case 1:
			return Mem{Base: b, Index: s, Scale: 1}
		case 2:
			return Mem{Base: b, Index: s, Scale: 2}
		}
		return Mem{Base: b, Index: s3, Scale: 1}
	}
	rows := []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7}
	t := []VecPhysical{Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}

	Label("t8_rows")
	MOVQ(src, s0)
	LEAQ(Mem{Base: src, Index: ld4, Scale: 4}, s4)
	MOVQ(dst, d0)
	LEAQ(Mem{Base: dst, Index: pw4, Scale: 4}, d4)
	MOVQ(np, cnt)
	Label("t8_cols")
	for r := range rows {
		VMOVUPS(addr4(s0, s4, ld4, ld3, r), rows[r])
	}
	// Interleave pairs of rows, then quadruples, then 128-bit halves.
	for i := 0; i < 4; i++ {
		VUNPCKLPS(rows[2*i+1], rows[2*i], t[2*i])
		VUNPCKHPS(rows[2*i+1], rows[2*i], t[2*i+1])
	}
	for h := 0; h < 2; h++ { // rows 0-3, then rows 4-7
		a, b := t[4*h], t[4*h+2]   // unpck lo of (r0,r1), (r2,r3)
		c, d := t[4*h+1], t[4*h+3] // unpck hi
		q := rows[4*h : 4*h+4]
		VSHUFPS(U8(0x44), b, a, q[0]) // column 0 | 4
		VSHUFPS(U8(0xEE), b, a, q[1]) // column 1 | 5
		VSHUFPS(U8(0x44), d, c, q[2]) // column 2 | 6
		VSHUFPS(U8(0xEE), d, c, q[3]) // column 3 | 7
	}
	for c := 0; c < 4; c++ {
		VPERM2F128(U8(0x20), rows[4+c], rows[c], t[c])
		VPERM2F128(U8(0x31), rows[4+c], rows[c], t[4+c])
	}
	for c := range t {
		VMOVUPS(t[c], addr4(d0, d4, pw4, pw3, c))
	}
	ADDQ(U8(32), s0)
	ADDQ(U8(32), s4)
	LEAQ(Mem{Base: d0, Index: pw4, Scale: 8}, d0)
	LEAQ(Mem{Base: d4, Index: pw4, Scale: 8}, d4)
	DECQ(cnt)
	JNZ(LabelRef("t8_cols"))
	LEAQ(Mem{Base: src, Index: ld4, Scale: 8}, src)
	ADDQ(U8(32), dst)
	DECQ(nj)
	JNZ(LabelRef("t8_rows"))
	VZEROUPPER()
	RET()
}

// packAlong writes gemmPackAlongAVX2: kc rows of w contiguous elements
// (source stride ld) into rows of pw elements (pw a multiple of 8),
// zero-padded after w.
func packAlong(maskTab Mem) {
	TEXT("gemmPackAlongAVX2", NOSPLIT, "func(dst *float32, pw int, src *float32, ld, kc, w int)")
	Doc("gemmPackAlongAVX2 sets dst[p*pw+j] = src[p*ld+j] for j < w and 0 for w ≤ j < pw, p < kc; pw is a multiple of 8.")
	dst, pw4, src, ld4, kc, w := RDI, R8, RSI, R9, R10, R11
	Load(Param("dst"), dst)
	Load(Param("pw"), pw4)
	Load(Param("src"), src)
	Load(Param("ld"), ld4)
	Load(Param("kc"), kc)
	Load(Param("w"), w)
	SHLQ(U8(2), pw4)
	SHLQ(U8(2), ld4)
	full, rem, zeros, mp := R12, R13, R14, RAX
	// full = w/8 chunks copied, rem = w%8 copied under a mask, zeros =
	// chunks left to clear.
	MOVQ(w, full)
	SHRQ(U8(3), full)
	MOVQ(w, rem)
	ANDQ(U8(7), rem)
	MOVQ(pw4, zeros)
	SHRQ(U8(5), zeros)
	SUBQ(full, zeros)
	LEAQ(maskTab.Offset(64), mp)
	MOVQ(rem, RBX)
	SHLQ(U8(2), RBX)
	SUBQ(RBX, mp)
	mask, zero := Y14, Y15
	VMOVDQU(Mem{Base: mp}, mask)
	VXORPS(zero, zero, zero)
	TESTQ(rem, rem)
	JZ(LabelRef("along_rows"))
	DECQ(zeros)
	Label("along_rows")
	s, d, i := RBX, RCX, RDX
	MOVQ(src, s)
	MOVQ(dst, d)
	MOVQ(full, i)
	TESTQ(i, i)
	JZ(LabelRef("along_rem"))
	Label("along_full")
	VMOVUPS(Mem{Base: s}, Y0)
	VMOVUPS(Y0, Mem{Base: d})
	ADDQ(U8(32), s)
	ADDQ(U8(32), d)
	DECQ(i)
	JNZ(LabelRef("along_full"))
	Label("along_rem")
	TESTQ(rem, rem)
	JZ(LabelRef("along_zero"))
	VMASKMOVPS(Mem{Base: s}, mask, Y0)
	VMOVUPS(Y0, Mem{Base: d})
	ADDQ(U8(32), d)
	Label("along_zero")
	MOVQ(zeros, i)
	TESTQ(i, i)
	JZ(LabelRef("along_next"))
	Label("along_zeroloop")
	VMOVUPS(zero, Mem{Base: d})
	ADDQ(U8(32), d)
	DECQ(i)
	JNZ(LabelRef("along_zeroloop"))
	Label("along_next")
	ADDQ(ld4, src)
	ADDQ(pw4, dst)
	DECQ(kc)
	JNZ(LabelRef("along_rows"))
	VZEROUPPER()
	RET()
}

// packAlong6 writes gemmPackAlong6AVX2: np panels of 6 columns side by
// side in the source, each packed as kc steps of 6 contiguous elements; the
// A panels of a transposed A. Step p of all panels is one contiguous read.
func packAlong6() {
	TEXT("gemmPackAlong6AVX2", NOSPLIT, "func(dst, src *float32, ld, kc, np int)")
	Doc("gemmPackAlong6AVX2 sets dst[q*6*kc+6p+i] = src[p*ld+6q+i] for i < 6, p < kc, q < np.")
	dst, src, ld4, kc, np := RDI, RSI, R9, R10, R11
	Load(Param("dst"), dst)
	Load(Param("src"), src)
	Load(Param("ld"), ld4)
	Load(Param("kc"), kc)
	Load(Param("np"), np)
	SHLQ(U8(2), ld4)
	pstride := R8 // bytes between panels: 24·kc
	LEAQ(Mem{Base: kc, Index: kc, Scale: 2}, pstride)
	SHLQ(U8(3), pstride)
	s, d, q := RAX, RBX, RCX
	Label("along6_step")
	MOVQ(src, s)
	MOVQ(dst, d)
	MOVQ(np, q)
	Label("along6_panel")
	VMOVUPS(Mem{Base: s}, X0)
	VMOVQ(Mem{Base: s, Disp: 16}, X1)
	VMOVUPS(X0, Mem{Base: d})
	VMOVQ(X1, Mem{Base: d, Disp: 16})
	ADDQ(U8(24), s)
	ADDQ(pstride, d)
	DECQ(q)
	JNZ(LabelRef("along6_panel"))
	ADDQ(ld4, src)
	ADDQ(U8(24), dst)
	DECQ(kc)
	JNZ(LabelRef("along6_step"))
	RET()
}
