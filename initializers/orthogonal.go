package initializers

import (
	"fmt"
	"math"

	"github.com/gokeras/gokeras/tensor"
)

func init() {
	register(func() Initializer { return NewOrthogonal() }, "orthogonal", "Orthogonal", "OrthogonalInitializer", "orthogonal_initializer")
}

// Orthogonal is Keras's Orthogonal initializer: a weight of shape (d₀, …,
// dₖ₋₁, dₖ) is viewed as a matrix of r = d₀·…·dₖ₋₁ rows and c = dₖ
// columns, a matrix A of shape (max(r, c), min(r, c)) is drawn from the
// standard normal distribution, A = QR is its QR decomposition with the
// signs fixed so that R has a positive diagonal (Q ← Q·sign(diag R)), and
// the weight is Gain·Q reshaped — or Gain·Qᵀ when r < c. So the columns of
// the matrix are orthonormal (times Gain) when r ≥ c and its rows when
// r < c, distributed uniformly (Haar) among such matrices. Keras's default
// Gain is 1. The weight must have rank ≥ 2.
//
// The decomposition runs on the host in float64 (Householder reflections),
// in about 4·max(r, c)·min(r, c)² floating-point operations.
type Orthogonal struct {
	// Gain multiplies the orthogonal matrix.
	Gain float64
	seeded
}

// NewOrthogonal returns Orthogonal with Keras's default gain 1 and, if
// given, a seed of its own.
func NewOrthogonal(seed ...uint64) *Orthogonal { return &Orthogonal{Gain: 1, seeded: seedOf(seed)} }

// Init draws the values.
func (o *Orthogonal) Init(shape []int, rng *tensor.RNG) (*tensor.Tensor[float32], error) {
	if len(shape) < 2 {
		return nil, fmt.Errorf("initializers: Orthogonal: expected a shape of rank ≥ 2, received %s of rank %d", tensor.ShapeString(shape), len(shape))
	}
	rows := 1
	for _, d := range shape[:len(shape)-1] {
		rows *= d
	}
	cols := shape[len(shape)-1]
	if rows < 1 || cols < 1 {
		return tensor.Zeros[float32](shape...)
	}
	g, err := o.rng(rng)
	if err != nil {
		return nil, err
	}
	m, n := max(rows, cols), min(rows, cols)
	a, err := tensor.RandNormal[float64](g, 0, 1, m, n)
	if err != nil {
		return nil, err
	}
	q := orthonormalQ(a.Data(), m, n)
	// q holds Q column by column. Read row-major, that is Qᵀ (n×m): the
	// weight itself when rows < cols; otherwise transpose it back.
	out := make([]float32, rows*cols)
	if rows < cols {
		for i, v := range q {
			out[i] = float32(o.Gain * v)
		}
	} else {
		for i := range m {
			for j := range n {
				out[i*n+j] = float32(o.Gain * q[j*m+i])
			}
		}
	}
	return tensor.New(shape, out)
}

// ClassName returns "Orthogonal".
func (*Orthogonal) ClassName() string { return "Orthogonal" }

// orthonormalQ returns, column by column, the m×n factor Q of the QR
// decomposition of the row-major m×n matrix a (m ≥ n), with the column
// signs chosen so that R has a non-negative diagonal. It uses Householder
// reflections H_k = I − τ_k·v_k·v_kᵀ on columns stored contiguously, applied
// a block of reflectors at a time to each column so that the column and
// the block stay in cache.
func orthonormalQ(a []float64, m, n int) []float64 {
	// Column-major copy of a: column j is c[j*m : (j+1)*m].
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			c[j*m+i] = a[i*n+j]
		}
	}
	nb := min(max(65536/m, 4), 64) // reflectors per block: about 512 KiB
	vs := make([][]float64, n)     // v_k, of length m−k; nil for H_k = I
	tau := make([]float64, n)
	sign := make([]float64, n) // sign of R_kk
	// apply applies H_k to the rows k… of column col (of length m).
	apply := func(k int, col []float64) {
		if v := vs[k]; v != nil {
			x := col[k:]
			axpy(-tau[k]*dot(v, x), v, x)
		}
	}
	for k0 := 0; k0 < n; k0 += nb {
		k1 := min(k0+nb, n)
		for k := k0; k < k1; k++ {
			vs[k], tau[k], sign[k] = reflector(c[k*m+k : (k+1)*m])
			for j := k + 1; j < k1; j++ {
				apply(k, c[j*m:(j+1)*m])
			}
		}
		for j := k1; j < n; j++ {
			col := c[j*m : (j+1)*m]
			for k := k0; k < k1; k++ {
				apply(k, col)
			}
		}
	}
	// Q = H_0 H_1 … H_{n−1} applied to the first n columns of I, the
	// reflectors taken last first. Column j is e_j until H_j reaches it:
	// the H_k with k > j leave it alone.
	q := make([]float64, m*n)
	for j := range n {
		q[j*m+j] = 1
	}
	for k1 := n; k1 > 0; k1 -= nb {
		k0 := max(k1-nb, 0)
		for j := k0; j < n; j++ {
			col := q[j*m : (j+1)*m]
			for k := min(k1, j+1) - 1; k >= k0; k-- {
				apply(k, col)
			}
		}
	}
	for j := range n {
		if sign[j] < 0 {
			col := q[j*m : (j+1)*m]
			for i := range col {
				col[i] = -col[i]
			}
		}
	}
	return q
}

// reflector returns the Householder vector v and factor τ that map x to
// (α, 0, …, 0) with |α| = ‖x‖, α of the sign opposite to x₀ (no
// cancellation), and the sign of α, R's diagonal entry. For x = 0
// (probability zero) it returns a nil v (H = I) and sign +1, where
// Keras's sign(0) = 0 would zero the column.
func reflector(x []float64) (v []float64, tau, sign float64) {
	norm := math.Sqrt(dot(x, x))
	if norm == 0 {
		return nil, 0, 1
	}
	alpha, sign := -norm, -1.0
	if x[0] < 0 {
		alpha, sign = norm, 1
	}
	v = make([]float64, len(x))
	copy(v, x)
	v[0] -= alpha
	return v, 2 / dot(v, v), sign
}

// dot returns Σ x_i·y_i over len(x) elements.
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i] * y[i]
		s1 += x[i+1] * y[i+1]
		s2 += x[i+2] * y[i+2]
		s3 += x[i+3] * y[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i] * y[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// axpy sets y ← y + a·x over len(x) elements.
func axpy(a float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += a * v
	}
}
