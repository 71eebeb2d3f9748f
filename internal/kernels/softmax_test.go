package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// softmaxRef returns the float64 softmax and log-softmax of one row, with
// the float32 error tolerances the documentation promises for each entry.
func softmaxRef(row []float32) (p, lp, ptol, lptol []float64) {
	n := len(row)
	p, lp, ptol, lptol = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	m := math.Inf(-1)
	for _, v := range row {
		m = math.Max(m, float64(v))
	}
	sum := 0.0
	for _, v := range row {
		sum += math.Exp(float64(v) - m)
	}
	lse := math.Log(sum)
	for i, v := range row {
		d := float64(v) - m
		p[i] = math.Exp(d) / sum
		lp[i] = d - lse
		// Rounding a_i - m costs |d| * 2^-24 relative in exp; the sum adds
		// up to n * 2^-24 relative.
		rel := (math.Abs(d) + 4 + float64(n)) * 0x1p-24
		ptol[i] = p[i]*rel + 0x1p-148
		if d < -87.33654475 { // exp(d) < 2^-126 is flushed to zero
			ptol[i] = p[i] + 0x1p-148
		}
		lptol[i] = (math.Abs(d)+lse+2)*0x1p-23 + float64(n)*0x1p-24
	}
	return p, lp, ptol, lptol
}

// TestSoftmax checks Softmax and LogSoftmax on every implementation, shape,
// logit scale and layout against float64.
func TestSoftmax(t *testing.T) {
	for _, sh := range reduceShapes {
		rows, cols := sh[0], sh[1]
		for _, scale := range []float64{1, 30, 100, 1e4} {
			for _, l := range []ewLayout{{false, 0}, {true, 0}, {true, 1}} {
				rng := rand.New(rand.NewPCG(uint64(rows*cols), uint64(scale)))
				a := make([]float32, rows*cols)
				ewFill(rng, a, -scale, scale, false)
				ewForImpls(t, func(impl Impl) {
					for _, logForm := range []bool{false, true} {
						what := fmt.Sprintf("%v/%dx%d/scale=%g/%v/log=%v", impl, rows, cols, scale, l, logForm)
						f := Softmax[float32]
						if logForm {
							f = LogSoftmax[float32]
						}
						got := ewRunLayout(t, what, func(d, a, _ []float32) { f(d, a, rows, cols) }, a, make([]float32, len(a)), l)
						softmaxCompare(t, what, got, a, rows, cols, logForm)
					}
				})
				a64 := make([]float64, len(a))
				for i, v := range a {
					a64[i] = float64(v)
				}
				p64, lp64 := make([]float64, len(a)), make([]float64, len(a))
				Softmax(p64, a64, rows, cols)
				LogSoftmax(lp64, a64, rows, cols)
				for r := 0; r < rows; r++ {
					p, lp, _, _ := softmaxRef(a[r*cols : (r+1)*cols])
					for c := range p {
						if math.Abs(p64[r*cols+c]-p[c]) > 1e-14 || math.Abs(lp64[r*cols+c]-lp[c]) > 1e-12*(1+math.Abs(lp[c])) {
							t.Fatalf("float64 %dx%d scale=%g: [%d,%d]: got %g, %g, want %g, %g",
								rows, cols, scale, r, c, p64[r*cols+c], lp64[r*cols+c], p[c], lp[c])
						}
					}
				}
			}
		}
	}
}

func softmaxCompare(t *testing.T, what string, got, a []float32, rows, cols int, logForm bool) {
	t.Helper()
	for r := 0; r < rows; r++ {
		p, lp, ptol, lptol := softmaxRef(a[r*cols : (r+1)*cols])
		sum := 0.0
		for c := range p {
			g := float64(got[r*cols+c])
			want, tol := p[c], ptol[c]
			if logForm {
				want, tol = lp[c], lptol[c]
			}
			if math.IsInf(g, 0) || math.IsNaN(g) || math.Abs(g-want) > tol {
				t.Fatalf("%s: [%d,%d] of %g: got %g, want %g ± %g", what, r, c, a[r*cols+c], g, want, tol)
			}
			sum += g
		}
		if !logForm && cols > 0 && math.Abs(sum-1) > float64(cols+4)*0x1p-23 {
			t.Fatalf("%s: row %d sums to %g", what, r, sum)
		}
	}
}

