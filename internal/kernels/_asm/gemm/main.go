// Command gemm generates the SGEMM micro-kernels and packing routines of
// internal/kernels: gemm_kern_amd64.s and its Go declarations
// gemm_kern_stub_amd64.go.
//
// Each micro-kernel computes one register tile of C = alpha·A·B + beta·C
// over kc steps of the summed dimension. Element (i, p) of A is read at
// a[i*si+p*sp] and element (p, j) of B at b[p*sb+j], so the same kernel
// runs on packed panels and, for small products, on the caller's matrices.
// The tile is written row-major with leading dimension ldc; when beta is
// zero it is not read. There is one function per tile height (1..MR) and
// per number of vectors across (1..NV), so edge tiles waste no work.
//
//	go run . -pkg kernels -out ../../gemm_kern_amd64.s -stubs ../../gemm_kern_stub_amd64.go
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// The register tiles. They must match the constants in gemm_amd64.go.
const (
	avx512MR, avx512NV = 6, 4 // 6×64 float32: 24 ZMM accumulators
	avx2MR, avx2NV     = 6, 2 // 6×16 float32: 12 YMM accumulators
	unroll             = 4    // k steps per loop iteration
)

func main() {
	ConstraintExpr("!purego")
	for mr := 1; mr <= avx512MR; mr++ {
		for nv := 1; nv <= avx512NV; nv++ {
			avx512Kernel(mr, nv)
		}
	}
	maskTab := avx2MaskTable()
	for mr := 1; mr <= avx2MR; mr++ {
		for nv := 1; nv <= avx2NV; nv++ {
			avx2Kernel(mr, nv, maskTab)
		}
	}
	packT8()
	packAlong(maskTab)
	packAlong6()
	Generate()
}

// loop emits the k loop around body: unrolled by unroll, then a remainder
// loop. kc counts down; each k step advances the A row pointers by sp bytes
// and the B pointer pb by sb bytes (both registers).
func loop(name string, kc GPPhysical, aRows []GPPhysical, sp, pb, sb GPPhysical, body func()) {
	step := func() {
		body()
		for _, r := range aRows {
			ADDQ(sp, r)
		}
		ADDQ(sb, pb)
	}
	CMPQ(kc, U32(unroll))
	JL(LabelRef(name + "_tail"))
	Label(name + "_loop")
	for u := 0; u < unroll; u++ {
		step()
	}
	SUBQ(U32(unroll), kc)
	CMPQ(kc, U32(unroll))
	JGE(LabelRef(name + "_loop"))
	Label(name + "_tail")
	TESTQ(kc, kc)
	JE(LabelRef(name + "_store"))
	Label(name + "_tailloop")
	step()
	DECQ(kc)
	JNE(LabelRef(name + "_tailloop"))
	Label(name + "_store")
}

// prefetchC asks for the cache lines of the C tile (mr rows of width
// bytes from pc, stride ldc bytes) at the start of the kernel, so that they
// have arrived when the tile is stored, hundreds of cycles later. pc is
// left unchanged; R12 is clobbered.
func prefetchC(pc, ldc GPPhysical, mr, width int) {
	row := R12
	MOVQ(pc, row)
	for i := 0; i < mr; i++ {
		for off := 0; off < width; off += 64 {
			PREFETCHT0(Mem{Base: row, Disp: off})
		}
		PREFETCHT0(Mem{Base: row, Disp: width - 4}) // the last line of an unaligned row
		if i < mr-1 {
			ADDQ(ldc, row)
		}
	}
}

// bRows loads the B pointer and its row stride in bytes.
func bRows() (pb, sb GPPhysical) {
	pb, sb = RBX, R11
	Load(Param("b"), pb)
	Load(Param("sb"), sb)
	SHLQ(U8(2), sb)
	return pb, sb
}

// aRows loads the A panel's base and strides and returns the pointer
// registers and the address of element i of the current k step: rows 0-2
// hang off AX and rows 3-5 off R9 = AX + 3·si, indexed by si in R8.
func aRows(mr int) (rows []GPPhysical, sp GPPhysical, addr func(i int) Mem) {
	pa, si, sp3 := RAX, R8, R9
	Load(Param("a"), pa)
	Load(Param("si"), si)
	Load(Param("sp"), R10)
	SHLQ(U8(2), si)
	SHLQ(U8(2), R10)
	rows = []GPPhysical{pa}
	if mr > 3 {
		LEAQ(Mem{Base: si, Index: si, Scale: 2}, sp3)
		ADDQ(pa, sp3)
		rows = append(rows, sp3)
	}
	addr = func(i int) Mem {
		base := rows[i/3]
		switch i % 3 {
		case 0:
			return Mem{Base: base}
		case 1:
			return Mem{Base: base, Index: si, Scale: 1}
		}
		return Mem{Base: base, Index: si, Scale: 2}
	}
	return rows, R10, addr
}

