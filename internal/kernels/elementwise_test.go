package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// ewLengths are the slice lengths every element-wise kernel is tested on:
// empty, shorter than a vector, around the AVX2 (8) and AVX-512 (16) vector
// and unrolled-loop sizes, and long.
var ewLengths = []int{0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 33, 63, 65, 1000, 4099}

// ewGuard is the value written around test slices to catch stray writes.
const ewGuard = -1234.5

// ewLayout says how a test slice sits in its buffer.
type ewLayout struct {
	unaligned bool // start one element into the buffer
	inPlace   int  // 0: dst separate; 1: dst is the first input; 2: the second
}

func (l ewLayout) String() string {
	return fmt.Sprintf("unaligned=%v/inplace=%d", l.unaligned, l.inPlace)
}

var ewLayouts = []ewLayout{{false, 0}, {true, 0}, {false, 1}, {true, 1}, {true, 2}}

// ewGuarded is a slice of n elements inside a buffer with guard elements
// before and after it.
type ewGuarded[T float32 | float64] struct {
	buf []T
	off int
	n   int
}

func ewNewGuarded[T float32 | float64](n int, unaligned bool) *ewGuarded[T] {
	g := &ewGuarded[T]{buf: make([]T, n+33), off: 16, n: n}
	if unaligned {
		g.off++
	}
	for i := range g.buf {
		g.buf[i] = ewGuard
	}
	return g
}

// s returns the slice, with its capacity clipped so appends cannot reach
// the guards.
func (g *ewGuarded[T]) s() []T { return g.buf[g.off : g.off+g.n : g.off+g.n] }

func (g *ewGuarded[T]) check(t *testing.T, what string) {
	t.Helper()
	for i, v := range g.buf {
		if (i < g.off || i >= g.off+g.n) && v != ewGuard {
			t.Fatalf("%s: guard element %d of the buffer was overwritten with %v", what, i-g.off, v)
		}
	}
}

// ewFill fills s with uniform values in [lo, hi) and, if specials is set,
// puts NaN, ±Inf, signed zeros and subnormals at a few positions.
func ewFill[T float32 | float64](rng *rand.Rand, s []T, lo, hi float64, specials bool) {
	for i := range s {
		s[i] = T(lo + (hi-lo)*rng.Float64())
	}
	if !specials || len(s) == 0 {
		return
	}
	sp := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 0x1p-140, -0x1p-145, 1}
	for i, v := range sp {
		if i < len(s) {
			s[rng.IntN(len(s))] = T(v)
		}
	}
}

// ewULP32 returns the spacing of float32 values at magnitude |v|.
func ewULP32(v float64) float64 {
	a := math.Abs(v)
	if a < 0x1p-126 {
		return 0x1p-149
	}
	if a > math.MaxFloat32 {
		a = math.MaxFloat32
	}
	_, e := math.Frexp(a)
	return math.Ldexp(1, e-24)
}

// ewClose reports whether got matches want: bit for bit after rounding
// want to T when ulps is 0 (any NaN matching any NaN), else within ulps
// float32 ulps of scale (or of want when scale is 0), or, for float64
// results, within ulps*2^-29 relative to the same scale.
func ewClose[T float32 | float64](got T, want float64, ulps, scale float64) bool {
	g := float64(got)
	if math.IsNaN(want) || math.IsNaN(g) {
		return math.IsNaN(want) && math.IsNaN(g)
	}
	if ulps == 0 {
		w := T(want)
		return got == w && math.Signbit(g) == math.Signbit(float64(w))
	}
	if math.IsInf(want, 0) || math.IsInf(g, 0) {
		return g == float64(T(want))
	}
	if scale == 0 {
		scale = want
	}
	tol := ulps * ewULP32(scale)
	if _, ok := any(got).(float64); ok {
		tol = ulps * 0x1p-29 * math.Max(math.Abs(scale), 0x1p-1000)
	}
	return math.Abs(g-want) <= tol
}

// ewMap is an element-wise kernel under test, seen as dst = f(a, b) (b
// unused for unary kernels).
type ewMap struct {
	name   string
	binary bool
	f32    func(dst, a, b []float32)
	f64    func(dst, a, b []float64)
	ref    func(a, b float64) float64
	ulps   float64                    // 0: exact
	scale  func(a, b float64) float64 // magnitude the error is relative to; nil: the result
	lo, hi [2]float64                 // input ranges of a and b
	sp     bool                       // sprinkle special values
	same   bool                       // every implementation gives the same bits
}

func ewU(name string, f32 func(dst, a []float32), f64 func(dst, a []float64), ref func(float64) float64, ulps, lo, hi float64) ewMap {
	return ewMap{name: name,
		f32: func(d, a, _ []float32) { f32(d, a) }, f64: func(d, a, _ []float64) { f64(d, a) },
		ref: func(a, _ float64) float64 { return ref(a) }, ulps: ulps, lo: [2]float64{lo}, hi: [2]float64{hi},
		sp: true, same: ulps == 0}
}

