package initializers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// moments describes a distribution as Keras's formulas give it: mean,
// variance, fourth central moment, and the interval the draws must lie in
// (infinite for an untruncated normal).
type moments struct {
	mean, variance, m4 float64
	lo, hi             float64
}

func uniform(lo, hi float64) moments {
	w := hi - lo
	return moments{(lo + hi) / 2, w * w / 12, w * w * w * w / 80, lo, hi}
}

func normal(mean, std float64) moments {
	v := std * std
	return moments{mean, v, 3 * v * v, math.Inf(-1), math.Inf(1)}
}

// truncatedUnit returns the variance and fourth moment of a standard normal
// truncated to [−2, 2]: with Z = P(|X| < 2) = erf(√2) and φ the standard
// normal density, E[X²] = 1 − 4φ(2)/Z and E[X⁴] = 3E[X²] − 16φ(2)/Z
// (integration by parts).
func truncatedUnit() (v, m4 float64) {
	z := math.Erf(math.Sqrt2)
	phi := math.Exp(-2) / math.Sqrt(2*math.Pi)
	v = 1 - 4*phi/z
	return v, 3*v - 16*phi/z
}

// truncated is a normal of the given mean and pre-truncation stddev,
// redrawn beyond two stddevs.
func truncated(mean, std float64) moments {
	v, m4 := truncatedUnit()
	return moments{mean, std * std * v, std * std * std * std * m4, mean - 2*std, mean + 2*std}
}

// checkDraws asserts that the sample mean and variance of the draws lie
// within three standard errors of the distribution's (SE of the mean
// √(σ²/n), of the variance √((μ₄ − σ⁴)/n)), that every draw lies in the
// interval, and that a bounded interval is filled to within 0.1% of its
// width at both ends (missing that has probability below e⁻²⁰⁰ for
// 10⁶ draws).
func checkDraws(t *testing.T, name string, v *tensor.Tensor[float32], d moments) {
	t.Helper()
	data := v.Data()
	n := float64(len(data))
	var sum float64
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range data {
		f := float64(x)
		sum += f
		lo, hi = math.Min(lo, f), math.Max(hi, f)
	}
	mean := sum / n
	var ss float64
	for _, x := range data {
		e := float64(x) - mean
		ss += e * e
	}
	variance := ss / (n - 1)
	if se := math.Sqrt(d.variance / n); math.Abs(mean-d.mean) > 3*se {
		t.Errorf("%s: mean %.6g, want %.6g ± %.2g (3 SE)", name, mean, d.mean, 3*se)
	}
	if se := math.Sqrt((d.m4 - d.variance*d.variance) / n); math.Abs(variance-d.variance) > 3*se {
		t.Errorf("%s: variance %.6g, want %.6g ± %.2g (3 SE)", name, variance, d.variance, 3*se)
	}
	if math.IsInf(d.lo, 0) {
		return
	}
	slack := 1e-6 * math.Max(math.Abs(d.lo), math.Abs(d.hi)) // float32 rounding
	if lo < d.lo-slack || hi > d.hi+slack {
		t.Errorf("%s: draws in [%.8g, %.8g], outside [%.8g, %.8g]", name, lo, hi, d.lo, d.hi)
	}
	if reach := 1e-3 * (d.hi - d.lo); lo > d.lo+reach || hi < d.hi-reach {
		t.Errorf("%s: draws in [%.8g, %.8g] do not fill [%.8g, %.8g]", name, lo, hi, d.lo, d.hi)
	}
}

func TestTruncationConstant(t *testing.T) {
	v, _ := truncatedUnit()
	if math.Abs(math.Sqrt(v)-truncatedStd) > 1e-15 {
		t.Errorf("stddev of the unit normal truncated at ±2 is %.17g, Keras's constant %.17g", math.Sqrt(v), truncatedStd)
	}
}

