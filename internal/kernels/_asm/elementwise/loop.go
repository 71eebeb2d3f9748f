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
}

// at returns the address of the block in the float32 array at p.
func (b blk) at(p reg.Register) Mem {
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
		VMASKMOVPS(b.at(p), b.m, v)
	}
	return v
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
	VMASKMOVPS(b.at(p), b.m, v)
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
		VMASKMOVPS(v, b.m, b.at(p))
	}
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

// tailBlk builds the masked block for the rem (1..lanes-1) elements at i.
// It clobbers rem.
func (s *isa) tailBlk(i, rem reg.Register) blk {
	t := GP64()
	b := blk{s: s, i: i, tail: true}
	if s.avx512 {
		LEAQ(s.tab, t)
		b.k = K()
		KMOVW(Mem{Base: t, Index: rem, Scale: 2}, b.k)
		return b
	}
	LEAQ(s.tab.Offset(32), t)
	SHLQ(Imm(2), rem)
	SUBQ(rem, t)
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