func ewB(name string, f32 func(dst, a, b []float32), f64 func(dst, a, b []float64), ref func(a, b float64) float64, ulps float64) ewMap {
	return ewMap{name: name, binary: true, f32: f32, f64: f64, ref: ref, ulps: ulps,
		lo: [2]float64{-100, -100}, hi: [2]float64{100, 100}, sp: true, same: ulps == 0}
}

func ewMaps() []ewMap {
	relu := func(x float64) float64 {
		if x > 0 || x != x {
			return x
		}
		return 0
	}
	m := []ewMap{
		ewB("Add", Add[float32], Add[float64], func(a, b float64) float64 { return a + b }, 0),
		ewB("Sub", Sub[float32], Sub[float64], func(a, b float64) float64 { return a - b }, 0),
		ewB("Mul", Mul[float32], Mul[float64], func(a, b float64) float64 { return a * b }, 0),
		ewB("Div", Div[float32], Div[float64], func(a, b float64) float64 { return a / b }, 0),
		ewB("ReluGrad", ReluGrad[float32], ReluGrad[float64], func(x, dy float64) float64 {
			if x > 0 {
				return dy
			}
			return 0
		}, 0),
		{name: "SigmoidGrad", binary: true, f32: SigmoidGrad[float32], f64: SigmoidGrad[float64],
			ref: func(y, dy float64) float64 { return dy * y * (1 - y) }, ulps: 2,
			lo: [2]float64{0, -2}, hi: [2]float64{1, 2}, same: true},
		{name: "TanhGrad", binary: true, f32: TanhGrad[float32], f64: TanhGrad[float64],
			ref: func(y, dy float64) float64 { return dy * (1 - y*y) }, ulps: 2,
			lo: [2]float64{-1, -2}, hi: [2]float64{1, 2}, same: true},
		ewU("Neg", Neg[float32], Neg[float64], func(x float64) float64 { return -x }, 0, -10, 10),
		ewU("Abs", Abs[float32], Abs[float64], math.Abs, 0, -10, 10),
		ewU("Sqrt", Sqrt[float32], Sqrt[float64], math.Sqrt, 0, -1, 100),
		ewU("Square", Square[float32], Square[float64], func(x float64) float64 { return x * x }, 0, -1e20, 1e20),
		ewU("Relu", Relu[float32], Relu[float64], relu, 0, -10, 10),
		ewU("Exp", Exp[float32], Exp[float64], math.Exp, 1, -110, 95),
		ewU("Log", Log[float32], Log[float64], math.Log, 1, -1, 1e6),
		ewU("Sigmoid", Sigmoid[float32], Sigmoid[float64], ewSigmoid64, 2.5, -110, 110),
		ewU("Tanh", Tanh[float32], Tanh[float64], math.Tanh, 2.5, -12, 12),
	}
	for _, s := range []float64{0, -1.5, 3} {
		m = append(m,
			ewU(fmt.Sprintf("AddScalar(%g)", s), func(d, a []float32) { AddScalar(d, a, float32(s)) },
				func(d, a []float64) { AddScalar(d, a, s) }, func(x float64) float64 { return x + s }, 0, -10, 10),
			ewU(fmt.Sprintf("Scale(%g)", s), func(d, a []float32) { Scale(d, a, float32(s)) },
				func(d, a []float64) { Scale(d, a, s) }, func(x float64) float64 { return s * x }, 0, -10, 10))
	}
	return m
}

// TestElementwise runs every element-wise kernel on every implementation,
// length and layout against a float64 reference, and checks that kernels
// documented as exact give the same bits on every implementation.
func TestElementwise(t *testing.T) {
	for _, m := range ewMaps() {
		t.Run(m.name, func(t *testing.T) {
			for _, n := range ewLengths {
				for _, l := range ewLayouts {
					if l.inPlace == 2 && !m.binary {
						continue
					}
					ewRunMap(t, m, n, l)
				}
			}
		})
	}
}

