package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// Constants of the approximations; they mirror approx.go of package kernels.
var (
	kLog2e  = f32(1.44269504088896341)
	kLn2Hi  = f32(0.693359375)
	kLn2Lo  = f32(-2.12194440054690583e-4)
	kExpMax = f32(89)
	kExpMin = f32(-104)
	// kFlushMin is log(2^-126): softmax flushes exp below it to zero.
	kFlushMin = f32(-87.33654475)
	kTanhMax  = f32(20)
	kSqrt2    = f32(1.41421356)
	kExpC     = []uint32{f32(1.0 / 5040), f32(1.0 / 720), f32(1.0 / 120), f32(1.0 / 24), f32(1.0 / 6), f32(1.0 / 2)}
	kLogC     = []uint32{f32(2.0 / 9), f32(2.0 / 7), f32(2.0 / 5), f32(2.0 / 3)}
	kFltMin   = f32(0x1p-126)
	kTwo23    = f32(0x1p23)
	kF23      = f32(23)
	kMant     = uint32(0x007fffff)
	// kLogFixup is the VFIXUPIMMPS table of log: NaN stays NaN, zero gives
	// -Inf, -Inf and negatives give NaN, +Inf gives +Inf, and positive
	// finite values (and +1) keep the computed result.
	kLogFixup = uint32(0x03530422)
)

// expConsts are the constants of expReduce and expScale.
var expConsts = append([]uint32{kLog2e, kLn2Hi, kLn2Lo, kOne}, kExpC...)

// fresh returns a register holding constant bits that the caller may
// overwrite.
func (s *isa) fresh(bits uint32) vec {
	if v, ok := s.hoisted[bits]; ok {
		d := s.vec()
		VMOVAPS(v, d)
		return d
	}
	return s.load(bits)
}

// expReduce splits x (clamped, possibly NaN) as x = n*ln2 + r and returns
// n (an integral float), r and p with expm1(r) = r + r*r*p.
func (s *isa) expReduce(x vec) (n, r, t vec) {
	n = s.op3(VMULPS, s.k(kLog2e), x)
	if s.avx512 {
		VRNDSCALEPS(Imm(0), n, n)
	} else {
		VROUNDPS(Imm(0), n, n)
	}
	r = s.vec()
	VMOVAPS(x, r)
	VFNMADD231PS(s.k(kLn2Hi), n, r)
	VFNMADD231PS(s.k(kLn2Lo), n, r)
	t = s.fresh(kExpC[0])
	for _, c := range kExpC[1:] {
		VFMADD213PS(s.k(c), r, t)
	}
	return n, r, t
}

// expScale returns p * 2^n for p near 1 and integral n in [-150, 128],
// rounding once, with gradual underflow and overflow to +Inf. p is
// clobbered.
func (s *isa) expScale(p, n vec) vec {
	if s.avx512 {
		VSCALEFPS(n, p, p)
		return p
	}
	// 2^n as two normal factors 2^(n>>1) * 2^(n-(n>>1)).
	n1 := s.vec()
	VCVTPS2DQ(n, n1)
	n2 := s.vec()
	VPSRAD(Imm(1), n1, n2)
	VPSUBD(n2, n1, n1)
	VPSLLD(Imm(23), n1, n1)
	VPSLLD(Imm(23), n2, n2)
	VPADDD(s.k(kOne), n1, n1)
	VPADDD(s.k(kOne), n2, n2)
	VMULPS(n1, p, p)
	VMULPS(n2, p, p)
	return p
}

// expFinish returns e^x = 2^n * (1 + r*(1 + r*p)) from expReduce.
func (s *isa) expFinish(n, r, p vec) vec {
	VFMADD213PS(s.k(kOne), r, p)
	VFMADD213PS(s.k(kOne), r, p)
	return s.expScale(p, n)
}

// expFlush returns e^x for x <= 0 or NaN, with results below 2^-126 (x <
// -87.34) flushed to zero. Those lanes are evaluated at x = 0 instead, so no
// intermediate is subnormal (which is slow on many CPUs) and 2^n needs only
// one factor.
func (s *isa) expFlush(x vec) vec {
	d := s.vec()
	var keep reg.OpmaskVirtual
	var tiny vec
	if s.avx512 {
		keep = K()
		VCMPPS(Imm(cmpNLTU), s.k(kFlushMin), x, keep) // NaN lanes are kept
		VMOVAPS_Z(x, keep, d)
	} else {
		tiny = s.vec()
		VCMPPS(Imm(cmpLT), s.k(kFlushMin), x, tiny)
		VANDNPS(x, tiny, d)
	}
	n, r, p := s.expReduce(d)
	VFMADD213PS(s.k(kOne), r, p)
	VFMADD213PS(s.k(kOne), r, p)
	if s.avx512 {
		VSCALEFPS(n, p, p)
		VMOVAPS_Z(p, keep, p)
		return p
	}
	sc := s.vec()
	VCVTPS2DQ(n, sc)
	VPSLLD(Imm(23), sc, sc)
	VPADDD(s.k(kOne), sc, sc)
	VMULPS(sc, p, p)
	VANDNPS(p, tiny, p)
	return p
}

// expNeg returns e^x for x <= 0 or NaN (no upper clamp needed).
func (s *isa) expNeg(x vec) vec {
	d := s.op3(VMAXPS, x, s.kr(kExpMin)) // x first: NaN passes through
	return s.expFinish(s.expReduce(d))
}

