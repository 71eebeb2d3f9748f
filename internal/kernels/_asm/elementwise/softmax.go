package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// softmaxKernels emits the row-wise softmax and log-softmax. Each processes
// rows from the first and returns the index of the first row whose maximum
// is not finite (±Inf or NaN), or rows when all were done; the caller
// handles that row and resumes after it.
func (s *isa) softmaxKernels() {
	s.softmaxKernel(false)
	s.softmaxKernel(true)
}

func (s *isa) softmaxKernel(logForm bool) {
	name, doc := "softmaxRows", "For each row it sets dst = exp(a-max)/sum(exp(a-max)), with exp as approxExp32."
	if logForm {
		name, doc = "softmaxLogRows", "For each row it sets dst = (a-max) - log(sum(exp(a-max))), with exp and log as approxExp32 and approxLog32."
	}
	s.begin(name, "func(dst, a []float32, rows, cols int) int", doc,
		"It stops at the first row whose maximum is ±Inf or NaN and returns its index (rows if none).")
	pd, pa := slice("dst"), slice("a")
	rows, cols := GP64(), GP64()
	Load(Param("rows"), rows)
	Load(Param("cols"), cols)
	stride := GP64()
	MOVQ(cols, stride)
	SHLQ(Imm(2), stride)
	consts := append([]uint32{kExpMin, kNegInf}, expConsts...)
	if logForm {
		consts = append(consts, kTwo, kHalf, kSqrt2, kLogFixup)
		consts = append(consts, kLogC...)
	}
	s.hoist(consts...)

	r := GP64()
	XORQ(r, r)
	top, stop := s.label("row"), s.label("stop")
	Label(top)
	CMPQ(r, rows)
	JGE(LabelRef(stop))

	m := s.rowMax(pa, cols)
	s.jumpIfNotFinite(m, stop)
	mv := s.bcast(m)
	sum := s.rowExpSum(pd, pa, cols, mv, !logForm)
	if logForm {
		lse := s.log(s.bcast(sum))
		s.loop(cols, 4, func(b blk) {
			d := s.op3(VSUBPS, mv, b.load(pa))
			VSUBPS(lse, d, d)
			b.store(d, pd)
		})
	} else {
		inv := s.fresh(kOne)
		VDIVPS(s.bcast(sum), inv, inv)
		s.loop(cols, 4, func(b blk) {
			b.store(s.op3(VMULPS, inv, b.load(pd)), pd)
		})
	}
	ADDQ(stride, pa)
	ADDQ(stride, pd)
	INCQ(r)
	JMP(LabelRef(top))

	Label(stop)
	Store(r, ReturnIndex(0))
	s.end()
}

// rowMax returns the largest of the n floats at p in lane 0 of an XMM
// register (NaNs may be dropped: a row holding NaN ends with a NaN sum).
func (s *isa) rowMax(p, n reg.Register) reg.VecVirtual {
	acc := []vec{s.fresh(kNegInf), s.fresh(kNegInf), s.fresh(kNegInf), s.fresh(kNegInf)}
	s.loop(n, 4, func(b blk) {
		VMAXPS(b.loadFill(p, kNegInf), acc[b.u], acc[b.u])
	})
	VMAXPS(acc[1], acc[0], acc[0])
	VMAXPS(acc[3], acc[2], acc[2])
	VMAXPS(acc[2], acc[0], acc[0])
	return s.hreduce(acc[0], VMAXPS)
}

// jumpIfNotFinite jumps to label if lane 0 of x is ±Inf or NaN.
func (s *isa) jumpIfNotFinite(x reg.Register, label string) {
	t := XMM()
	VSUBSS(x, x, t) // x - x is NaN exactly when x is not finite
	VUCOMISS(t, t)
	JPS(LabelRef(label))
}

// rowExpSum computes exp(a[i]-max) over the n floats at pa, storing them at
// pd if store is set, and returns their sum in lane 0 of an XMM register.
func (s *isa) rowExpSum(pd, pa, n reg.Register, mv vec, store bool) reg.VecVirtual {
	acc := []vec{s.zero(), s.zero()}
	s.loop(n, 2, func(b blk) {
		d := s.op3(VSUBPS, mv, b.loadFill(pa, kNegInf))
		e := s.expNeg(d)
		if store {
			b.store(e, pd)
		}
		VADDPS(e, acc[b.u], acc[b.u])
	})
	VADDPS(acc[1], acc[0], acc[0])
	return s.hreduce(acc[0], VADDPS)
}
