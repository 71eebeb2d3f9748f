package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// gemmCase is one product to check: shapes, flags, scalars and padding.
type gemmCase struct {
	m, n, k        int
	transA, transB bool
	alpha, beta    float64
	padA, padB     int // extra elements per row beyond the row width
	padC           int
	nanC           bool // fill C with NaN (only meaningful with beta == 0)
}

func (tc gemmCase) String() string {
	return fmt.Sprintf("m=%d,n=%d,k=%d,tA=%v,tB=%v,alpha=%v,beta=%v,pad=%d/%d/%d,nanC=%v",
		tc.m, tc.n, tc.k, tc.transA, tc.transB, tc.alpha, tc.beta, tc.padA, tc.padB, tc.padC, tc.nanC)
}

// gemmGuard is the number of guard elements around each operand slice.
const gemmGuard = 19

// gemmOperand is a stored matrix inside a guarded buffer: the matrix slice
// handed to Gemm is buf[gemmGuard : gemmGuard+size]; everything else, the
// guard bands and the padding between rows, holds NaN.
type gemmOperand[T float32 | float64] struct {
	buf              []T
	rows, cols, ld   int
	data             []T
	before, between  []T // copies of guard contents, for checking
	padding, guarded int
}

func newGemmOperand[T float32 | float64](rng *rand.Rand, rows, cols, pad int, fill func() T) *gemmOperand[T] {
	ld := max(1, cols+pad)
	size := 0
	if rows > 0 && cols > 0 {
		size = (rows-1)*ld + cols
	}
	o := &gemmOperand[T]{rows: rows, cols: cols, ld: ld, buf: make([]T, size+2*gemmGuard)}
	nan := T(math.NaN())
	for i := range o.buf {
		o.buf[i] = nan
	}
	o.data = o.buf[gemmGuard : gemmGuard+size : gemmGuard+size]
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			o.data[i*ld+j] = fill()
		}
	}
	return o
}

func (o *gemmOperand[T]) at(i, j int) float64 { return float64(o.data[i*o.ld+j]) }

// checkGuards reports whether every element outside the matrix is still NaN.
func (o *gemmOperand[T]) checkGuards(t *testing.T, name string) {
	t.Helper()
	for idx, v := range o.buf {
		pos := idx - gemmGuard
		inside := pos >= 0 && pos < len(o.data) && pos%o.ld < o.cols
		if !inside && !math.IsNaN(float64(v)) {
			t.Fatalf("%s: guard element %d (matrix offset %d) overwritten with %v", name, idx, pos, v)
		}
	}
}

// gemmReference computes alpha·op(A)·op(B) + beta·C in float64, with the
// bound of the rounding error a correct float implementation may make.
func gemmReference[T float32 | float64](tc gemmCase, a, b, c *gemmOperand[T], eps float64) (want, bound []float64) {
	want = make([]float64, tc.m*tc.n)
	bound = make([]float64, tc.m*tc.n)
	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			s, abs := 0.0, 0.0
			for p := 0; p < tc.k; p++ {
				var av, bv float64
				if tc.transA {
					av = a.at(p, i)
				} else {
					av = a.at(i, p)
				}
				if tc.transB {
					bv = b.at(j, p)
				} else {
					bv = b.at(p, j)
				}
				s += av * bv
				abs += math.Abs(av * bv)
			}
			w := tc.alpha * s
			scale := math.Abs(tc.alpha) * abs
			if tc.beta != 0 {
				w += tc.beta * c.at(i, j)
				scale += math.Abs(tc.beta * c.at(i, j))
			}
			want[i*tc.n+j] = w
			// Each product and sum rounds at most once: a γ(k+2) bound.
			bound[i*tc.n+j] = float64(tc.k+3)*eps*scale + 1e-300
		}
	}
	return want, bound
}

