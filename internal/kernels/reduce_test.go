package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// reduceShapes are the rows x cols matrices the row and column reductions
// and softmax are tested on.
var reduceShapes = [][2]int{
	{0, 0}, {0, 5}, {3, 0}, {1, 1}, {1, 7}, {5, 1}, {5, 7}, {3, 8}, {3, 16}, {4, 17},
	{4, 9}, {2, 24}, {7, 31}, {3, 32}, {2, 33}, {9, 63}, {3, 65}, {128, 10}, {32, 1000}, {2, 4099},
}

// reduceSumBound is the worst-case error of any order of float32 summation
// of a: (n-1) * 2^-24 * sum |a_i|, plus a subnormal step.
func reduceSumBound(a []float32) float64 {
	s := 0.0
	for _, v := range a {
		s += math.Abs(float64(v))
	}
	return float64(len(a))*0x1p-24*s + 0x1p-149
}

func reduceExactSum(a []float32) float64 {
	s := 0.0
	for _, v := range a {
		s += float64(v)
	}
	return s
}

// TestSum checks Sum on every implementation, length and alignment
// against the float64 sum, and that repeated calls give the same bits.
func TestSum(t *testing.T) {
	for _, n := range ewLengths {
		for _, unaligned := range []bool{false, true} {
			g := ewNewGuarded[float32](n, unaligned)
			ewFill(rand.New(rand.NewPCG(uint64(n), 3)), g.s(), -1, 1, false)
			a := g.s()
			want, bound := reduceExactSum(a), reduceSumBound(a)
			ewForImpls(t, func(impl Impl) {
				got := Sum(a)
				if math.Abs(float64(got)-want) > bound {
					t.Fatalf("Sum/%v/n=%d/unaligned=%v: got %g, want %g ± %g", impl, n, unaligned, got, want, bound)
				}
				if again := Sum(a); math.Float32bits(again) != math.Float32bits(got) {
					t.Fatalf("Sum/%v/n=%d: not deterministic: %g then %g", impl, n, got, again)
				}
			})
			a64 := make([]float64, n)
			for i, v := range a {
				a64[i] = float64(v)
			}
			if got := Sum(a64); math.Abs(got-want) > 1e-12 {
				t.Fatalf("Sum/float64/n=%d: got %g, want %g", n, got, want)
			}
		}
	}
}

// TestSumSpecial checks that Inf and NaN anywhere in a reach the sum.
func TestSumSpecial(t *testing.T) {
	for _, n := range []int{1, 7, 16, 17, 65, 1000} {
		for _, pos := range []int{0, n / 2, n - 1} {
			for _, v := range []float32{float32(math.Inf(1)), float32(math.NaN())} {
				a := make([]float32, n)
				ewFill(rand.New(rand.NewPCG(1, 2)), a, -1, 1, false)
				a[pos] = v
				ewForImpls(t, func(impl Impl) {
					got := Sum(a)
					if math.Float32bits(got) != math.Float32bits(v) && !(got != got && v != v) {
						t.Fatalf("Sum/%v/n=%d: %v at %d: got %g", impl, n, v, pos, got)
					}
				})
			}
		}
	}
}

