package kernels

import "math"

// Float32 approximations of exp, log, sigmoid and tanh.
//
// The assembly kernels evaluate these same algorithms eight or sixteen lanes
// at a time (with fused multiply-adds where these use a separate multiply and
// add, and with VSCALEFPS/VGETEXPPS/VGETMANTPS on AVX-512), so every
// implementation meets the same error bounds; results may differ in the last
// bit between implementations. The bounds are stated in units in the last
// place (ulp) of the correctly rounded float32 result and are checked by the
// tests against float64 math over a dense sweep of the float32 line. In the
// subnormal output range the error is at most one subnormal step
// (2^-149) in absolute terms.
//
// The polynomials are Taylor (exp) and atanh (log) series truncated where
// their remainder falls below 1/50 ulp on the reduced interval, so the error
// is dominated by float32 rounding.

const (
	// approxLog2e is 1/ln(2) rounded to float32.
	approxLog2e = 1.44269504088896341
	// approxLn2Hi + approxLn2Lo is ln(2) to about 2^-36. approxLn2Hi has
	// nine significant bits, so n*approxLn2Hi is exact for |n| < 2^15.
	approxLn2Hi = 0.693359375
	approxLn2Lo = -2.12194440054690583e-4
	// approxExpMax and approxExpMin clamp the argument of exp: e^89
	// overflows float32 and e^-104 rounds to zero, and within the clamp
	// the exponent n = round(x/ln 2) lies in [-150, 128].
	approxExpMax = 89
	approxExpMin = -104
	// approxRound is 1.5*2^23: adding and subtracting it rounds a float32
	// of magnitude below 2^22 to an integer, ties to even.
	approxRound = 12582912
	// approxTanhMax clamps 2|x| in tanh: above |x| = 9.01 tanh rounds to 1.
	approxTanhMax = 20
	// approxSqrt2 is the split point of the mantissa reduction of log.
	approxSqrt2 = 1.41421356
)

// Taylor coefficients 1/k! of exp, k = 2..7. The remainder r^8/8! on
// |r| <= ln(2)/2 is below 5.2e-9 relative.
const (
	approxExpC2 = 1.0 / 2
	approxExpC3 = 1.0 / 6
	approxExpC4 = 1.0 / 24
	approxExpC5 = 1.0 / 120
	approxExpC6 = 1.0 / 720
	approxExpC7 = 1.0 / 5040
)

// Coefficients 2/(2k+1), k = 1..4, of log(1+f) = f - s*(f - R(s^2)) with
// s = f/(2+f) and R(z) = z*(2/3 + z*(2/5 + z*(2/7 + z*2/9))). For
// |s| <= 0.1716 the remainder is below 2e-9 relative.
const (
	approxLogC3 = 2.0 / 3
	approxLogC5 = 2.0 / 5
	approxLogC7 = 2.0 / 7
	approxLogC9 = 2.0 / 9
)

// approxExpm1Red reduces x (clamped, not NaN) to x = n*ln2 + r with
// |r| <= ln(2)/2 (slightly more at the clamp ends) and returns n and
// expm1(r), the polynomial r*(1 + r*(1/2 + r*(1/6 + ...))).
func approxExpm1Red(x float32) (n, q float32) {
	n = x*approxLog2e + approxRound
	n -= approxRound
	r := x - n*approxLn2Hi
	r -= n * approxLn2Lo
	t := float32(approxExpC7)
	t = t*r + approxExpC6
	t = t*r + approxExpC5
	t = t*r + approxExpC4
	t = t*r + approxExpC3
	t = t*r + approxExpC2
	t = t*r + 1
	return n, t * r
}

// approxPow2 returns 2^n for integral n in [-150, 128] as two float32
// factors, each a normal power of two, so that p*a*b rounds once (with
// gradual underflow or overflow to infinity) for p near 1.
func approxPow2(n float32) (a, b float32) {
	ni := int32(n)
	n1 := ni >> 1
	n2 := ni - n1
	a = math.Float32frombits(uint32(n1+127) << 23)
	b = math.Float32frombits(uint32(n2+127) << 23)
	return a, b
}

// approxExp32 returns e^x within 1 ulp for x in [-87.3, 88.7] (normal
// results), overflows to +Inf above ln(MaxFloat32) ≈ 88.72, underflows
// gradually to zero below, and returns NaN for NaN, +Inf for +Inf and 0 for
// -Inf.
func approxExp32(x float32) float32 {
	if x != x {
		return x
	}
	x = min(max(x, approxExpMin), approxExpMax)
	n, q := approxExpm1Red(x)
	a, b := approxPow2(n)
	return (q + 1) * a * b
}

// approxLog32 returns the natural logarithm of x within 1 ulp for positive
// x, including subnormals; log(±0) = -Inf, log(+Inf) = +Inf, and
// log(x) = NaN for x < 0 or NaN.
func approxLog32(x float32) float32 {
	switch {
	case x != x || x < 0:
		return float32(math.NaN())
	case x == 0:
		return float32(math.Inf(-1))
	case x > math.MaxFloat32:
		return x
	}
	bias := int32(127)
	if x < 0x1p-126 {
		x *= 0x1p23
		bias += 23
	}
	bits := math.Float32bits(x)
	e := float32(int32(bits>>23) - bias)
	m := math.Float32frombits(bits&0x007fffff | 0x3f800000)
	if m > approxSqrt2 {
		m *= 0.5
		e++
	}
	f := m - 1
	s := f / (2 + f)
	z := s * s
	r := float32(approxLogC9)
	r = r*z + approxLogC7
	r = r*z + approxLogC5
	r = r*z + approxLogC3
	r *= z
	u := f - s*(f-r)
	return e*approxLn2Hi + (u + e*approxLn2Lo)
}

// approxSigmoid32 returns 1/(1+e^-x) within 2 ulp for all x, with gradual
// underflow for x below about -87.3 (so it is 0 only below -103.3),
// sigmoid(+Inf) = 1, sigmoid(-Inf) = 0 and NaN for NaN. It evaluates
// e = exp(-|x|) and returns 1/(1+e) for x >= 0 and e/(1+e) otherwise, so no
// branch loses precision to cancellation.
func approxSigmoid32(x float32) float32 {
	e := approxExp32(-abs32(x))
	num := float32(1)
	if x < 0 {
		num = e
	}
	return num / (1 + e)
}

// approxTanh32 returns tanh(x) within 2 ulp for all x; it is exactly ±1 for
// |x| >= 9.02 (including ±Inf), keeps the sign of zero, is exact for
// subnormal x and returns NaN for NaN. It evaluates m = expm1(2|x|) and
// returns m/(m+2) with the sign of x, which has no cancellation near zero.
func approxTanh32(x float32) float32 {
	y := 2 * abs32(x)
	if y > approxTanhMax {
		y = approxTanhMax
	}
	n, q := approxExpm1Red(y)
	s := math.Float32frombits(uint32(int32(n)+127) << 23)
	m := s*q + (s - 1)
	t := m / (m + 2)
	return math.Float32frombits(math.Float32bits(t) | math.Float32bits(x)&(1<<31))
}

// abs32 returns |x| by clearing the sign bit.
func abs32(x float32) float32 {
	return math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
}
