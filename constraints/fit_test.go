package constraints_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/tensor"
)

// fixed is an initializer returning given values.
type fixed []float32

func (f fixed) Init(shape []int, _ *tensor.RNG) (*tensor.Tensor[float32], error) {
	return tensor.New(shape, slices.Clone(f))
}
func (fixed) ClassName() string { return "Fixed" }

// TestAppliedAfterEachUpdate trains a Dense layer with a MaxNorm kernel and
// a NonNeg bias by plain SGD on mean squared error and compares its weights
// after each of three steps with a float64 reference: the SGD step from the
// hand-derived gradient, then Keras's projections.
func TestAppliedAfterEachUpdate(t *testing.T) {
	x := []float64{1, 2, -1, 0.5, -1, 2, -2, 1, 0, 1.5, 0.5, -0.5} // 4×3
	y := []float64{3, -1, 0, -2, -3, 1, 1, -1}                     // 4×2
	w := []float64{0.9, -0.4, 0.3, 0.8, -0.5, 0.2}                 // 3×2
	b := []float64{0.05, -0.1}
	const lr = 0.3
	f32 := func(v []float64) []float32 {
		out := make([]float32, len(v))
		for i, x := range v {
			out[i] = float32(x)
		}
		return out
	}
	maxNorm := &constraints.MaxNorm{MaxValue: 1, Axis: []int{0}}
	m := models.NewSequential(layers.NewDense(2, layers.WithInputDim(3),
		layers.WithKernelInitializer(fixed(f32(w))), layers.WithBiasInitializer(fixed(f32(b))),
		layers.WithKernelConstraint(maxNorm), layers.WithBiasConstraint("non_neg")))
	if err := m.Compile(optimizers.NewSGDWith(lr, 0, false), "mse"); err != nil {
		t.Fatal(err)
	}
	xt := tensor.Must(tensor.New([]int{4, 3}, f32(x)))
	yt := tensor.Must(tensor.New([]int{4, 2}, f32(y)))
	for step := range 3 {
		if _, err := m.Fit(context.Background(), xt, yt, models.BatchSize(4), models.Verbose(0), models.Shuffle(false)); err != nil {
			t.Fatal(err)
		}
		// Reference step: d = 2(xw + b − y)/(4·2); gw = xᵀd; gb = Σ d.
		gw, gb := make([]float64, 6), make([]float64, 2)
		for i := range 4 {
			for j := range 2 {
				p := b[j]
				for k := range 3 {
					p += x[i*3+k] * w[k*2+j]
				}
				d := 2 * (p - y[i*2+j]) / 8
				gb[j] += d
				for k := range 3 {
					gw[k*2+j] += x[i*3+k] * d
				}
			}
		}
		for i := range w {
			w[i] -= lr * gw[i]
		}
		for j := range 2 {
			b[j] = math.Max(b[j]-lr*gb[j], 0)
			n := math.Sqrt(w[j]*w[j] + w[2+j]*w[2+j] + w[4+j]*w[4+j])
			for k := range 3 {
				w[k*2+j] *= math.Min(n, 1) / (1e-7 + n)
			}
		}
		got := m.GetWeights()
		gotW, gotB := got[0].(*tensor.Tensor[float32]).Data(), got[1].(*tensor.Tensor[float32]).Data()
		for i := range w {
			if math.Abs(float64(gotW[i])-w[i]) > 1e-5 {
				t.Fatalf("step %d: kernel %v, want %v", step, gotW, w)
			}
		}
		for j := range b {
			if math.Abs(float64(gotB[j])-b[j]) > 1e-5 {
				t.Fatalf("step %d: bias %v, want %v", step, gotB, b)
			}
		}
		// The constraint is active: a column sits at norm 1, a bias at 0.
		if step == 0 {
			n0 := math.Hypot(math.Hypot(float64(gotW[0]), float64(gotW[2])), float64(gotW[4]))
			n1 := math.Hypot(math.Hypot(float64(gotW[1]), float64(gotW[3])), float64(gotW[5]))
			if math.Abs(math.Max(n0, n1)-1) > 1e-5 || min(gotB[0], gotB[1]) != 0 {
				t.Errorf("constraints not active at step 0: norms %v %v, bias %v", n0, n1, gotB)
			}
		}
	}
}

func TestDenseRejectsBadConstraint(t *testing.T) {
	d := layers.NewDense(2, layers.WithKernelConstraint("orthonormal"))
	if d.Err() == nil {
		t.Error("unknown constraint name accepted")
	}
	d = layers.NewDense(2, layers.WithBiasConstraint(3.5))
	if d.Err() == nil {
		t.Error("a float accepted as a constraint")
	}
}
