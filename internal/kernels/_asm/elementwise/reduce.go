package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

var kNaN = uint32(0xffffffff)

// nanTrack records, per vector, whether any value combined into an
// extremum accumulator was NaN: VMAXPS/VMINPS return one operand when the
// other is NaN, so NaN propagation needs a separate flag.
type nanTrack struct {
	s *isa
	k reg.OpmaskVirtual // AVX-512
	v vec               // AVX2
}

func (s *isa) newNaNTrack() nanTrack {
	t := nanTrack{s: s}
	if s.avx512 {
		t.k = K()
		KXORW(t.k, t.k, t.k)
	} else {
		t.v = s.zero()
	}
	return t
}

// add flags the NaN lanes of x.
func (t nanTrack) add(x vec) {
	if t.s.avx512 {
		k := K()
		VCMPPS(Imm(cmpUnord), x, x, k)
		KORW(k, t.k, t.k)
		return
	}
	m := t.s.vec()
	VCMPPS(Imm(cmpUnord), x, x, m)
	VORPS(m, t.v, t.v)
}

// vector returns the flags as a vector with all bits set in NaN lanes.
func (t nanTrack) vector() vec {
	if t.s.avx512 {
		v := t.s.vec()
		VPMOVM2D(t.k, v)
		return v
	}
	return t.v
}

// apply sets the flagged lanes of acc to NaN.
func (t nanTrack) apply(acc vec) {
	if t.s.avx512 {
		VMOVAPS(t.s.kr(kNaN), t.k, acc)
		return
	}
	VORPS(t.v, acc, acc)
}

// extremum names the operation and identity of a max or min reduction.
type extremum struct {
	name, what string
	op         func(...Op)
	identity   uint32
}

var (
	maxOp = extremum{"Max", "largest", VMAXPS, kNegInf}
	minOp = extremum{"Min", "smallest", VMINPS, kInf}
)

func (s *isa) reduceKernels() {
	s.begin("reduceSum", "func(a []float32) float32",
		"It returns the sum of a, accumulated in four vector partial sums combined in a fixed order.")
	pa, n := slice("a"), length("a")
	acc := []vec{s.zero(), s.zero(), s.zero(), s.zero()}
	s.loop(n, 4, func(b blk) {
		VADDPS(b.load(pa), acc[b.u], acc[b.u])
	})
	VADDPS(acc[1], acc[0], acc[0])
	VADDPS(acc[3], acc[2], acc[2])
	VADDPS(acc[2], acc[0], acc[0])
	Store(s.hreduce(acc[0], VADDPS), ReturnIndex(0))
	s.end()

	for _, e := range []extremum{maxOp, minOp} {
		s.begin("reduce"+e.name, "func(a []float32) float32",
			"It returns the "+e.what+" element of a (NaN if any is NaN, the identity ±Inf if a is empty).")
		pa, n := slice("a"), length("a")
		s.hoist(e.identity, kNaN)
		acc := []vec{s.fresh(e.identity), s.fresh(e.identity), s.fresh(e.identity), s.fresh(e.identity)}
		nan := s.newNaNTrack()
		s.loop(n, 4, func(b blk) {
			x := b.loadFill(pa, e.identity)
			nan.add(x)
			e.op(x, acc[b.u], acc[b.u])
		})
		e.op(acc[1], acc[0], acc[0])
		e.op(acc[3], acc[2], acc[2])
		e.op(acc[2], acc[0], acc[0])
		x := s.hreduce(acc[0], e.op)
		VORPS(s.hreduce(nan.vector(), VORPS), x, x)
		Store(x, ReturnIndex(0))
		s.end()
	}
}

// colKernels emits the column reductions dst[c] = op over rows of a[r*cols+c].
func (s *isa) colKernels() {
	s.colKernel("reduceSumCols", "It sets dst[c] to the sum over rows of a[r*cols+c], summing rows in order.",
		func() vec { return s.zero() }, func(x, acc vec) { VADDPS(x, acc, acc) }, 0, false)
	s.colKernel("reduceMaxCols", "It sets dst[c] to the largest a[r*cols+c] over rows (NaN if any is NaN, -Inf if rows is 0).",
		func() vec { return s.fresh(kNegInf) }, func(x, acc vec) { VMAXPS(x, acc, acc) }, kNegInf, true)
}

// colKernel emits one column reduction. Columns are processed in blocks of
// four vectors (then single vectors, then a masked tail) whose accumulators
// stay in registers while the block walks down all rows.
func (s *isa) colKernel(name, doc string, init func() vec, op func(x, acc vec), fill uint32, nan bool) {
	s.begin(name, "func(dst, a []float32, rows, cols int)", doc)
	pd, pa := slice("dst"), slice("a")
	rows, cols := GP64(), GP64()
	Load(Param("rows"), rows)
	Load(Param("cols"), cols)
	stride := GP64()
	MOVQ(cols, stride)
	SHLQ(Imm(2), stride)
	if nan {
		s.hoist(kNegInf, kNaN)
	}
	s.loopGroup(cols, nil, 4, func(bs []blk) {
		acc := make([]vec, len(bs))
		trk := make([]nanTrack, len(bs))
		for u := range bs {
			acc[u] = init()
			if nan {
				trk[u] = s.newNaNTrack()
			}
		}
		p, r := GP64(), GP64()
		MOVQ(pa, p)
		MOVQ(rows, r)
		top, done := s.label("rows"), s.label("rowsdone")
		Label(top)
		TESTQ(r, r)
		JZ(LabelRef(done))
		for u, b := range bs {
			x := b.loadFill(p, fill)
			if nan {
				trk[u].add(x)
			}
			op(x, acc[u])
		}
		ADDQ(stride, p)
		DECQ(r)
		JMP(LabelRef(top))
		Label(done)
		for u, b := range bs {
			if nan {
				trk[u].apply(acc[u])
			}
			b.store(acc[u], pd)
		}
	})
	s.end()
}
