package tensor

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// moments returns the mean and variance of xs.
func moments[T Float](xs []T) (mean, variance float64) {
	for _, x := range xs {
		mean += float64(x)
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		d := float64(x) - mean
		variance += d * d
	}
	return mean, variance / float64(len(xs))
}

func statN() int {
	if testing.Short() {
		return 100_000
	}
	return 1_000_000
}

func TestFillUniform(t *testing.T) {
	n := statN()
	r := NewRNG(1)
	xs := make([]float32, n)
	FillUniform(r, xs, -3, 5)
	for _, x := range xs {
		if x < -3 || x >= 5 {
			t.Fatalf("FillUniform(-3, 5) gave %v", x)
		}
	}
	mean, variance := moments(xs)
	se := 8 / math.Sqrt(12*float64(n))
	if math.Abs(mean-1) > 5*se || math.Abs(variance-64.0/12) > 0.05 {
		t.Errorf("FillUniform(-3, 5): mean %v variance %v, want 1 and 5.333", mean, variance)
	}
	// In a one-ulp interval most draws round up to hi; they must be redrawn.
	hi := math.Nextafter32(1, 2)
	ys := make([]float32, 1000)
	FillUniform(r, ys, 1, hi)
	for _, y := range ys {
		if y != 1 {
			t.Fatalf("FillUniform(1, nextafter(1)) gave %v", y)
		}
	}
	zs := []float64{9, 9}
	FillUniform(r, zs, 2, 2)
	if zs[0] != 2 || zs[1] != 2 {
		t.Errorf("FillUniform(2, 2) = %v", zs)
	}
}

func TestFillNormal(t *testing.T) {
	n := statN()
	xs := make([]float64, n)
	FillNormal(NewRNG(2), xs, 3, 0.5)
	mean, variance := moments(xs)
	se := 0.5 / math.Sqrt(float64(n))
	if math.Abs(mean-3) > 5*se {
		t.Errorf("FillNormal mean %v, want 3 ± %v", mean, 5*se)
	}
	if math.Abs(variance-0.25) > 5*0.25*math.Sqrt(2.0/float64(n)) {
		t.Errorf("FillNormal variance %v, want 0.25", variance)
	}
	// Same seed, same numbers, whatever the element type's precision.
	ys := make([]float32, 10)
	FillNormal(NewRNG(2), ys, 3, 0.5)
	for i, y := range ys {
		if y != float32(xs[i]) {
			t.Fatalf("float32 draw %d = %v, float64 draw = %v", i, y, xs[i])
		}
	}
}

func TestFillTruncatedNormal(t *testing.T) {
	n := statN()
	xs := make([]float32, n)
	const mean, stddev = -1, 2
	FillTruncatedNormal(NewRNG(3), xs, mean, stddev)
	for _, x := range xs {
		if x < mean-2*stddev || x > mean+2*stddev {
			t.Fatalf("truncated normal value %v outside [%v, %v]", x, mean-2*stddev, mean+2*stddev)
		}
	}
	m, v := moments(xs)
	// Variance of a standard normal truncated to [-2, 2]:
	// 1 - 4φ(2)/(Φ(2)-Φ(-2)) ≈ 0.7737.
	phi2 := math.Exp(-2) / math.Sqrt(2*math.Pi)
	want := (1 - 4*phi2/math.Erf(2/math.Sqrt2)) * stddev * stddev
	if math.Abs(want/(stddev*stddev)-0.774) > 0.001 {
		t.Fatalf("reference variance factor %v", want/(stddev*stddev))
	}
	se := math.Sqrt(want / float64(n))
	if math.Abs(m-mean) > 5*se {
		t.Errorf("truncated normal mean %v, want %v ± %v", m, mean, 5*se)
	}
	if math.Abs(v-want) > 0.01*want {
		t.Errorf("truncated normal variance %v, want %v", v, want)
	}
}