func (s *isa) approxKernels() {
	s.unary("ewExp", "It sets dst[i] = e^a[i] as approxExp32 does.", 2,
		append([]uint32{kExpMin, kExpMax}, expConsts...), func(x vec) vec {
			d := s.op3(VMAXPS, x, s.kr(kExpMin))
			VMINPS(d, s.kr(kExpMax), d)
			return s.expFinish(s.expReduce(d))
		})
	s.unary("ewSigmoid", "It sets dst[i] = 1/(1+e^-a[i]) as approxSigmoid32 does.", 2,
		append([]uint32{kExpMin, kSign}, expConsts...), s.sigmoid)
	s.unary("ewTanh", "It sets dst[i] = tanh(a[i]) as approxTanh32 does.", 2,
		append([]uint32{kAbs, kSign, kTanhMax, kTwo}, expConsts...), s.tanh)
	logConsts := append([]uint32{kOne, kTwo, kHalf, kSqrt2, kLn2Hi, kLn2Lo, kLogFixup}, kLogC...)
	s.unary("ewLog", "It sets dst[i] = log(a[i]) as approxLog32 does.", 2, logConsts, s.log)
}

func (s *isa) sigmoid(x vec) vec {
	na := s.op3(VORPS, s.k(kSign), x) // -|x|
	e := s.expNeg(na)
	den := s.op3(VADDPS, s.k(kOne), e)
	num := s.fresh(kOne)
	if s.avx512 {
		neg := K()
		VPMOVD2M(x, neg)
		VMOVAPS(e, neg, num)
	} else {
		VBLENDVPS(x, e, num, num) // sign bit of x selects e
	}
	VDIVPS(den, num, num)
	return num
}

func (s *isa) tanh(x vec) vec {
	y := s.op3(VANDPS, s.k(kAbs), x)
	VADDPS(y, y, y)
	VMINPS(y, s.kr(kTanhMax), y) // y first: NaN passes through
	n, r, t := s.expReduce(y)
	VMULPS(r, t, t)
	VFMADD213PS(r, r, t) // q = expm1(r) = r*(r*p) + r
	var sc vec
	if s.avx512 {
		sc = s.fresh(kOne)
		VSCALEFPS(n, sc, sc)
	} else {
		sc = s.vec()
		VCVTPS2DQ(n, sc)
		VPSLLD(Imm(23), sc, sc)
		VPADDD(s.k(kOne), sc, sc)
	}
	m := s.op3(VSUBPS, s.k(kOne), sc) // 2^n - 1
	VFMADD231PS(t, sc, m)             // m = 2^n*q + (2^n - 1)
	den := s.op3(VADDPS, s.k(kTwo), m)
	VDIVPS(den, m, m)
	sign := s.op3(VANDPS, s.k(kSign), x)
	VORPS(sign, m, m)
	return m
}

// logPoly returns log(1+f) + e*ln2 for f in [sqrt(1/2)-1, sqrt(2)-1].
func (s *isa) logPoly(f, e vec) vec {
	den := s.op3(VADDPS, s.k(kTwo), f)
	sv := s.op3(VDIVPS, den, f)
	z := s.op3(VMULPS, sv, sv)
	r := s.fresh(kLogC[0])
	for _, c := range kLogC[1:] {
		VFMADD213PS(s.k(c), z, r)
	}
	VMULPS(z, r, r)
	w := s.op3(VSUBPS, r, f) // f - R
	VMULPS(sv, w, w)
	u := s.op3(VSUBPS, w, f) // f - s*(f-R)
	VFMADD231PS(s.k(kLn2Lo), e, u)
	VFMADD231PS(s.k(kLn2Hi), e, u)
	return u
}

func (s *isa) log(x vec) vec {
	if s.avx512 {
		e := s.vec()
		VGETEXPPS(x, e)
		m := s.vec()
		VGETMANTPS(Imm(8), x, m) // [1,2), NaN for negative inputs
		big := K()
		VCMPPS(Imm(cmpGT), s.k(kSqrt2), m, big)
		VMULPS(s.k(kHalf), m, big, m)
		VADDPS(s.k(kOne), e, big, e)
		f := s.op3(VSUBPS, s.k(kOne), m)
		u := s.logPoly(f, e)
		VFIXUPIMMPS(Imm(0), s.k(kLogFixup), x, u)
		return u
	}
	// Scale subnormals into the normal range.
	small := s.vec()
	VCMPPS(Imm(cmpLT), s.k(kFltMin), x, small)
	xx := s.op3(VMULPS, s.k(kTwo23), x)
	VBLENDVPS(small, xx, x, xx)
	e := s.vec()
	VPSRLD(Imm(23), xx, e)
	VPSUBD(s.k(kBias127), e, e)
	VCVTDQ2PS(e, e)
	VANDPS(s.k(kF23), small, small)
	VSUBPS(small, e, e)
	m := s.op3(VANDPS, s.k(kMant), xx)
	VORPS(s.k(kOne), m, m)
	big := s.vec()
	VCMPPS(Imm(cmpGT), s.k(kSqrt2), m, big)
	mh := s.op3(VMULPS, s.k(kHalf), m)
	VBLENDVPS(big, mh, m, m)
	VANDPS(s.k(kOne), big, big)
	VADDPS(big, e, e)
	f := s.op3(VSUBPS, s.k(kOne), m)
	u := s.logPoly(f, e)
	// Special inputs: +Inf, zeros, negatives and NaN.
	c := s.vec()
	VCMPPS(Imm(cmpEQ), s.k(kInf), x, c)
	VBLENDVPS(c, x, u, u)
	z := s.zero()
	VCMPPS(Imm(cmpEQ), z, x, c)
	VBLENDVPS(c, s.kr(kNegInf), u, u)
	VCMPPS(Imm(cmpNGEU), z, x, c)
	VORPS(c, u, u)
	return u
}