// runGemmCase runs one case with element type T and checks the result, the
// guard bands and that A and B were not modified.
func runGemmCase[T float32 | float64](t *testing.T, tc gemmCase, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, uint64(tc.m*1000003+tc.n*1009+tc.k)))
	val := func() T { return T(rng.Float64()*2 - 1) }
	ar, ac := tc.m, tc.k
	if tc.transA {
		ar, ac = tc.k, tc.m
	}
	br, bc := tc.k, tc.n
	if tc.transB {
		br, bc = tc.n, tc.k
	}
	a := newGemmOperand(rng, ar, ac, tc.padA, val)
	b := newGemmOperand(rng, br, bc, tc.padB, val)
	cfill := val
	if tc.nanC {
		cfill = func() T { return T(math.NaN()) }
	}
	c := newGemmOperand(rng, tc.m, tc.n, tc.padC, cfill)
	aCopy := append([]T(nil), a.buf...)
	bCopy := append([]T(nil), b.buf...)
	eps := 0x1p-24
	var zero T
	if any(zero) == any(float64(0)) {
		eps = 0x1p-53
	}
	want, bound := gemmReference(tc, a, b, c, eps)

	Gemm(tc.transA, tc.transB, tc.m, tc.n, tc.k, T(tc.alpha), a.data, a.ld, b.data, b.ld, T(tc.beta), c.data, c.ld)

	for i := 0; i < tc.m; i++ {
		for j := 0; j < tc.n; j++ {
			got := c.at(i, j)
			if d := math.Abs(got - want[i*tc.n+j]); !(d <= bound[i*tc.n+j]) {
				t.Fatalf("%v: C[%d,%d] = %v, want %v (error %.3g > bound %.3g)",
					tc, i, j, got, want[i*tc.n+j], d, bound[i*tc.n+j])
			}
		}
	}
	c.checkGuards(t, fmt.Sprintf("%v: C", tc))
	for i := range aCopy {
		if math.Float64bits(float64(aCopy[i])) != math.Float64bits(float64(a.buf[i])) {
			t.Fatalf("%v: A modified at %d", tc, i)
		}
	}
	for i := range bCopy {
		if math.Float64bits(float64(bCopy[i])) != math.Float64bits(float64(b.buf[i])) {
			t.Fatalf("%v: B modified at %d", tc, i)
		}
	}
}

// gemmQuick reports whether to run only a light version of the sweeps:
// under -short, and under the race detector, which slows the float64
// references tenfold and has nothing to find in them.
func gemmQuick() bool { return testing.Short() || gemmRaceEnabled }

// forEachImpl runs f with each available implementation active.
func forEachImpl(t *testing.T, f func(t *testing.T)) {
	for _, impl := range Available() {
		t.Run("impl="+impl.String(), func(t *testing.T) {
			prev, err := Use(impl)
			if err != nil {
				t.Fatal(err)
			}
			defer Use(prev)
			f(t)
		})
	}
}

// gemmShapeCases are shapes around the tile sizes of every implementation
// (4×4, 6×16, 6×64) and the block depth (256).
var gemmShapeCases = [][3]int{
	{1, 1, 1}, {0, 5, 3}, {5, 0, 3}, {5, 3, 0}, {0, 0, 0}, {7, 13, 29}, {2, 3, 4},
	{6, 64, 8}, {5, 63, 7}, {7, 65, 9}, {12, 128, 3}, {13, 129, 17}, {11, 17, 255},
	{6, 16, 256}, {25, 33, 257}, {3, 200, 513}, {100, 1, 50}, {1, 100, 50},
	{37, 91, 300}, {64, 64, 64}, {97, 47, 130}, {4100, 5, 3}, {4099, 130, 2},
}

func TestGemmShapes(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		for _, s := range gemmShapeCases {
			for tr := 0; tr < 4; tr++ {
				tc := gemmCase{m: s[0], n: s[1], k: s[2], transA: tr&1 != 0, transB: tr&2 != 0,
					alpha: 1, beta: 0, padA: 3, padB: 5, padC: 2}
				runGemmCase[float32](t, tc, 1)
				if !gemmQuick() {
					runGemmCase[float64](t, tc, 2)
				}
			}
		}
	})
}

func TestGemmScalars(t *testing.T) {
	scalars := []struct {
		alpha, beta float64
		nanC        bool
	}{
		{1, 0, true}, {1, 1, false}, {-0.5, 0, true}, {-0.5, 1, false},
		{2, -0.5, false}, {0, 0.5, false}, {0, 0, true}, {1, -0.0, true}, {0.25, 3, false},
	}
	forEachImpl(t, func(t *testing.T) {
		shapes := [][3]int{{7, 13, 29}, {19, 70, 300}, {1, 1, 1}, {6, 64, 5}}
		if gemmQuick() {
			shapes = shapes[:1]
		}
		for _, s := range shapes {
			for _, sc := range scalars {
				for tr := 0; tr < 4; tr++ {
					tc := gemmCase{m: s[0], n: s[1], k: s[2], transA: tr&1 != 0, transB: tr&2 != 0,
						alpha: sc.alpha, beta: sc.beta, nanC: sc.nanC, padA: 1, padB: 0, padC: 7}
					runGemmCase[float32](t, tc, 3)
					runGemmCase[float64](t, tc, 4)
				}
			}
		}
	})
}

func TestGemmRandomShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	forEachImpl(t, func(t *testing.T) {
		iters := 40
		if gemmQuick() {
			iters = 8
		}
		for it := 0; it < iters; it++ {
			tc := gemmCase{
				m: rng.IntN(150), n: rng.IntN(150), k: rng.IntN(300),
				transA: rng.IntN(2) == 0, transB: rng.IntN(2) == 0,
				alpha: []float64{1, -0.5, 2}[rng.IntN(3)], beta: []float64{0, 1, -0.5}[rng.IntN(3)],
				padA: rng.IntN(9), padB: rng.IntN(9), padC: rng.IntN(9),
			}
			tc.nanC = tc.beta == 0
			runGemmCase[float32](t, tc, uint64(it))
			if it%4 == 0 {
				runGemmCase[float64](t, tc, uint64(it))
			}
		}
	})
}

// TestGemmLarge checks one 1024³ product on a sample of entries.
func TestGemmLarge(t *testing.T) {
	const n = 1024
	rng := rand.New(rand.NewPCG(7, 8))
	a := make([]float32, n*n)
	b := make([]float32, n*n)
	for i := range a {
		a[i] = float32(rng.NormFloat64())
		b[i] = float32(rng.NormFloat64())
	}
	forEachImpl(t, func(t *testing.T) {
		if Active() == ImplGo && gemmQuick() {
			t.Skip("slow without assembly")
		}
		c := make([]float32, n*n)
		for i := range c {
			c[i] = float32(math.NaN())
		}
		Gemm(false, true, n, n, n, 1, a, n, b, n, 0, c, n)
		for s := 0; s < 300; s++ {
			i, j := rng.IntN(n), rng.IntN(n)
			if s < 4 { // the corners hold the edge tiles
				i, j = (s&1)*(n-1), (s>>1)*(n-1)
			}
			want, abs := 0.0, 0.0
			for p := 0; p < n; p++ {
				x := float64(a[i*n+p]) * float64(b[j*n+p])
				want += x
				abs += math.Abs(x)
			}
			if d := math.Abs(float64(c[i*n+j]) - want); !(d <= float64(n+3)*0x1p-24*abs) {
				t.Fatalf("C[%d,%d] = %v, want %v", i, j, c[i*n+j], want)
			}
		}
	})
}

// TestGemmBlocking runs the driver with small blocks, so that products of
// modest size cross every block boundary (several jc, pc and is steps, and
// both halves of the double buffers), on several thread counts.
func TestGemmBlocking(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		cfg := *gemmF32Config()
		cfg.kc, cfg.nc, cfg.ms = 37, 3*cfg.nr, 4*cfg.mr
		cfg.mc, cfg.ncu = 2*cfg.mr, cfg.nr
		cfg.direct = false // these products are small enough to run unpacked
		cfg64 := gemmGoF64
		cfg64.kc, cfg64.nc, cfg64.ms, cfg64.mc, cfg64.ncu = 19, 12, 8, 4, 4
		cfg64.direct = false
		rng := rand.New(rand.NewPCG(9, 10))
		for _, threads := range []int{1, 2, 3} {
			prev := SetThreads(threads)
			shapes := [][3]int{{50, 230, 120}, {97, 70, 200}, {5, 300, 80}}
			if gemmQuick() {
				shapes = shapes[:1]
			}
			for _, s := range shapes {
				m, n, k := s[0], s[1], s[2]
				a := gemmRandSlice[float32](rng, m*k)
				b := gemmRandSlice[float32](rng, k*n)
				c := gemmRandSlice[float32](rng, m*n)
				want := gemmNaive(m, n, k, 1.5, a, b, 0.5, c)
				gemmRun(&cfg, false, false, m, n, k, 1.5, a, k, b, n, 0.5, c, n)
				gemmCompare(t, fmt.Sprintf("float32 threads=%d %v", threads, s), c, want, k)
				a64 := gemmRandSlice[float64](rng, m*k)
				b64 := gemmRandSlice[float64](rng, k*n)
				c64 := gemmRandSlice[float64](rng, m*n)
				want = gemmNaive(m, n, k, 1.5, a64, b64, 0.5, c64)
				gemmRun(&cfg64, false, false, m, n, k, 1.5, a64, k, b64, n, 0.5, c64, n)
				gemmCompare(t, fmt.Sprintf("float64 threads=%d %v", threads, s), c64, want, k)
			}
			SetThreads(prev)
		}
	})
}

