package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// VCMPPS predicates (Intel order: src1 OP src2).
const (
	cmpEQ    = 0x00 // ordered, equal
	cmpLT    = 0x11 // ordered, less than
	cmpUnord = 0x03 // either is NaN
	cmpNGEU  = 0x19 // not greater or equal, or unordered
	cmpNLEU  = 0x16 // not less or equal, or unordered
	cmpNLTU  = 0x15 // not less than, or unordered
	cmpGT    = 0x1e // ordered, greater than
)

// binary emits dst[i] = f(a[i], b[i]) for func(dst, a, b []float32).
func (s *isa) binary(name, doc string, unroll int, consts []uint32, f func(a, b vec) vec) {
	s.begin(name, "func(dst, a, b []float32)", doc)
	pd, pa, pb, n := slice("dst"), slice("a"), slice("b"), length("dst")
	s.hoist(consts...)
	s.loop(n, unroll, func(b blk) {
		b.store(f(b.load(pa), b.load(pb)), pd)
	})
	s.end()
}

// unary emits dst[i] = f(a[i]) for func(dst, a []float32).
func (s *isa) unary(name, doc string, unroll int, consts []uint32, f func(a vec) vec) {
	s.begin(name, "func(dst, a []float32)", doc)
	pd, pa, n := slice("dst"), slice("a"), length("dst")
	s.hoist(consts...)
	s.loop(n, unroll, func(b blk) {
		b.store(f(b.load(pa)), pd)
	})
	s.end()
}

// op3 returns f(x, y) in a fresh register for a three-operand instruction
// called in Go order (src2, src1, dst).
func (s *isa) op3(f func(...Op), y Op, x reg.Register) vec {
	d := s.vec()
	f(y, x, d)
	return d
}

func (s *isa) binaryKernels() {
	s.binary("ewAdd", "It sets dst[i] = a[i] + b[i].", 4, nil, func(a, b vec) vec { return s.op3(VADDPS, b, a) })
	s.binary("ewSub", "It sets dst[i] = a[i] - b[i].", 4, nil, func(a, b vec) vec { return s.op3(VSUBPS, b, a) })
	s.binary("ewMul", "It sets dst[i] = a[i] * b[i].", 4, nil, func(a, b vec) vec { return s.op3(VMULPS, b, a) })
	s.binary("ewDiv", "It sets dst[i] = a[i] / b[i].", 2, nil, func(a, b vec) vec { return s.op3(VDIVPS, b, a) })
	s.binary("ewReluGrad", "It sets dst[i] = b[i] where a[i] > 0, else 0.", 4, nil, func(x, dy vec) vec {
		return s.selectOrZero(cmpGT, x, dy)
	})
	s.binary("ewSigmoidGrad", "It sets dst[i] = b[i] * (a[i] * (1 - a[i])).", 4, []uint32{kOne}, func(y, dy vec) vec {
		t := s.op3(VSUBPS, y, s.kr(kOne))
		VMULPS(t, y, t)
		VMULPS(t, dy, t)
		return t
	})
	s.binary("ewTanhGrad", "It sets dst[i] = b[i] * ((1 - a[i]) * (1 + a[i])).", 4, []uint32{kOne}, func(y, dy vec) vec {
		t := s.op3(VSUBPS, y, s.kr(kOne))
		u := s.op3(VADDPS, s.k(kOne), y)
		VMULPS(u, t, t)
		VMULPS(t, dy, t)
		return t
	})
}

// selectOrZero returns v where (x pred 0) holds and +0 elsewhere.
func (s *isa) selectOrZero(pred uint64, x, v vec) vec {
	z := s.zero()
	if s.avx512 {
		k := K()
		VCMPPS(Imm(pred), z, x, k)
		d := s.vec()
		VMOVUPS_Z(v, k, d)
		return d
	}
	m := s.vec()
	VCMPPS(Imm(pred), z, x, m)
	VANDPS(v, m, m)
	return m
}

func (s *isa) scalarKernels() {
	// func(dst, a []float32, s float32) forms.
	for _, k := range []struct {
		name, doc string
		op        func(...Op)
	}{
		{"ewAddScalar", "It sets dst[i] = a[i] + s.", VADDPS},
		{"ewScale", "It sets dst[i] = s * a[i].", VMULPS},
	} {
		s.begin(k.name, "func(dst, a []float32, s float32)", k.doc)
		pd, pa, n := slice("dst"), slice("a"), length("dst")
		c := s.vec()
		VBROADCASTSS(paramAddr("s"), c)
		s.loop(n, 4, func(b blk) {
			b.store(s.op3(k.op, c, b.load(pa)), pd)
		})
		s.end()
	}

	s.begin("ewAxpy", "func(alpha float32, x, y []float32)", "It sets y[i] += alpha * x[i] with one rounding.")
	px, py, n := slice("x"), slice("y"), length("y")
	alpha := s.vec()
	VBROADCASTSS(paramAddr("alpha"), alpha)
	s.loop(n, 4, func(b blk) {
		y := b.load(py)
		VFMADD231PS(alpha, b.load(px), y)
		b.store(y, py)
	})
	s.end()

	s.begin("ewAxpby", "func(alpha float32, x []float32, beta float32, y []float32)",
		"It sets y[i] = alpha*x[i] + beta*y[i], rounding beta*y[i] and the fused sum.")
	px, py, n = slice("x"), slice("y"), length("y")
	alpha, beta := s.vec(), s.vec()
	VBROADCASTSS(paramAddr("alpha"), alpha)
	VBROADCASTSS(paramAddr("beta"), beta)
	s.loop(n, 4, func(b blk) {
		y := s.op3(VMULPS, beta, b.load(py))
		VFMADD231PS(alpha, b.load(px), y)
		b.store(y, py)
	})
	s.end()
}

func (s *isa) unaryKernels() {
	s.unary("ewNeg", "It sets dst[i] = -a[i].", 4, []uint32{kSign}, func(x vec) vec { return s.op3(VXORPS, s.k(kSign), x) })
	s.unary("ewAbs", "It sets dst[i] = |a[i]|.", 4, []uint32{kAbs}, func(x vec) vec { return s.op3(VANDPS, s.k(kAbs), x) })
	s.unary("ewSquare", "It sets dst[i] = a[i] * a[i].", 4, nil, func(x vec) vec { return s.op3(VMULPS, x, x) })
	s.unary("ewSqrt", "It sets dst[i] = sqrt(a[i]).", 2, nil, func(x vec) vec {
		d := s.vec()
		VSQRTPS(x, d)
		return d
	})
	s.unary("ewRelu", "It sets dst[i] = a[i] where a[i] > 0 or NaN, else +0.", 4, nil, func(x vec) vec {
		return s.selectOrZero(cmpNLEU, x, x)
	})
}