// TestSoftmaxSpecialRows checks the documented results for rows with
// infinite or NaN entries, interleaved with ordinary rows so the assembly
// must stop and resume.
func TestSoftmaxSpecialRows(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	cases := []struct {
		row       []float64
		p, logp   []float64
		logFinite bool
	}{
		{[]float64{0, -inf, 1}, []float64{1 / (1 + math.E), 0, math.E / (1 + math.E)},
			[]float64{-math.Log1p(math.E), -inf, 1 - math.Log1p(math.E)}, false},
		{[]float64{-inf, -inf, -inf}, []float64{1. / 3, 1. / 3, 1. / 3}, []float64{-math.Log(3), -math.Log(3), -math.Log(3)}, true},
		{[]float64{inf, 1, inf}, []float64{0.5, 0, 0.5}, []float64{-math.Ln2, -inf, -math.Ln2}, false},
		{[]float64{-inf, 5, inf}, []float64{0, 0, 1}, []float64{-inf, -inf, 0}, false},
		{[]float64{nan, 1, 2}, []float64{nan, nan, nan}, []float64{nan, nan, nan}, false},
		{[]float64{1, inf, nan}, []float64{nan, nan, nan}, []float64{nan, nan, nan}, false},
		{[]float64{1e4, -1e4, 0}, []float64{1, 0, 0}, []float64{0, -2e4, -1e4}, true},
		{[]float64{100, -100, 0}, []float64{1, math.Exp(-200), math.Exp(-100)}, []float64{0, -200, -100}, true},
		{[]float64{-100, -100, -100}, []float64{1. / 3, 1. / 3, 1. / 3}, []float64{-math.Log(3), -math.Log(3), -math.Log(3)}, true},
		{[]float64{2, 3, 4}, nil, nil, true},
	}
	cols := 3
	var a []float32
	for i := 0; i < 3; i++ { // every row order: special first, in the middle, last
		for _, c := range cases {
			for _, v := range c.row {
				a = append(a, float32(v))
			}
		}
	}
	rows := len(a) / cols
	ewForImpls(t, func(impl Impl) {
		for _, logForm := range []bool{false, true} {
			for _, inPlace := range []bool{false, true} {
				got := make([]float32, len(a))
				src := a
				if inPlace {
					copy(got, a)
					src = got
				}
				if logForm {
					LogSoftmax(got, src, rows, cols)
				} else {
					Softmax(got, src, rows, cols)
				}
				for r := 0; r < rows; r++ {
					c := cases[r%len(cases)]
					want := c.p
					if logForm {
						want = c.logp
					}
					if want == nil {
						p, lp, _, _ := softmaxRef(a[r*cols : (r+1)*cols])
						want = p
						if logForm {
							want = lp
						}
					}
					for j := range want {
						g := float64(got[r*cols+j])
						ok := math.IsNaN(want[j]) && math.IsNaN(g) || g == want[j] ||
							math.Abs(g-want[j]) <= 1e-6*math.Max(1, math.Abs(want[j])) || math.Abs(g-want[j]) <= 0x1p-140
						if !ok {
							t.Fatalf("%v/log=%v/inplace=%v: row %d %v: entry %d: got %g, want %g",
								impl, logForm, inPlace, r, c.row, j, g, want[j])
						}
						if logForm && c.logFinite && math.IsInf(g, 0) {
							t.Fatalf("%v: row %v: log-softmax entry %d is %g, want finite", impl, c.row, j, g)
						}
					}
				}
			}
		}
	})
	// float64 follows the same rules.
	a64 := make([]float64, len(a))
	for i, v := range a {
		a64[i] = float64(v)
	}
	p64 := make([]float64, len(a64))
	Softmax(p64, a64, rows, cols)
	if p64[6] != 0.5 || p64[7] != 0 || !math.IsNaN(p64[12]) || math.Abs(p64[3]-1./3) > 1e-15 {
		t.Fatalf("float64 special rows: got %v", p64[:15])
	}
}

// TestSoftmaxLargeLogits checks that logits of ±1e4 in long rows give
// finite log-probabilities and probabilities summing to one.
func TestSoftmaxLargeLogits(t *testing.T) {
	rows, cols := 3, 1000
	a := make([]float32, rows*cols)
	for i := range a {
		a[i] = float32(1e4 * math.Sin(float64(i)))
	}
	ewForImpls(t, func(impl Impl) {
		p, lp := make([]float32, len(a)), make([]float32, len(a))
		Softmax(p, a, rows, cols)
		LogSoftmax(lp, a, rows, cols)
		softmaxCompare(t, fmt.Sprintf("%v/softmax", impl), p, a, rows, cols, false)
		softmaxCompare(t, fmt.Sprintf("%v/logsoftmax", impl), lp, a, rows, cols, true)
	})
}

// TestSoftmaxSpecialRowsWide checks rows with infinite and NaN entries at
// widths that take each assembly path (one vector, two vectors, streamed)
// against the float64 results, which TestSoftmaxSpecialRows pins down.
func TestSoftmaxSpecialRowsWide(t *testing.T) {
	inf := float32(math.Inf(1))
	for _, cols := range []int{5, 8, 12, 16, 20, 32, 40, 100} {
		var a []float32
		rng := rand.New(rand.NewPCG(uint64(cols), 1))
		for pattern := 0; pattern < 8; pattern++ {
			row := make([]float32, cols)
			ewFill(rng, row, -5, 5, false)
			switch pattern {
			case 1:
				row[cols-1] = inf
			case 2:
				row[0], row[cols/2] = inf, inf
			case 3:
				for i := range row {
					row[i] = -inf
				}
			case 4:
				row[cols/3] = float32(math.NaN())
			case 5:
				row[cols-1] = -inf
			case 6:
				row[0], row[cols-1] = 1e4, -1e4
			}
			a = append(a, row...)
		}
		rows := len(a) / cols
		a64 := make([]float64, len(a))
		for i, v := range a {
			a64[i] = float64(v)
		}
		for _, logForm := range []bool{false, true} {
			want := make([]float64, len(a))
			if logForm {
				LogSoftmax(want, a64, rows, cols)
			} else {
				Softmax(want, a64, rows, cols)
			}
			ewForImpls(t, func(impl Impl) {
				got := make([]float32, len(a))
				if logForm {
					LogSoftmax(got, a, rows, cols)
				} else {
					Softmax(got, a, rows, cols)
				}
				for i, g := range got {
					w := want[i]
					ok := math.IsNaN(w) && g != g || float64(g) == w || math.Abs(float64(g)-w) <= 1e-5*math.Max(1, math.Abs(w))
					if !ok {
						t.Fatalf("%v/cols=%d/log=%v: row %d entry %d: got %g, want %g", impl, cols, logForm, i/cols, i%cols, g, w)
					}
				}
			})
		}
	}
}