// TestMaxMin checks Max and Min against a naive loop, including NaN at
// every kind of position (unrolled body, single vector, masked tail) and
// the empty identities.
func TestMaxMin(t *testing.T) {
	nan := float32(math.NaN())
	for _, n := range ewLengths {
		rng := rand.New(rand.NewPCG(uint64(n), 5))
		a := make([]float32, n)
		ewFill(rng, a, -100, 100, false)
		wantMax, wantMin := math.Inf(-1), math.Inf(1)
		for _, v := range a {
			wantMax, wantMin = math.Max(wantMax, float64(v)), math.Min(wantMin, float64(v))
		}
		for _, unaligned := range []bool{false, true} {
			g := ewNewGuarded[float32](n, unaligned)
			copy(g.s(), a)
			ewForImpls(t, func(impl Impl) {
				if got := Max(g.s()); float64(got) != wantMax {
					t.Fatalf("Max/%v/n=%d: got %g, want %g", impl, n, got, wantMax)
				}
				if got := Min(g.s()); float64(got) != wantMin {
					t.Fatalf("Min/%v/n=%d: got %g, want %g", impl, n, got, wantMin)
				}
			})
		}
		a64 := make([]float64, n)
		for i, v := range a {
			a64[i] = float64(v)
		}
		if Max(a64) != wantMax || Min(a64) != wantMin {
			t.Fatalf("Max/Min float64 n=%d: got %g, %g, want %g, %g", n, Max(a64), Min(a64), wantMax, wantMin)
		}
		for pos := 0; pos < n; pos += 1 + pos/4 {
			b := append([]float32(nil), a...)
			b[pos] = nan
			ewForImpls(t, func(impl Impl) {
				if got := Max(b); got == got {
					t.Fatalf("Max/%v/n=%d: NaN at %d: got %g", impl, n, pos, got)
				}
				if got := Min(b); got == got {
					t.Fatalf("Min/%v/n=%d: NaN at %d: got %g", impl, n, pos, got)
				}
			})
		}
	}
}

// TestRowReductions checks SumRows, MaxRows and ArgMaxRows on every
// implementation and shape.
func TestRowReductions(t *testing.T) {
	for _, sh := range reduceShapes {
		rows, cols := sh[0], sh[1]
		rng := rand.New(rand.NewPCG(uint64(rows), uint64(cols)))
		a := make([]float32, rows*cols)
		ewFill(rng, a, -10, 10, false)
		// Ties and NaN for ArgMaxRows.
		if rows > 2 && cols > 3 {
			a[cols+1], a[cols+3] = 50, 50
			a[2*cols+2], a[2*cols+3] = 60, float32(math.NaN())
		}
		ewForImpls(t, func(impl Impl) {
			what := fmt.Sprintf("%v/%dx%d", impl, rows, cols)
			sum, mx, arg := make([]float32, rows), make([]float32, rows), make([]int32, rows)
			SumRows(sum, a, rows, cols)
			MaxRows(mx, a, rows, cols)
			ArgMaxRows(arg, a, rows, cols)
			for r := 0; r < rows; r++ {
				row := a[r*cols : (r+1)*cols]
				if want, b := reduceExactSum(row), reduceSumBound(row); math.Abs(float64(sum[r])-want) > b && !(rows > 2 && cols > 3 && r == 2) {
					t.Fatalf("SumRows/%s: row %d: got %g, want %g", what, r, sum[r], want)
				}
				wantMax, wantArg := math.Inf(-1), int32(-1)
				for c, v := range row {
					if v != v {
						wantMax, wantArg = math.NaN(), int32(c)
						break
					}
					if float64(v) > wantMax || wantArg < 0 {
						wantMax, wantArg = float64(v), int32(c)
					}
				}
				if !ewClose(mx[r], wantMax, 0, 0) {
					t.Fatalf("MaxRows/%s: row %d: got %g, want %g", what, r, mx[r], wantMax)
				}
				if arg[r] != wantArg {
					t.Fatalf("ArgMaxRows/%s: row %d: got %d, want %d", what, r, arg[r], wantArg)
				}
			}
		})
	}
	if a := []float64{1, 3, 3, -1, 7, 7}; true {
		arg := make([]int32, 2)
		ArgMaxRows(arg, a, 2, 3)
		if arg[0] != 1 || arg[1] != 1 {
			t.Fatalf("ArgMaxRows float64: got %v, want [1 1]", arg)
		}
	}
}