// TestGemmConfigs checks the block sizes of every implementation against
// the driver's assumptions.
func TestGemmConfigs(t *testing.T) {
	check := func(name string, mr, nr, kc, mc, ncu, nc, ms int) {
		if mr < 1 || nr < 1 || kc < 1 || mc%mr != 0 || ms%mr != 0 || ncu%nr != 0 || nc%nr != 0 ||
			mc < mr || ms < mr || ncu < nr || nc < nr {
			t.Errorf("%s: inconsistent blocking mr=%d nr=%d kc=%d mc=%d ncu=%d nc=%d ms=%d", name, mr, nr, kc, mc, ncu, nc, ms)
		}
	}
	forEachImpl(t, func(t *testing.T) {
		c := gemmF32Config()
		check("float32", c.mr, c.nr, c.kc, c.mc, c.ncu, c.nc, c.ms)
	})
	c := gemmF64Config()
	check("float64", c.mr, c.nr, c.kc, c.mc, c.ncu, c.nc, c.ms)
}

func gemmRandSlice[T float32 | float64](rng *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(rng.Float64()*2 - 1)
	}
	return s
}

// gemmNaive is alpha·A·B + beta·C in float64 for untransposed, unpadded
// operands.
func gemmNaive[T float32 | float64](m, n, k int, alpha float64, a, b []T, beta float64, c []T) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for p := 0; p < k; p++ {
				s += float64(a[i*k+p]) * float64(b[p*n+j])
			}
			out[i*n+j] = alpha*s + beta*float64(c[i*n+j])
		}
	}
	return out
}

func gemmCompare[T float32 | float64](t *testing.T, name string, got []T, want []float64, k int) {
	t.Helper()
	tol := 1e-5 * float64(k)
	for i := range want {
		if d := math.Abs(float64(got[i]) - want[i]); !(d <= tol) {
			t.Fatalf("%s: element %d = %v, want %v", name, i, got[i], want[i])
		}
	}
}

// TestGemmThreadsBitIdentical checks that results do not depend on the
// number of threads, bit for bit.
func TestGemmThreadsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	forEachImpl(t, func(t *testing.T) {
		type shape struct {
			m, n, k        int
			transA, transB bool
		}
		shapes := []shape{
			{300, 200, 700, false, true}, {128, 1000, 64, true, false},
			{517, 131, 300, false, false}, {10, 3000, 300, false, false}, {3, 5000, 40, true, false},
			{64, 800, 700, false, false}, // B too large to run unpacked
		}
		if gemmQuick() {
			// Still several k blocks and several units per part.
			shapes = []shape{{130, 150, 300, false, true}, {10, 1500, 100, true, false}}
		}
		for _, s := range shapes {
			m, n, k := s.m, s.n, s.k
			a := gemmRandSlice[float32](rng, m*k)
			b := gemmRandSlice[float32](rng, n*k)
			c0 := gemmRandSlice[float32](rng, m*n)
			a64 := gemmRandSlice[float64](rng, m*k)
			b64 := gemmRandSlice[float64](rng, n*k)
			lda, ldb := k, n
			if s.transA {
				lda = m
			}
			if s.transB {
				ldb = k
			}
			var ref []float32
			var ref64 []float64
			for _, threads := range []int{1, 2, 3} {
				prev := SetThreads(threads)
				c := append([]float32(nil), c0...)
				Gemm(s.transA, s.transB, m, n, k, 0.75, a, lda, b, ldb, -1.25, c, n)
				c64 := make([]float64, m*n)
				Gemm(s.transA, s.transB, m, n, k, 1, a64, lda, b64, ldb, 0, c64, n)
				SetThreads(prev)
				if ref == nil {
					ref, ref64 = c, c64
					continue
				}
				for i := range c {
					if math.Float32bits(c[i]) != math.Float32bits(ref[i]) {
						t.Fatalf("%+v float32: threads=%d differs from threads=1 at %d: %v vs %v", s, threads, i, c[i], ref[i])
					}
				}
				for i := range c64 {
					if c64[i] != ref64[i] {
						t.Fatalf("%+v float64: threads=%d differs from threads=1 at %d", s, threads, i)
					}
				}
			}
		}
	})
}

