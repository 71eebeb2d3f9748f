package kernels

import (
	"flag"
	"math"
	"testing"
)

var ewExhaustive = flag.Bool("ew.exhaustive", false, "check the float32 approximations on every float32 input (slow)")

// ewApproxCase is one float32 approximation with its float64 reference and
// the error bound its documentation states.
type ewApproxCase struct {
	name    string
	f32     func(float32) float32
	ref     func(float64) float64
	maxULP  float64
	kernel  func(dst, a []float32)
	special []float32
}

func ewSigmoid64(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

var ewApproxCases = []ewApproxCase{
	{name: "exp", f32: approxExp32, ref: math.Exp, maxULP: 1, kernel: Exp[float32],
		special: []float32{88.72283, 88.72284, 88.7229, -87.33654, -87.3366, -103.27893, -103.9720, -103.9721}},
	{name: "log", f32: approxLog32, ref: math.Log, maxULP: 1, kernel: Log[float32],
		special: []float32{1, 1 - 0x1p-24, 1 + 0x1p-23, 0x1p-149, 0x1p-126, 0x1.fffffcp-127, approxSqrt2, 0.70710677, -0x1p-149}},
	{name: "sigmoid", f32: approxSigmoid32, ref: ewSigmoid64, maxULP: 2.5, kernel: Sigmoid[float32],
		special: []float32{-87.3, -88.8, -103.2, -103.3, -104, -200, 16.6, 17.4, 0x1p-149}},
	{name: "tanh", f32: approxTanh32, ref: math.Tanh, maxULP: 2.5, kernel: Tanh[float32],
		special: []float32{9.01, 9.02, -9.02, 0.3466, 0.35, 0x1p-149, -0x1p-149, 0x1p-126, 1e-4}},
}

// ewULPErr returns the error of got against want in units of the last place
// of the float32 nearest to want (subnormal spacing below 2^-126). NaN must
// match NaN and an infinite rounded reference must match exactly; a mismatch
// there is reported as +Inf.
func ewULPErr(got float32, want float64) float64 {
	g := float64(got)
	if math.IsNaN(want) || math.IsNaN(g) {
		if math.IsNaN(want) && math.IsNaN(g) {
			return 0
		}
		return math.Inf(1)
	}
	w32 := float32(want)
	if math.IsInf(float64(w32), 0) || math.IsInf(g, 0) {
		if float64(w32) == g {
			return 0
		}
		if math.IsInf(g, 0) {
			return math.Inf(1)
		}
	}
	a := math.Abs(want)
	ulp := 0x1p-149
	if a >= 0x1p-126 {
		_, e := math.Frexp(a) // a = frac * 2^e, frac in [0.5, 1)
		ulp = math.Ldexp(1, e-24)
	}
	if g == want {
		return 0
	}
	return math.Abs(g-want) / ulp
}

// ewSweep calls check on float32 inputs spread over the whole line: every
// bit pattern with the given stride, plus the special values, infinities,
// NaN and signed zeros.
func ewSweep(stride uint64, special []float32, check func(x float32)) {
	for b := uint64(0); b <= math.MaxUint32; b += stride {
		check(math.Float32frombits(uint32(b)))
	}
	for _, x := range special {
		check(x)
		check(math.Nextafter32(x, 0))
		check(math.Nextafter32(x, float32(math.Inf(1))))
	}
	inf := float32(math.Inf(1))
	for _, x := range []float32{0, float32(math.Copysign(0, -1)), inf, -inf, float32(math.NaN()),
		math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32, 0x1p-126, 1, -1} {
		check(x)
	}
}

func ewSweepStride(t *testing.T) uint64 {
	if *ewExhaustive {
		return 1
	}
	if testing.Short() {
		return 9973
	}
	return 1021
}

// TestApproxScalar checks the pure-Go float32 approximations against
// float64 math over the whole float32 line.
func TestApproxScalar(t *testing.T) {
	for _, c := range ewApproxCases {
		t.Run(c.name, func(t *testing.T) {
			worst, worstX := 0.0, float32(0)
			ewSweep(ewSweepStride(t), c.special, func(x float32) {
				if e := ewULPErr(c.f32(x), c.ref(float64(x))); e > worst {
					worst, worstX = e, x
				}
			})
			t.Logf("%s: max error %.3f ulp at x=%g (%#08x)", c.name, worst, worstX, math.Float32bits(worstX))
			if worst > c.maxULP {
				t.Errorf("%s: max error %.3f ulp at x=%g (bits %#08x) exceeds the documented %g ulp: got %g, want %g",
					c.name, worst, worstX, math.Float32bits(worstX), c.maxULP, c.f32(worstX), c.ref(float64(worstX)))
			}
		})
	}
}

// ewForImpls runs f once per available implementation, restoring the
// active one afterwards.
func ewForImpls(t testing.TB, f func(impl Impl)) {
	t.Helper()
	orig := Active()
	defer Use(orig)
	for _, impl := range Available() {
		if _, err := Use(impl); err != nil {
			t.Fatal(err)
		}
		f(impl)
	}
}

// TestApproxKernels checks the Exp, Log, Sigmoid and Tanh kernels of every
// implementation against float64 math over the whole float32 line, in
// place and out of place, with the documented error bounds.
func TestApproxKernels(t *testing.T) {
	const chunk = 1 << 14
	for _, c := range ewApproxCases {
		t.Run(c.name, func(t *testing.T) {
			impls := Available()
			worst := make([]float64, len(impls))
			worstX := make([]float32, len(impls))
			xs := make([]float32, 0, chunk)
			want := make([]float64, chunk)
			got := make([]float32, chunk)
			flush := func() {
				for i, x := range xs {
					want[i] = c.ref(float64(x))
				}
				ewForImpls(t, func(impl Impl) {
					k := slicesIndex(impls, impl)
					g := got[:len(xs)]
					if k%2 == 0 {
						c.kernel(g, xs)
					} else {
						copy(g, xs)
						c.kernel(g, g)
					}
					for i, v := range g {
						if e := ewULPErr(v, want[i]); e > worst[k] {
							worst[k], worstX[k] = e, xs[i]
						}
					}
				})
				xs = xs[:0]
			}
			ewSweep(ewSweepStride(t), c.special, func(x float32) {
				xs = append(xs, x)
				if len(xs) == chunk {
					flush()
				}
			})
			flush()
			for k, impl := range impls {
				t.Logf("%s/%v: max error %.3f ulp at x=%g (%#08x)", c.name, impl, worst[k], worstX[k], math.Float32bits(worstX[k]))
				if worst[k] > c.maxULP {
					t.Errorf("%s/%v: max error %.3f ulp at x=%g exceeds the documented %g ulp",
						c.name, impl, worst[k], worstX[k], c.maxULP)
				}
			}
		})
	}
}

func slicesIndex(s []Impl, v Impl) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestApproxExactValues checks the exact results the documentation
// promises: tanh(x) = x for subnormal x, tanh = ±1 from 9.02 on, the signs
// of zero, and the values at the ends of the exp range.
func TestApproxExactValues(t *testing.T) {
	negZero := float32(math.Copysign(0, -1))
	inf := float32(math.Inf(1))
	var xs, want []float32
	add := func(x, w float32) { xs, want = append(xs, x), append(want, w) }
	for _, x := range []float32{0x1p-149, 0x1.8p-140, 0x1.fffffcp-127, -0x1p-149, -0x1.234p-130} {
		add(x, x)
	}
	for _, x := range []float32{9.02, 10, 100, inf} {
		add(x, 1)
		add(-x, -1)
	}
	add(0, 0)
	add(negZero, negZero)
	ewForImpls(t, func(impl Impl) {
		got := make([]float32, len(xs))
		Tanh(got, xs)
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Errorf("%v: Tanh(%g) = %g, want %g", impl, xs[i], got[i], want[i])
			}
		}
		in := []float32{-inf, inf, 89, -104, 0, negZero}
		exp := []float32{0, inf, inf, 0, 1, 1}
		out := make([]float32, len(in))
		Exp(out, in)
		for i := range out {
			if out[i] != exp[i] {
				t.Errorf("%v: Exp(%g) = %g, want %g", impl, in[i], out[i], exp[i])
			}
		}
		Sigmoid(out, in)
		for i, w := range []float32{0, 1, 1, 0, 0.5, 0.5} {
			if out[i] != w {
				t.Errorf("%v: Sigmoid(%g) = %g, want %g", impl, in[i], out[i], w)
			}
		}
		Log(out, []float32{0, negZero, inf, 1, -1, 0x1p-149})
		for i, w := range []float64{math.Inf(-1), math.Inf(-1), math.Inf(1), 0, math.NaN(), -149 * math.Ln2} {
			if !ewClose(out[i], w, 1, 0) {
				t.Errorf("%v: Log case %d = %g, want %g", impl, i, out[i], w)
			}
		}
	})
}