func ewRunMap(t *testing.T, m ewMap, n int, l ewLayout) {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	a32, b32 := make([]float32, n), make([]float32, n)
	ewFill(rng, a32, m.lo[0], m.hi[0], m.sp)
	ewFill(rng, b32, m.lo[1], m.hi[1], m.sp && m.binary)
	want := make([]float64, n)
	for i := range want {
		want[i] = m.ref(float64(a32[i]), float64(b32[i]))
	}
	var first []float32
	ewForImpls(t, func(impl Impl) {
		what := fmt.Sprintf("%s/%v/n=%d/%v", m.name, impl, n, l)
		got := ewRunLayout(t, what, m.f32, a32, b32, l)
		for i, g := range got {
			scale := 0.0
			if m.scale != nil {
				scale = m.scale(float64(a32[i]), float64(b32[i]))
			}
			if !ewClose(g, want[i], m.ulps, scale) {
				t.Fatalf("%s: element %d of f(%g, %g): got %g, want %g (tolerance %g ulp)",
					what, i, a32[i], b32[i], g, want[i], m.ulps)
			}
		}
		if first == nil {
			first = got
		} else if m.same {
			for i := range got {
				if math.Float32bits(got[i]) != math.Float32bits(first[i]) && !(got[i] != got[i] && first[i] != first[i]) {
					t.Fatalf("%s: element %d is %g (bits %#x), the Go loop gives %g (bits %#x)", what, i,
						got[i], math.Float32bits(got[i]), first[i], math.Float32bits(first[i]))
				}
			}
		}
	})
	a64, b64 := make([]float64, n), make([]float64, n)
	for i := range a64 {
		a64[i], b64[i] = float64(a32[i]), float64(b32[i])
	}
	got := ewRunLayout(t, m.name+"/float64", m.f64, a64, b64, l)
	for i, g := range got {
		if !ewClose(g, want[i], m.ulps, 0) {
			t.Fatalf("%s/float64/n=%d/%v: element %d: got %g, want %g", m.name, n, l, i, g, want[i])
		}
	}
}

// ewRunLayout applies f to copies of a and b placed as l says, checks the
// guards and returns the result.
func ewRunLayout[T float32 | float64](t *testing.T, what string, f func(dst, a, b []T), a, b []T, l ewLayout) []T {
	t.Helper()
	ga, gb, gd := ewNewGuarded[T](len(a), l.unaligned), ewNewGuarded[T](len(b), l.unaligned), ewNewGuarded[T](len(a), l.unaligned)
	copy(ga.s(), a)
	copy(gb.s(), b)
	out := gd
	switch l.inPlace {
	case 0:
		f(gd.s(), ga.s(), gb.s())
	case 1:
		f(ga.s(), ga.s(), gb.s())
		out = ga
	case 2:
		f(gb.s(), ga.s(), gb.s())
		out = gb
	}
	for _, g := range []*ewGuarded[T]{ga, gb, gd} {
		g.check(t, what)
	}
	if l.inPlace != 1 {
		for i, v := range ga.s() {
			if math.Float64bits(float64(v)) != math.Float64bits(float64(a[i])) {
				t.Fatalf("%s: input a[%d] changed", what, i)
			}
		}
	}
	return append([]T(nil), out.s()...)
}

// TestAxpy checks Axpy and Axpby on every implementation, length and
// alignment, including x aliasing y.
func TestAxpy(t *testing.T) {
	for _, n := range ewLengths {
		for _, l := range ewLayouts {
			rng := rand.New(rand.NewPCG(uint64(n), 11))
			x, y := make([]float32, n), make([]float32, n)
			ewFill(rng, x, -10, 10, false)
			ewFill(rng, y, -10, 10, false)
			for _, c := range []struct {
				name        string
				alpha, beta float32
				axpby       bool
			}{{"Axpy", 0.75, 1, false}, {"Axpby", -1.25, 0.9, true}, {"Axpby0", 2, 0, true}} {
				alias := l.inPlace != 0 // x is y
				want := make([]float64, n)
				for i := range want {
					xi := float64(x[i])
					if alias {
						xi = float64(y[i])
					}
					want[i] = float64(c.alpha)*xi + float64(c.beta)*float64(y[i])
				}
				ewForImpls(t, func(impl Impl) {
					gx, gy := ewNewGuarded[float32](n, l.unaligned), ewNewGuarded[float32](n, l.unaligned)
					copy(gx.s(), x)
					copy(gy.s(), y)
					xs := gx.s()
					if alias {
						xs = gy.s()
					}
					if c.axpby {
						Axpby(c.alpha, xs, c.beta, gy.s())
					} else {
						Axpy(c.alpha, xs, gy.s())
					}
					what := fmt.Sprintf("%s/%v/n=%d/%v", c.name, impl, n, l)
					gx.check(t, what)
					gy.check(t, what)
					for i, g := range gy.s() {
						xi := x[i]
						if alias {
							xi = y[i]
						}
						scale := math.Abs(float64(c.alpha*xi)) + math.Abs(float64(c.beta*y[i]))
						if !ewClose(g, want[i], 2, scale) {
							t.Fatalf("%s: element %d: got %g, want %g", what, i, g, want[i])
						}
					}
				})
				y64 := make([]float64, n)
				x64 := make([]float64, n)
				for i := range y64 {
					x64[i], y64[i] = float64(x[i]), float64(y[i])
				}
				if alias {
					x64 = y64
				}
				if c.axpby {
					Axpby(float64(c.alpha), x64, float64(c.beta), y64)
				} else {
					Axpy(float64(c.alpha), x64, y64)
				}
				for i := range y64 {
					if !ewClose(y64[i], want[i], 1, 0) {
						t.Fatalf("%s/float64/n=%d: element %d: got %g, want %g", c.name, n, i, y64[i], want[i])
					}
				}
			}
		}
	}
}