func TestRandConstructors(t *testing.T) {
	r := NewRNG(42)
	x := Must(RandNormal[float32](r, 0, 1, 2, 3))
	want := []float32{-0.7262191, -0.21119691, 0.2216227, 0.5227717, 0.4641773, 0.7409789}
	if !slices.Equal(x.Shape(), []int{2, 3}) || !slices.Equal(x.Data(), want) {
		t.Errorf("RandNormal(seed 42) = %v %v, want %v", x.Shape(), x.Data(), want)
	}
	u := Must(RandUniform(NewRNG(42), -1.0, 1.0, 4))
	if got := u.At(0); got != 2*0.08386297105988216-1 {
		t.Errorf("RandUniform first value %v", got)
	}
	tn := Must(RandTruncatedNormal(NewRNG(42), 0.0, 0.05, 50, 50))
	if tn.Size() != 2500 || tn.Rank() != 2 {
		t.Errorf("RandTruncatedNormal shape %v", tn.Shape())
	}
	for _, v := range tn.Data() {
		if math.Abs(v) > 0.1 {
			t.Fatalf("RandTruncatedNormal value %v beyond two stddev", v)
		}
	}
	if s := Must(RandUniform[float64](r, 0, 1)); s.Rank() != 0 || s.At() < 0 || s.At() >= 1 {
		t.Errorf("scalar RandUniform = %v", s)
	}
}

func TestRandErrors(t *testing.T) {
	r := NewRNG(0)
	nan := math.NaN()
	cases := []struct {
		fn  string
		err error
	}{
		{"RandUniform", second(RandUniform[float64](r, 1, 0, 3))},
		{"RandUniform", second(RandUniform(r, nan, 1, 3))},
		{"RandUniform", second(RandUniform(r, 0, math.Inf(1), 3))},
		{"RandUniform", second(RandUniform[float32](r, 0, 1, -3))},
		{"RandNormal", second(RandNormal[float64](r, 0, -1, 3))},
		{"RandNormal", second(RandNormal(r, nan, 1, 3))},
		{"RandNormal", second(RandNormal[float32](r, 0, 1, 2, -1))},
		{"RandTruncatedNormal", second(RandTruncatedNormal(r, 0, math.Inf(1), 3))},
		{"RandTruncatedNormal", second(RandTruncatedNormal[float64](r, 0, 1, -1))},
	}
	for i, c := range cases {
		if c.err == nil || !strings.HasPrefix(c.err.Error(), "tensor: "+c.fn+": ") {
			t.Errorf("case %d: %s error = %v", i, c.fn, c.err)
		}
	}
}

// FillMask keeps each element with probability 1−rate, decides two
// elements per 64-bit draw in the documented order, and keeps the spare
// normal deviate.
func TestFillMask(t *testing.T) {
	for _, rate := range []float64{0, 0.2, 0.5, 0.9} {
		r := NewRNG(77)
		r.Normal() // leaves a spare deviate
		ref := r.Clone()
		const n = 20001
		got := make([]float64, n)
		keep := 1 / (1 - rate)
		FillMask(r, got, rate, keep)
		thr := uint64(math.Ceil(rate * (1 << 32)))
		elem := func(u uint64) float64 {
			if u < thr {
				return 0
			}
			return keep
		}
		kept := 0
		for i := 0; i < n; i++ {
			var want float64
			if i%2 == 0 && i+1 < n {
				u := ref.Uint64()
				want = elem(u & (1<<32 - 1))
				if got[i+1] != elem(u>>32) {
					t.Fatalf("rate %v: element %d = %v, want %v", rate, i+1, got[i+1], elem(u>>32))
				}
			} else if i%2 == 0 {
				want = elem(ref.Uint64() >> 32)
			} else {
				want = got[i]
			}
			if got[i] != want {
				t.Fatalf("rate %v: element %d = %v, want %v", rate, i, got[i], want)
			}
			if got[i] != 0 {
				kept++
			}
		}
		if frac := float64(kept) / n; math.Abs(frac-(1-rate)) > 0.015 {
			t.Errorf("rate %v: kept %.4f of the elements", rate, frac)
		}
		if a, b := r.Normal(), ref.Normal(); a != b {
			t.Errorf("rate %v: spare deviate %v after the mask, want %v", rate, a, b)
		}
	}
}
