package tensor

import "math"

// This file holds the floating-point functions the RNG needs, written so
// that they give bit-identical results on every platform: only correctly
// rounded IEEE operations are used, and every product is wrapped in an
// explicit float64 conversion, which the Go specification guarantees
// prevents the compiler from fusing it with an addition into an FMA.

// ln2Hi + ln2Lo is ln 2 to about 85 bits; ln2Hi has its low 20 bits zero,
// so k*ln2Hi is exact for every binary exponent k of a float64.
const (
	ln2Hi = 6.93147180369123816490e-01
	ln2Lo = 1.90821492927058770002e-10
)

// logPortable returns the natural logarithm of x, within two ulp of the
// true value and identical on every platform, subnormal inputs included.
// Special cases follow math.Log: NaN or a negative x gives NaN, 0 gives
// -Inf and +Inf gives +Inf.
//
// x is written as m·2^k with m in [√2/2, √2], and ln m is summed from the
// series 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …) with s = (m-1)/(m+1), which
// for |s| ≤ 0.1716 reaches full precision after the s²¹ term.
func logPortable(x float64) float64 {
	switch {
	case x != x || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case x > math.MaxFloat64:
		return x
	}
	k := 0
	if math.Float64bits(x)>>52 == 0 { // subnormal: scale into the normal range
		x = float64(x * (1 << 54))
		k = -54
	}
	b := math.Float64bits(x)
	k += int(b>>52) - 1023
	m := math.Float64frombits(b&(1<<52-1) | 1023<<52) // m in [1, 2)
	if m > math.Sqrt2 {
		m = float64(m * 0.5)
		k++
	}
	f := m - 1 // exact by Sterbenz's lemma
	s := f / (m + 1)
	z := float64(s * s)
	// p = 1/3 + z/5 + z²/7 + … + z⁹/21 by Horner's rule.
	p := 1.0 / 21
	for d := 19.0; d >= 3; d -= 2 {
		p = float64(p*z) + 1/d
	}
	r := float64(float64(s*z) * p)
	lnm := float64(2*s) + float64(2*r)
	kf := float64(k)
	return float64(kf*ln2Hi) + (lnm + float64(kf*ln2Lo))
}