// TestMillionDraws checks every random initializer on 10⁶ draws against
// the distribution Keras's formula names.
func TestMillionDraws(t *testing.T) {
	dense := []int{500, 2000}     // fan_in 500, fan_out 2000, fan_avg 1250
	conv := []int{5, 5, 40, 1000} // receptive field 25: fan_in 1000, fan_out 25000
	const fi, fo, fa = 500.0, 2000.0, 1250.0
	const cfi, cfo = 1000.0, 25000.0
	mustVS := func(scale float64, mode, dist string) *VarianceScaling {
		v, err := NewVarianceScaling(scale, mode, dist)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	c := 0.87962566103423978
	cases := []struct {
		name  string
		init  Initializer
		shape []int
		want  moments
	}{
		{"RandomNormal()", NewRandomNormal(), dense, normal(0, 0.05)},
		{"RandomNormal(0.3, 2)", &RandomNormal{Mean: 0.3, Stddev: 2}, dense, normal(0.3, 2)},
		{"RandomUniform()", NewRandomUniform(), dense, uniform(-0.05, 0.05)},
		{"RandomUniform(1, 3)", &RandomUniform{Minval: 1, Maxval: 3}, dense, uniform(1, 3)},
		{"TruncatedNormal()", NewTruncatedNormal(), dense, truncated(0, 0.05)},
		{"TruncatedNormal(1, 0.5)", &TruncatedNormal{Mean: 1, Stddev: 0.5}, dense, truncated(1, 0.5)},
		{"GlorotUniform", GlorotUniform(), dense, uniform(-math.Sqrt(6/(fi+fo)), math.Sqrt(6/(fi+fo)))},
		{"GlorotNormal", GlorotNormal(), dense, truncated(0, math.Sqrt(2/(fi+fo))/c)},
		{"HeUniform", HeUniform(), dense, uniform(-math.Sqrt(6/fi), math.Sqrt(6/fi))},
		{"HeNormal", HeNormal(), dense, truncated(0, math.Sqrt(2/fi)/c)},
		{"LecunUniform", LecunUniform(), dense, uniform(-math.Sqrt(3/fi), math.Sqrt(3/fi))},
		{"LecunNormal", LecunNormal(), dense, truncated(0, math.Sqrt(1/fi)/c)},
		{"GlorotUniform conv", GlorotUniform(), conv, uniform(-math.Sqrt(6/(cfi+cfo)), math.Sqrt(6/(cfi+cfo)))},
		{"HeNormal conv", HeNormal(), conv, truncated(0, math.Sqrt(2/cfi)/c)},
		{"VarianceScaling(0.5, fan_out, untruncated_normal)", mustVS(0.5, "fan_out", "untruncated_normal"), dense, normal(0, math.Sqrt(0.5/fo))},
		{"VarianceScaling(3, fan_avg, uniform)", mustVS(3, "fan_avg", "uniform"), dense, uniform(-math.Sqrt(9/fa), math.Sqrt(9/fa))},
		{"VarianceScaling(1.5, fan_in, truncated_normal)", mustVS(1.5, "fan_in", "truncated_normal"), conv, truncated(0, math.Sqrt(1.5/cfi)/c)},
		{"VarianceScaling(2, fan_out, normal)", mustVS(2, "fan_out", "Normal"), conv, truncated(0, math.Sqrt(2/cfo)/c)},
		{"variance_scaling defaults", mustGet(t, "variance_scaling"), dense, truncated(0, math.Sqrt(1/fi)/c)},
	}
	for i, tc := range cases {
		v, err := tc.init.Init(tc.shape, tensor.NewRNG(uint64(100+i)))
		if err != nil {
			t.Fatal(err)
		}
		if v.Size() != 1_000_000 {
			t.Fatalf("%s: %d draws", tc.name, v.Size())
		}
		checkDraws(t, tc.name, v, tc.want)
	}
}

func mustGet(t *testing.T, name string) Initializer {
	t.Helper()
	i, err := Get(name)
	if err != nil {
		t.Fatal(err)
	}
	return i
}

// TestSeededReproducible: a seeded initializer gives the same values at
// every call whatever the caller's generator, another seed other values,
// and an unseeded one follows the caller's generator.
func TestSeededReproducible(t *testing.T) {
	shape := []int{16, 8}
	for _, mk := range []func(seed ...uint64) Initializer{
		func(s ...uint64) Initializer { return NewRandomNormal(s...) },
		func(s ...uint64) Initializer { return NewRandomUniform(s...) },
		func(s ...uint64) Initializer { return NewTruncatedNormal(s...) },
		func(s ...uint64) Initializer { return GlorotUniform(s...) },
		func(s ...uint64) Initializer { return GlorotNormal(s...) },
		func(s ...uint64) Initializer { return HeUniform(s...) },
		func(s ...uint64) Initializer { return HeNormal(s...) },
		func(s ...uint64) Initializer { return LecunUniform(s...) },
		func(s ...uint64) Initializer { return LecunNormal(s...) },
		func(s ...uint64) Initializer { return NewOrthogonal(s...) },
	} {
		init := mk(7)
		a, _ := init.Init(shape, tensor.NewRNG(1))
		b, _ := init.Init(shape, tensor.NewRNG(2))
		c, _ := mk(7).Init(shape, nil)
		d, _ := mk(8).Init(shape, nil)
		name := init.ClassName()
		if !tensor.Equal(a, b) || !tensor.Equal(a, c) {
			t.Errorf("%s: a seeded initializer is not reproducible", name)
		}
		if tensor.Equal(a, d) {
			t.Errorf("%s: seeds 7 and 8 give the same values", name)
		}
		u1, _ := mk().Init(shape, tensor.NewRNG(3))
		u2, _ := mk().Init(shape, tensor.NewRNG(3))
		u3, _ := mk().Init(shape, tensor.NewRNG(4))
		if !tensor.Equal(u1, u2) || tensor.Equal(u1, u3) {
			t.Errorf("%s: an unseeded initializer does not follow the caller's generator", name)
		}
		if _, err := mk().Init(shape, nil); err == nil {
			t.Errorf("%s: unseeded without a generator: no error", name)
		}
	}
}