// TestGemmConcurrent runs products from several goroutines at once; each
// must equal the same product computed alone.
func TestGemmConcurrent(t *testing.T) {
	const m, n, k = 150, 170, 260
	rng := rand.New(rand.NewPCG(13, 14))
	type prob struct {
		a, b, want []float32
	}
	probs := make([]prob, 6)
	for i := range probs {
		p := prob{a: gemmRandSlice[float32](rng, m*k), b: gemmRandSlice[float32](rng, k*n), want: make([]float32, m*n)}
		Gemm(false, false, m, n, k, 1, p.a, k, p.b, n, 0, p.want, n)
		probs[i] = p
	}
	prev := SetThreads(2)
	defer SetThreads(prev)
	var wg sync.WaitGroup
	errs := make(chan string, len(probs))
	for i := range probs {
		wg.Add(1)
		go func(p prob) {
			defer wg.Done()
			c := make([]float32, m*n)
			for rep := 0; rep < 5; rep++ {
				Gemm(false, false, m, n, k, 1, p.a, k, p.b, n, 0, c, n)
				for j := range c {
					if c[j] != p.want[j] {
						errs <- fmt.Sprintf("element %d: %v, want %v", j, c[j], p.want[j])
						return
					}
				}
			}
		}(probs[i])
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestGemmZeroAllocs(t *testing.T) {
	if gemmRaceEnabled {
		t.Skip("the race detector allocates")
	}
	const m, n, k = 200, 150, 300
	rng := rand.New(rand.NewPCG(15, 16))
	a, b, c := gemmRandSlice[float32](rng, m*k), gemmRandSlice[float32](rng, k*n), make([]float32, m*n)
	a64, b64, c64 := gemmRandSlice[float64](rng, m*k), gemmRandSlice[float64](rng, k*n), make([]float64, m*n)
	forEachImpl(t, func(t *testing.T) {
		for _, threads := range []int{1, 2} {
			prev := SetThreads(threads)
			f32 := testing.AllocsPerRun(20, func() { Gemm(false, true, m, n, k, 1, a, k, b, k, 0, c, n) })
			f64 := testing.AllocsPerRun(5, func() { Gemm(true, false, m, n, k, 1, a64, m, b64, n, 1, c64, n) })
			small := testing.AllocsPerRun(20, func() { Gemm(false, false, 3, 5, 7, 1, a, 7, b, 5, 0, c, 5) })
			SetThreads(prev)
			if f32 != 0 || f64 != 0 || small != 0 {
				t.Errorf("threads=%d: allocations per call: float32 %v, float64 %v, small %v; want 0", threads, f32, f64, small)
			}
		}
	})
}

func TestGemmPanics(t *testing.T) {
	s := make([]float32, 100)
	cases := []struct {
		name string
		f    func()
	}{
		{"negative m", func() { Gemm(false, false, -1, 2, 2, 1, s, 2, s, 2, 0, s, 2) }},
		{"negative k", func() { Gemm(false, false, 2, 2, -2, 1, s, 2, s, 2, 0, s, 2) }},
		{"lda", func() { Gemm(false, false, 2, 3, 4, 1, s, 3, s, 3, 0, s, 3) }},
		{"lda trans", func() { Gemm(true, false, 5, 3, 4, 1, s, 4, s, 3, 0, s, 3) }},
		{"ldb", func() { Gemm(false, false, 2, 3, 4, 1, s, 4, s, 2, 0, s, 3) }},
		{"ldb trans", func() { Gemm(false, true, 2, 3, 4, 1, s, 4, s, 3, 0, s, 3) }},
		{"ldc", func() { Gemm(false, false, 2, 3, 4, 1, s, 4, s, 3, 0, s, 2) }},
		{"ld zero", func() { Gemm(false, false, 0, 0, 0, 1, s, 0, s, 1, 0, s, 1) }},
		{"short a", func() { Gemm(false, false, 10, 3, 11, 1, s, 11, s, 3, 0, s, 3) }},
		{"short b", func() { Gemm(false, false, 3, 10, 11, 1, s, 11, s, 10, 0, s, 10) }},
		{"short c", func() { Gemm(false, false, 11, 10, 1, 1, s, 1, s, 10, 0, s, 10) }},
	}
	for _, tc := range cases {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tc.name)
				}
			}()
			tc.f()
		}()
	}
	// Exactly long enough: no panic.
	Gemm(false, false, 10, 10, 10, 1, s, 10, s, 10, 0, s, 10)
	Gemm(true, true, 3, 2, 4, 1, s[:(4-1)*5+3], 5, s[:(2-1)*4+4], 4, 0, s[:(3-1)*2+2], 2)
}
