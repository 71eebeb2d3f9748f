package regularizers

import (
	"fmt"
	"math"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/tensor"
)

func init() {
	register(func() Regularizer { return &OrthogonalRegularizer{Factor: 0.01, Mode: "rows"} },
		"orthogonal_regularizer", "OrthogonalRegularizer")
}

// OrthogonalRegularizer is Keras's OrthogonalRegularizer: a penalty that
// pushes the rows (Mode "rows") or the columns (Mode "columns") of a
// matrix towards being orthogonal to each other. With the rows (or
// columns) L2-normalized as Keras normalizes them, u_i = w_i / max(‖w_i‖,
// ε) with ε = 1e-7, and n of them, the penalty is
//
//	Factor · ½ · Σ_{i≠j} |u_i·u_j| / (n(n−1)/2),
//
// Factor times the mean absolute cosine between distinct pairs (each pair
// counted from both sides, hence the one half). For a Dense kernel
// (input_dim, units) rows mode decorrelates the input features' weight
// vectors and columns mode the units'. Keras's defaults are Factor 0.01 and
// Mode "rows". The input must have rank 2 and a static number of rows (or
// columns) to compare — as an activity regularizer on outputs of unknown
// batch size, only columns mode works; with n = 1 the penalty is NaN, 0/0,
// as in Keras.
type OrthogonalRegularizer struct {
	// Factor scales the penalty (≥ 0).
	Factor float64
	// Mode is "rows" or "columns".
	Mode string
}

// NewOrthogonalRegularizer returns an OrthogonalRegularizer after checking
// that factor is a finite number ≥ 0 and mode is "rows" or "columns".
func NewOrthogonalRegularizer(factor float64, mode string) (*OrthogonalRegularizer, error) {
	r := &OrthogonalRegularizer{Factor: factor, Mode: mode}
	return r, r.check()
}

func (r *OrthogonalRegularizer) check() error {
	if !(r.Factor >= 0 && r.Factor <= math.MaxFloat64) {
		return fmt.Errorf("regularizers: OrthogonalRegularizer: expected a non-negative factor, received factor=%v", r.Factor)
	}
	if r.Mode != "rows" && r.Mode != "columns" {
		return fmt.Errorf(`regularizers: OrthogonalRegularizer: expected mode "rows" or "columns", received mode=%q`, r.Mode)
	}
	return nil
}

// Penalty returns the penalty of the matrix w. A weight of another rank,
// dtype or an invalid configuration records an error in w's graph.
func (r *OrthogonalRegularizer) Penalty(w *graph.Node) *graph.Node {
	ins := []*graph.Node{w}
	if err := r.check(); err != nil {
		return graph.Fail("OrthogonalRegularizer", ins, graph.ErrArg, "%v", err)
	}
	s := w.Shape()
	if len(s) != 2 {
		return graph.Fail("OrthogonalRegularizer", ins, graph.ErrShape,
			"expected an input of rank 2, received shape %s", tensor.ShapeString(s))
	}
	axis, size := 1, s[0]
	if r.Mode == "columns" {
		axis, size = 0, s[1]
	}
	if size < 1 {
		return graph.Fail("OrthogonalRegularizer", ins, graph.ErrShape,
			"expected a known number of %s, received shape %s", r.Mode, tensor.ShapeString(s))
	}
	// u = w · min(1/√Σw², 1/ε) = w / √max(Σw², ε²).
	sq := graph.Sum(graph.Square(w), []int{axis}, true)
	u := graph.Div(w, graph.Sqrt(graph.Maximum(sq, graph.ScalarLike(sq, graph.Epsilon*graph.Epsilon))))
	var product *graph.Node
	if r.Mode == "rows" {
		product = graph.MatMul(u, graph.Transpose(u))
	} else {
		product = graph.MatMul(graph.Transpose(u), u)
	}
	mask := offDiagonal(w, size)
	if mask == nil {
		return graph.Fail("OrthogonalRegularizer", ins, graph.ErrDType, "expected a float32 or float64 weight, received %s", w.DType())
	}
	pairs := float64(size) * (float64(size) - 1) / 2
	total := graph.Sum(graph.Abs(graph.Mul(product, mask)), nil, false)
	return graph.Div(graph.Mul(graph.ScalarLike(total, r.Factor*0.5), total), graph.ScalarLike(total, pairs))
}

// offDiagonal returns the constant n×n matrix 1 − I in w's graph and
// dtype, or nil for a dtype other than float32 and float64.
func offDiagonal(w *graph.Node, n int) *graph.Node {
	switch w.DType() {
	case graph.Float32:
		return w.Graph().Const(oneMinusEye[float32](n))
	case graph.Float64:
		return w.Graph().Const(oneMinusEye[float64](n))
	}
	return nil
}

func oneMinusEye[T float32 | float64](n int) *tensor.Tensor[T] {
	t := tensor.Must(tensor.Ones[T](n, n))
	d := t.Data()
	for i := range n {
		d[i*n+i] = 0
	}
	return t
}

// ClassName returns "OrthogonalRegularizer".
func (*OrthogonalRegularizer) ClassName() string { return "OrthogonalRegularizer" }
