package tensor

import (
	"math"
	"testing"
)

func TestLn2Split(t *testing.T) {
	if math.Float64bits(ln2Hi)&(1<<20-1) != 0 {
		t.Errorf("ln2Hi = %#x has non-zero low bits", math.Float64bits(ln2Hi))
	}
	if d := (ln2Hi - math.Ln2) + ln2Lo; math.Abs(d) > 1e-16*math.Ln2 {
		t.Errorf("ln2Hi + ln2Lo differs from ln 2 by %g", d)
	}
}

// ulpDiff returns how many float64 values lie between a and b (same sign).
func ulpDiff(a, b float64) uint64 {
	x, y := math.Float64bits(a), math.Float64bits(b)
	if x > y {
		return x - y
	}
	return y - x
}

// refLog is math.Log, except that subnormal inputs are scaled into the
// normal range first: math.Log's amd64 assembly mishandles them (Go issue
// 56600).
func refLog(x float64) float64 {
	if x > 0 && x < 0x1p-1022 {
		return math.Log(x*0x1p54) - 54*math.Ln2
	}
	return math.Log(x)
}

func TestLogPortableAccuracy(t *testing.T) {
	r := NewRNG(1)
	check := func(x float64) {
		t.Helper()
		got, want := logPortable(x), refLog(x)
		if math.Signbit(got) != math.Signbit(want) && got != 0 {
			t.Fatalf("logPortable(%g) = %g, want %g", x, got, want)
		}
		if d := ulpDiff(got, want); d > 2 && math.Abs(got-want) > 1e-300 {
			t.Fatalf("logPortable(%g) = %.17g, math.Log = %.17g (%d ulp apart)", x, got, want, d)
		}
	}
	for range 200000 {
		check(r.Float64())                                  // the polar method's range
		check(math.Ldexp(1+r.Float64(), r.IntN(2000)-1000)) // wide exponents
		check(1 + (r.Float64()-0.5)*1e-6)                   // near one, where ln x ≈ x-1
	}
	for _, x := range []float64{1, 2, 0.5, math.E, math.Sqrt2, math.Sqrt2 / 2, math.MaxFloat64,
		math.SmallestNonzeroFloat64, 0x1p-1022, 3e-320, 1 - 0x1p-53, 1 + 0x1p-52} {
		check(x)
	}
	if logPortable(1) != 0 {
		t.Errorf("logPortable(1) = %g", logPortable(1))
	}
}

func TestLogPortableSpecial(t *testing.T) {
	if !math.IsInf(logPortable(0), -1) || !math.IsInf(logPortable(math.Inf(1)), 1) {
		t.Error("logPortable(0) or logPortable(+Inf) wrong")
	}
	for _, x := range []float64{-1, math.Inf(-1), math.NaN()} {
		if !math.IsNaN(logPortable(x)) {
			t.Errorf("logPortable(%g) = %g, want NaN", x, logPortable(x))
		}
	}
}
