package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// blk is one vector-sized block of a loop: element index i plus u vectors,
// either a full vector or the masked tail.
type blk struct {
	s    *isa
	i    reg.Register // element index (scaled by 4 in addresses)
	u    int          // vector offset within an unrolled iteration
	tail bool
	k    reg.OpmaskVirtual // AVX-512 tail mask
	m    vec               // AVX2 tail mask (all ones in active lanes)
	n    reg.Register      // AVX2 tail length
}

// at returns the address of the block in the float32 array at p.
func (b blk) at(p reg.Register) Mem {
	if b.i == nil {
		return Mem{Base: p, Disp: b.u * b.s.vbytes}
	}
	return Mem{Base: p, Index: b.i, Scale: 4, Disp: b.u * b.s.vbytes}
}

// load reads the block at p; in the tail, inactive lanes read as zero.
func (b blk) load(p reg.Register) vec {
	v := b.s.vec()
	switch {
	case !b.tail:
		VMOVUPS(b.at(p), v)
	case b.s.avx512:
		VMOVUPS_Z(b.at(p), b.k, v)
	default:
		b.loadTailAVX2(p, v)
	}
	return v
}

// loadTailAVX2 reads the first n (1..8) lanes at p into v, zeroing the
// others, as 4, 2 and 1 lanes from the end: VMASKMOVPS loads that cross a
// cache line are slow on some CPUs.
func (b blk) loadTailAVX2(p reg.Register, v vec) {
	e := GP64()
	LEAQ(b.at(p), e)
	part, done := b.s.label("part"), b.s.label("loaded")
	TESTQ(U32(8), b.n)
	JZ(LabelRef(part))
	VMOVUPS(Mem{Base: e}, v)
	JMP(LabelRef(done))
	Label(part)
	LEAQ(Mem{Base: e, Index: b.n, Scale: 4}, e) // end of the tail
	cur := XMM()
	VXORPS(cur, cur, cur)
	skip1, skip2, skip4 := b.s.label("skip1"), b.s.label("skip2"), b.s.label("skip4")
	TESTQ(U32(1), b.n)
	JZ(LabelRef(skip1))
	SUBQ(U32(4), e)
	VMOVSS(Mem{Base: e}, cur)
	Label(skip1)
	TESTQ(U32(2), b.n)
	JZ(LabelRef(skip2))
	SUBQ(U32(8), e)
	two := XMM()
	VMOVSD(Mem{Base: e}, two)
	VMOVLHPS(cur, two, cur) // [two0, two1, cur0, cur1]
	Label(skip2)
	TESTQ(U32(4), b.n)
	JZ(LabelRef(skip4))
	SUBQ(U32(16), e)
	lo := XMM()
	VMOVUPS(Mem{Base: e}, lo)
	VINSERTF128(Imm(1), cur, lo.AsY(), v)
	JMP(LabelRef(done))
	Label(skip4)
	VMOVAPS(cur, v.AsX())
	Label(done)
}

// loadFill reads the block at p; in the tail, inactive lanes hold the
// constant fill.
func (b blk) loadFill(p reg.Register, fill uint32) vec {
	if !b.tail {
		return b.load(p)
	}
	v := b.s.vec()
	if b.s.avx512 {
		VMOVAPS(b.s.kr(fill), v)
		VMOVUPS(b.at(p), b.k, v)
		return v
	}
	b.loadTailAVX2(p, v)
	VBLENDVPS(b.m, v, b.s.kr(fill), v)
	return v
}

// store writes v to the block at p; in the tail only active lanes are
// written.
func (b blk) store(v vec, p reg.Register) {
	switch {
	case !b.tail:
		VMOVUPS(v, b.at(p))
	case b.s.avx512:
		VMOVUPS(v, b.k, b.at(p))
	default:
		b.storeTailAVX2(v, p)
	}
}

// storeTailAVX2 writes the first n (1..8) lanes of v as 4, 2 and 1 lanes: much
// cheaper than VMASKMOVPS stores, which many AMD CPUs microcode.
func (b blk) storeTailAVX2(v vec, p reg.Register) {
	t := GP64()
	LEAQ(b.at(p), t)
	x := XMM()
	VMOVAPS(v.AsX(), x)
	skip4, skip2, done := b.s.label("skip4"), b.s.label("skip2"), b.s.label("stored")
	part := b.s.label("part")
	TESTQ(U32(8), b.n) // a whole vector (the small-row softmax)
	JZ(LabelRef(part))
	VMOVUPS(v, Mem{Base: t})
	JMP(LabelRef(done))
	Label(part)
	TESTQ(U32(4), b.n)
	JZ(LabelRef(skip4))
	VMOVUPS(x, Mem{Base: t})
	VEXTRACTF128(Imm(1), v, x)
	ADDQ(Imm(16), t)
	Label(skip4)
	TESTQ(U32(2), b.n)
	JZ(LabelRef(skip2))
	VMOVLPS(x, Mem{Base: t})
	VMOVHLPS(x, x, x)
	ADDQ(Imm(8), t)
	Label(skip2)
	TESTQ(U32(1), b.n)
	JZ(LabelRef(done))
	VMOVSS(x, Mem{Base: t})
	Label(done)
}

