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
	name, doc := "softmaxRows", "For each row it sets dst = exp(a-max)/sum(exp(a-max)), with exp as approxExpFlush32."
	if logForm {
		name, doc = "softmaxLogRows", "For each row it sets dst = (a-max) - log(sum(exp(a-max))), with exp and log as approxExpFlush32 and approxLog32."
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
	consts := append([]uint32{kFlushMin, kNegInf}, expConsts...)
	if logForm {
		consts = append(consts, kTwo, kHalf, kSqrt2, kLogFixup)
		consts = append(consts, kLogC...)
	}
	s.hoist(consts...)

	r := GP64()
	XORQ(r, r)
	stop, general, small2 := s.label("stop"), s.label("general"), s.label("small2")
	CMPQ(cols, Imm(uint64(s.lanes)))
	JGT(LabelRef(small2))
	s.smallRows(1, pd, pa, rows, cols, stride, r, stop, logForm)
	Label(small2)
	CMPQ(cols, Imm(uint64(2*s.lanes)))
	JGT(LabelRef(general))
	s.smallRows(2, pd, pa, rows, cols, stride, r, stop, logForm)

	Label(general)
	top := s.label("row")
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

// smallRows emits the row loop for rows of (nv-1)*lanes+1 .. nv*lanes
// columns, which stay in nv registers from load to store, so each row is
// read once and written once. It jumps to stop when done or at a row whose
// maximum is not finite.
func (s *isa) smallRows(nv int, pd, pa, rows, cols, stride, r reg.Register, stop string, logForm bool) {
	rem := GP64()
	MOVQ(cols, rem)
	if nv > 1 {
		SUBQ(Imm(uint64((nv-1)*s.lanes)), rem)
	}
	bs := make([]blk, nv)
	for v := range bs {
		bs[v] = blk{s: s, u: v}
	}
	bs[nv-1] = s.tailBlk(nil, rem)
	bs[nv-1].u = nv - 1

	top := s.label("smallrow")
	Label(top)
	CMPQ(r, rows)
	JGE(LabelRef(stop))
	xs := make([]vec, nv)
	for v, b := range bs {
		xs[v] = b.loadFill(pa, kNegInf)
	}
	mx := xs[0]
	if nv > 1 {
		mx = s.op3(VMAXPS, xs[1], xs[0])
	}
	m := s.hreduce(mx, VMAXPS)
	s.jumpIfNotFinite(m, stop)
	mv := s.bcast(m)
	es := make([]vec, nv)
	for v := range xs {
		VSUBPS(mv, xs[v], xs[v]) // x - max
		es[v] = s.expFlush(xs[v])
	}
	sum := es[0]
	if nv > 1 {
		sum = s.op3(VADDPS, es[1], es[0])
	}
	tot := s.bcast(s.hreduce(sum, VADDPS))
	if logForm {
		lse := s.log(tot)
		for v, b := range bs {
			VSUBPS(lse, xs[v], xs[v])
			b.store(xs[v], pd)
		}
	} else {
		inv := s.fresh(kOne)
		VDIVPS(tot, inv, inv)
		for v, b := range bs {
			VMULPS(inv, es[v], es[v])
			b.store(es[v], pd)
		}
	}
	ADDQ(stride, pa)
	ADDQ(stride, pd)
	INCQ(r)
	JMP(LabelRef(top))
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
		e := s.expFlush(d)
		if store {
			b.store(e, pd)
		}
		VADDPS(e, acc[b.u], acc[b.u])
	})
	VADDPS(acc[1], acc[0], acc[0])
	return s.hreduce(acc[0], VADDPS)
}