// TestColReductions checks SumCols and MaxCols on every implementation and
// shape: SumCols bit for bit against the in-order Go loop, MaxCols exactly,
// with a NaN confined to its column.
func TestColReductions(t *testing.T) {
	for _, sh := range reduceShapes {
		rows, cols := sh[0], sh[1]
		for _, unaligned := range []bool{false, true} {
			rng := rand.New(rand.NewPCG(uint64(rows), uint64(cols)))
			g := ewNewGuarded[float32](rows*cols, unaligned)
			a := g.s()
			ewFill(rng, a, -10, 10, false)
			nanCol := -1
			if rows > 1 && cols > 2 {
				nanCol = cols - 2
				a[(rows-1)*cols+nanCol] = float32(math.NaN())
			}
			wantSum := make([]float32, cols)
			reduceSumColsGo(wantSum, a, rows, cols)
			ewForImpls(t, func(impl Impl) {
				what := fmt.Sprintf("%v/%dx%d/unaligned=%v", impl, rows, cols, unaligned)
				gs, gm := ewNewGuarded[float32](cols, unaligned), ewNewGuarded[float32](cols, unaligned)
				SumCols(gs.s(), a, rows, cols)
				MaxCols(gm.s(), a, rows, cols)
				gs.check(t, "SumCols/"+what)
				gm.check(t, "MaxCols/"+what)
				for c := 0; c < cols; c++ {
					if !ewClose(gs.s()[c], float64(wantSum[c]), 0, 0) {
						t.Fatalf("SumCols/%s: column %d: got %g, want %g", what, c, gs.s()[c], wantSum[c])
					}
					wantMax := math.Inf(-1)
					for r := 0; r < rows; r++ {
						wantMax = math.Max(wantMax, float64(a[r*cols+c]))
					}
					if !ewClose(gm.s()[c], wantMax, 0, 0) {
						t.Fatalf("MaxCols/%s: column %d: got %g, want %g", what, c, gm.s()[c], wantMax)
					}
					if c == nanCol && gm.s()[c] == gm.s()[c] {
						t.Fatalf("MaxCols/%s: column %d holds NaN, got %g", what, c, gm.s()[c])
					}
				}
			})
			a64 := make([]float64, len(a))
			for i, v := range a {
				a64[i] = float64(v)
			}
			s64, m64 := make([]float64, cols), make([]float64, cols)
			SumCols(s64, a64, rows, cols)
			MaxCols(m64, a64, rows, cols)
			for c := 0; c < cols; c++ {
				want := 0.0
				for r := 0; r < rows; r++ {
					want += a64[r*cols+c]
				}
				if !ewClose(s64[c], want, 0, 0) && !(c == nanCol && s64[c] != s64[c]) {
					t.Fatalf("SumCols/float64/%dx%d: column %d: got %g, want %g", rows, cols, c, s64[c], want)
				}
			}
		}
	}
}

// TestReducePanics checks the documented panics on inconsistent shapes.
func TestReducePanics(t *testing.T) {
	a := make([]float32, 12)
	cases := map[string]func(){
		"SumRows short dst": func() { SumRows(make([]float32, 2), a, 3, 4) },
		"SumRows bad shape": func() { SumRows(make([]float32, 3), a, 3, 5) },
		"SumCols short dst": func() { SumCols(make([]float32, 3), a, 3, 4) },
		"MaxCols negative":  func() { MaxCols(make([]float32, 4), a, -3, -4) },
		"MaxRows bad shape": func() { MaxRows(make([]float32, 2), a, 2, 4) },
		"ArgMaxRows dst":    func() { ArgMaxRows(make([]int32, 4), a, 3, 4) },
		"Softmax dst":       func() { Softmax(make([]float32, 11), a, 3, 4) },
		"LogSoftmax shape":  func() { LogSoftmax(make([]float32, 12), a, 4, 4) },
		"Add":               func() { Add(make([]float32, 12), a, make([]float32, 11)) },
		"Exp":               func() { Exp(make([]float32, 13), a) },
		"Axpy":              func() { Axpy(1, a, make([]float32, 11)) },
	}
	for name, f := range cases {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