// loop emits a loop over n float32 elements: unroll vectors per iteration
// while they fit, then single vectors, then one masked tail block. body is
// called once per block it must handle.
func (s *isa) loop(n reg.Register, unroll int, body func(b blk)) {
	s.loopGroup(n, nil, unroll, func(bs []blk) {
		for _, b := range bs {
			body(b)
		}
	})
}

// loopGroup is loop with the blocks of one iteration passed together, and
// the index register supplied (nil: a fresh one starting at zero).
func (s *isa) loopGroup(n reg.Register, i reg.Register, unroll int, body func(bs []blk)) {
	if i == nil {
		i = GP64()
		XORQ(i, i)
	}
	lim := GP64()
	single, tail, done := s.label("single"), s.label("tail"), s.label("done")
	if unroll > 1 {
		top := s.label("loop")
		MOVQ(n, lim)
		SUBQ(Imm(uint64(unroll*s.lanes)), lim)
		Label(top)
		CMPQ(i, lim)
		JGT(LabelRef(single))
		bs := make([]blk, unroll)
		for u := range bs {
			bs[u] = blk{s: s, i: i, u: u}
		}
		body(bs)
		ADDQ(Imm(uint64(unroll*s.lanes)), i)
		JMP(LabelRef(top))
	}
	Label(single)
	MOVQ(n, lim)
	SUBQ(Imm(uint64(s.lanes)), lim)
	one := s.label("loop1")
	Label(one)
	CMPQ(i, lim)
	JGT(LabelRef(tail))
	body([]blk{{s: s, i: i}})
	ADDQ(Imm(uint64(s.lanes)), i)
	JMP(LabelRef(one))

	Label(tail)
	CMPQ(i, n)
	JGE(LabelRef(done))
	rem := GP64()
	MOVQ(n, rem)
	SUBQ(i, rem)
	body([]blk{s.tailBlk(i, rem)})
	Label(done)
}

// tailBlk builds the masked block for the rem (1..lanes) elements at i (or
// at the base address if i is nil). On AVX2 rem must stay live while the
// block is in use.
func (s *isa) tailBlk(i, rem reg.Register) blk {
	t := GP64()
	b := blk{s: s, i: i, tail: true}
	if s.avx512 {
		LEAQ(s.tab, t)
		b.k = K()
		KMOVW(Mem{Base: t, Index: rem, Scale: 2}, b.k)
		return b
	}
	b.n = rem
	sh := GP64()
	MOVQ(rem, sh)
	SHLQ(Imm(2), sh)
	LEAQ(s.tab.Offset(32), t)
	SUBQ(sh, t)
	b.m = YMM()
	VMOVUPS(Mem{Base: t}, b.m)
	return b
}

// hreduce combines the lanes of v with op (called as op(src2, src1, dst)
// in Go operand order) in a fixed order and returns an XMM register whose
// lanes all hold the result.
func (s *isa) hreduce(v vec, op func(ops ...Op)) reg.VecVirtual {
	var y, ylo reg.Register = v, v.AsX()
	if s.avx512 {
		hi := YMM()
		VEXTRACTF32X8(Imm(1), v, hi)
		op(hi, v.AsY(), hi)
		y, ylo = hi, hi.AsX()
	}
	x := XMM()
	if s.avx512 {
		VEXTRACTF32X4(Imm(1), y, x)
	} else {
		VEXTRACTF128(Imm(1), y, x)
	}
	op(x, ylo, x)
	t := XMM()
	VPERMILPS(Imm(0x4e), x, t)
	op(t, x, x)
	VPERMILPS(Imm(0xb1), x, t)
	op(t, x, x)
	return x
}

// bcast broadcasts lane 0 of x to a full vector.
func (s *isa) bcast(x reg.Register) vec {
	v := s.vec()
	VBROADCASTSS(x, v)
	return v
}

// slice loads the base pointer and (optionally) length of a slice parameter.
func slice(name string) reg.GPVirtual {
	p := GP64()
	Load(Param(name).Base(), p)
	return p
}

// length loads the length of a slice parameter.
func length(name string) reg.GPVirtual {
	n := GP64()
	Load(Param(name).Len(), n)
	return n
}

// paramAddr returns the stack address of a scalar parameter.
func paramAddr(name string) Mem {
	b, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	return b.Addr
}