// jumpUnlessBetaZero jumps to label unless beta == 0 (a NaN beta jumps).
func jumpUnlessBetaZero(scratch VecPhysical, label string) {
	VXORPS(scratch, scratch, scratch)
	VUCOMISS(paramAddr("beta"), scratch)
	JNE(LabelRef(label))
	JP(LabelRef(label))
}

var zregs = []VecPhysical{Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15,
	Z16, Z17, Z18, Z19, Z20, Z21, Z22, Z23, Z24, Z25, Z26, Z27, Z28, Z29, Z30, Z31}

// avx512Kernel writes gemmAVX512K<mr>x<16nv>. B vectors live in Z0..,
// accumulators at the top of the register file; A is broadcast straight
// from memory by the FMAs. The lane mask of the last vector is bits
// 16(nv-1)..16nv-1 of nmask.
func avx512Kernel(mr, nv int) {
	name := fmt.Sprintf("gemmAVX512K%dx%d", mr, 16*nv)
	TEXT(name, NOSPLIT, "func(kc int, a *float32, si, sp int, b *float32, sb int, c *float32, ldc int, alpha, beta float32, nmask uint64)")
	Doc(fmt.Sprintf("%s computes a %d×%d tile of C = alpha·A·B + beta·C with A(i, p) at a[i*si+p*sp] and B(p, j) at b[p*sb+j]; nmask selects the columns read from B and stored.", name, mr, 16*nv))
	bv := zregs[:nv]
	acc := make([][]VecPhysical, mr)
	first := len(zregs) - mr*nv
	for i := range acc {
		acc[i] = zregs[first+i*nv : first+(i+1)*nv]
	}
	kc := RCX
	Load(Param("kc"), kc)
	pb, sb := bRows()
	rows, sp, aAddr := aRows(mr)
	mask, last := RDI, K1
	Load(Param("nmask"), mask)
	if nv > 1 {
		SHRQ(U8(16*(nv-1)), mask)
	}
	KMOVW(mask.As32(), last)
	pc, ldc := RDX, RSI
	Load(Param("c"), pc)
	Load(Param("ldc"), ldc)
	SHLQ(U8(2), ldc)
	prefetchC(pc, ldc, mr, 64*nv)
	for i := range acc {
		for _, z := range acc[i] {
			VPXORD(z, z, z)
		}
	}
	loop(name, kc, rows, sp, pb, sb, func() {
		for v := range bv {
			if v < nv-1 {
				VMOVUPS(Mem{Base: pb, Disp: 64 * v}, bv[v])
			} else {
				// Masked: B may be the caller's matrix, not a padded panel.
				VMOVUPS_Z(Mem{Base: pb, Disp: 64 * v}, last, bv[v])
			}
		}
		for i := 0; i < mr; i++ {
			for v := range bv {
				VFMADD231PS_BCST(aAddr(i), bv[v], acc[i][v])
			}
		}
	})

	alpha, beta, tmp := Z0, Z1, Z2
	VBROADCASTSS(paramAddr("alpha"), alpha)
	VBROADCASTSS(paramAddr("beta"), beta)
	store := func(general bool) {
		for i := 0; i < mr; i++ {
			for v := 0; v < nv; v++ {
				m := Mem{Base: pc, Disp: 64 * v}
				VMULPS(alpha, acc[i][v], acc[i][v])
				if v < nv-1 {
					if general {
						VFMADD231PS(m, beta, acc[i][v])
					}
					VMOVUPS(acc[i][v], m)
					continue
				}
				if general {
					VMOVUPS_Z(m, last, tmp)
					VFMADD231PS(tmp, beta, acc[i][v])
				}
				VMOVUPS(acc[i][v], last, m)
			}
			if i < mr-1 {
				ADDQ(ldc, pc)
			}
		}
		VZEROUPPER()
		RET()
	}
	jumpUnlessBetaZero(X2, name+"_general")
	store(false)
	Label(name + "_general")
	store(true)
}

var yregs = []VecPhysical{Y0, Y1, Y2, Y3, Y4, Y5, Y6, Y7, Y8, Y9, Y10, Y11, Y12, Y13, Y14, Y15}

