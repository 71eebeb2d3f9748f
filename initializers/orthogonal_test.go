package initializers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// gram returns the k×k matrix of dot products of the k vectors of length
// l that vec(i, ·) reads.
func gram(k, l int, vec func(i, j int) float64) []float64 {
	g := make([]float64, k*k)
	for a := range k {
		for b := range k {
			var s float64
			for j := range l {
				s += vec(a, j) * vec(b, j)
			}
			g[a*k+b] = s
		}
	}
	return g
}

func TestOrthogonalKeras(t *testing.T) {
	for _, c := range []struct {
		shape []int
		gain  float64
	}{{[]int{60, 20}, 1}, {[]int{20, 60}, 2}, {[]int{3, 3, 4, 8}, 0.5}, {[]int{7, 7}, 1}} {
		o := NewOrthogonal(11)
		o.Gain = c.gain
		w, err := o.Init(c.shape, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !tensor.SameShape(w.Shape(), c.shape) {
			t.Fatalf("shape %v, want %v", w.Shape(), c.shape)
		}
		rows := w.Size() / c.shape[len(c.shape)-1]
		cols := c.shape[len(c.shape)-1]
		d := w.Data()
		at := func(i, j int) float64 { return float64(d[i*cols+j]) }
		// Columns orthonormal (times the gain) when rows ≥ cols, rows when
		// rows < cols.
		var g []float64
		k := min(rows, cols)
		if rows >= cols {
			g = gram(cols, rows, func(a, i int) float64 { return at(i, a) })
		} else {
			g = gram(rows, cols, at)
		}
		for a := range k {
			for b := range k {
				want := 0.0
				if a == b {
					want = c.gain * c.gain
				}
				if math.Abs(g[a*k+b]-want) > 1e-5*c.gain*c.gain {
					t.Fatalf("%v: Gram[%d,%d] = %v, want %v", c.shape, a, b, g[a*k+b], want)
				}
			}
		}
		// Keras's construction: the matrix is Q of A = QR, A the standard
		// normal draw of shape (max, min), with R's diagonal positive. So
		// R = QᵀA must be upper triangular with a positive diagonal.
		m, n := max(rows, cols), k
		a := tensor.Must(tensor.RandNormal[float64](tensor.NewRNG(11), 0, 1, m, n)).Data()
		q := func(i, j int) float64 { // Q (m×n) from the weight
			if rows >= cols {
				return at(i, j) / c.gain
			}
			return at(j, i) / c.gain
		}
		for r := range n {
			for col := range n {
				var s float64
				for i := range m {
					s += q(i, r) * a[i*n+col]
				}
				if r > col && math.Abs(s) > 1e-4 {
					t.Fatalf("%v: R[%d,%d] = %v below the diagonal", c.shape, r, col, s)
				}
				if r == col && s <= 0 {
					t.Fatalf("%v: R[%d,%d] = %v, not positive", c.shape, r, col, s)
				}
			}
		}
	}
}

// TestOrthogonalMillion checks the entries of a 10⁴×100 orthogonal matrix
// against the Haar distribution of a column of length m = 10⁴ (uniform on
// the sphere): mean 0 within 3 standard errors of √(1/m)/√N, second moment
// exactly 1/m (the columns have unit norm), fourth moment 3/(m(m+2))
// within 3 standard errors, with E[q⁸] = 105/(m(m+2)(m+4)(m+6)).
func TestOrthogonalMillion(t *testing.T) {
	const m, n = 10000, 100
	w, err := NewOrthogonal(5).Init([]int{m, n}, nil)
	if err != nil {
		t.Fatal(err)
	}
	N := float64(m * n)
	var s1, s2, s4 float64
	for _, x := range w.Data() {
		f := float64(x)
		s1 += f
		s2 += f * f
		s4 += f * f * f * f
	}
	if se := math.Sqrt(1.0/m) / math.Sqrt(N); math.Abs(s1/N) > 3*se {
		t.Errorf("mean %v, want 0 ± %v", s1/N, 3*se)
	}
	if math.Abs(s2/N-1.0/m) > 1e-6/m {
		t.Errorf("second moment %v, want %v", s2/N, 1.0/m)
	}
	m4 := 3.0 / (m * (m + 2))
	m8 := 105.0 / (m * (m + 2.0) * (m + 4.0) * (m + 6.0))
	if se := math.Sqrt((m8 - m4*m4) / N); math.Abs(s4/N-m4) > 3*se {
		t.Errorf("fourth moment %v, want %v ± %v", s4/N, m4, 3*se)
	}
}

func TestOrthogonalErrors(t *testing.T) {
	if _, err := NewOrthogonal().Init([]int{5}, tensor.NewRNG(1)); err == nil {
		t.Error("rank-1 shape accepted")
	}
	if _, err := NewOrthogonal().Init([]int{3, 3}, nil); err == nil {
		t.Error("unseeded without generator accepted")
	}
	if w, err := NewOrthogonal().Init([]int{0, 3}, tensor.NewRNG(1)); err != nil || w.Size() != 0 {
		t.Errorf("empty shape: %v %v", w, err)
	}
	for _, name := range []string{"orthogonal", "Orthogonal", "OrthogonalInitializer"} {
		if i := mustGet(t, name); i.ClassName() != "Orthogonal" || i.(*Orthogonal).Gain != 1 {
			t.Errorf("Get(%q) = %v", name, i)
		}
	}
}

func BenchmarkOrthogonal(b *testing.B) {
	for _, s := range [][]int{{256, 256}, {1024, 256}, {512, 2048}} {
		b.Run(tensor.ShapeString(s), func(b *testing.B) {
			o := NewOrthogonal(1)
			m, n := float64(max(s[0], s[1])), float64(min(s[0], s[1]))
			flops := 4*m*n*n - 4*n*n*n/3 // QR, then forming Q
			for b.Loop() {
				if _, err := o.Init(s, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