// avx2MaskTable is 16 all-ones int32 lanes followed by 16 zero lanes: the
// 8 lanes at element 16-r+8v mask the first r columns for vector v.
func avx2MaskTable() Mem {
	tab := GLOBL("gemmAVX2Mask", RODATA|NOPTR)
	for i := 0; i < 32; i++ {
		v := uint32(0)
		if i < 16 {
			v = 0xffffffff
		}
		DATA(4*i, U32(v))
	}
	return tab
}

// avx2Kernel writes gemmAVX2K<mr>x<8nv>: B vectors in Y0.., two broadcast
// registers, accumulators at the top. Columns nr..8nv-1 are neither read nor
// written (VMASKMOVPS) when nr < 8nv.
func avx2Kernel(mr, nv int, maskTab Mem) {
	name := fmt.Sprintf("gemmAVX2K%dx%d", mr, 8*nv)
	TEXT(name, NOSPLIT, "func(kc int, a *float32, si, sp int, b *float32, sb int, c *float32, ldc int, alpha, beta float32, nr int)")
	Doc(fmt.Sprintf("%s computes a %d×%d tile of C = alpha·A·B + beta·C with A(i, p) at a[i*si+p*sp] and B(p, j) at b[p*sb+j], reading all %d columns of B; only the first nr columns of C are stored.", name, mr, 8*nv, 8*nv))
	bv := yregs[:nv]
	br := yregs[nv : nv+2]
	acc := make([][]VecPhysical, mr)
	first := len(yregs) - mr*nv
	for i := range acc {
		acc[i] = yregs[first+i*nv : first+(i+1)*nv]
	}
	kc := RCX
	Load(Param("kc"), kc)
	pb, sb := bRows()
	rows, sp, aAddr := aRows(mr)
	pc, ldc := RDX, RSI
	Load(Param("c"), pc)
	Load(Param("ldc"), ldc)
	SHLQ(U8(2), ldc)
	prefetchC(pc, ldc, mr, 32*nv)
	for i := range acc {
		for _, y := range acc[i] {
			VXORPS(y, y, y)
		}
	}
	loop(name, kc, rows, sp, pb, sb, func() {
		for v := range bv {
			VMOVUPS(Mem{Base: pb, Disp: 32 * v}, bv[v])
		}
		for i := 0; i < mr; i++ {
			r := br[i%2]
			VBROADCASTSS(aAddr(i), r)
			for v := range bv {
				VFMADD231PS(bv[v], r, acc[i][v])
			}
		}
	})

	nr := RDI
	Load(Param("nr"), nr)
	alpha, beta, tmp, mask := Y0, Y1, Y2, Y3
	VBROADCASTSS(paramAddr("alpha"), alpha)
	VBROADCASTSS(paramAddr("beta"), beta)
	full := func(general bool) {
		for i := 0; i < mr; i++ {
			for v := 0; v < nv; v++ {
				m := Mem{Base: pc, Disp: 32 * v}
				VMULPS(alpha, acc[i][v], acc[i][v])
				if general {
					VFMADD231PS(m, beta, acc[i][v])
				}
				VMOVUPS(acc[i][v], m)
			}
			if i < mr-1 {
				ADDQ(ldc, pc)
			}
		}
		VZEROUPPER()
		RET()
	}
	// Masked edge: the mask of vector v is 8 lanes at maskTab + 4(16-nr) + 32v.
	masked := func(general bool) {
		mp := R12
		LEAQ(maskTab.Offset(64), mp)
		SHLQ(U8(2), nr)
		SUBQ(nr, mp)
		for i := 0; i < mr; i++ {
			for v := 0; v < nv; v++ {
				m := Mem{Base: pc, Disp: 32 * v}
				VMOVDQU(Mem{Base: mp, Disp: 32 * v}, mask)
				VMULPS(alpha, acc[i][v], acc[i][v])
				if general {
					VMASKMOVPS(m, mask, tmp)
					VFMADD231PS(tmp, beta, acc[i][v])
				}
				VMASKMOVPS(acc[i][v], mask, m)
			}
			if i < mr-1 {
				ADDQ(ldc, pc)
			}
		}
		VZEROUPPER()
		RET()
	}
	CMPQ(nr, U32(8*nv))
	JL(LabelRef(name + "_masked"))
	jumpUnlessBetaZero(X2, name+"_general")
	full(false)
	Label(name + "_general")
	full(true)
	Label(name + "_masked")
	jumpUnlessBetaZero(X2, name+"_maskedgeneral")
	masked(false)
	Label(name + "_maskedgeneral")
	masked(true)
}

// paramAddr is the frame address of a scalar argument.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}
