package graph

import (
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// TestIntegerOps runs the ops that take integer dtypes on int32 and int64.
func TestIntegerOps(t *testing.T) {
	testIntegerOps[int32](t, Int32)
	testIntegerOps[int64](t, Int64)
}

func testIntegerOps[T int32 | int64](t *testing.T, dt DType) {
	g := New()
	a := g.Input("a", dt, 2, 3)
	b := g.Input("b", dt, 3)
	two := g.Scalar(2, dt)
	outs := []*Node{
		Add(a, b), Sub(a, b), Mul(a, b), Neg(a), Abs(a), Sign(a), Square(a),
		Minimum(a, b), Maximum(a, b), Equal(a, b), Less(a, b), GreaterEqual(a, two),
		Where(Greater(a, b), a, b), Relu(a), Clip(a, -1, 2),
		Sum(a, []int{0}, false), Max(a, nil, false), Min(a, []int{1}, true), Prod(b, nil, false),
		ArgMax(a, 1), Cast(a, Float32), Transpose(a), Concat([]*Node{a, a}, 0),
	}
	f := mustFunction(t, []*Node{a, b}, outs, nil)
	av := tensor.Must(tensor.New([]int{2, 3}, []T{-3, 0, 5, 7, -1, 2}))
	bv := tensor.Must(tensor.New([]int{3}, []T{1, 0, 4}))
	res := mustCall(t, f, av, bv)
	want := [][]float64{
		{-2, 0, 9, 8, -1, 6},                     // Add
		{-4, 0, 1, 6, -1, -2},                    // Sub
		{-3, 0, 20, 7, 0, 8},                     // Mul
		{3, 0, -5, -7, 1, -2},                    // Neg
		{3, 0, 5, 7, 1, 2},                       // Abs
		{-1, 0, 1, 1, -1, 1},                     // Sign
		{9, 0, 25, 49, 1, 4},                     // Square
		{-3, 0, 4, 1, -1, 2},                     // Minimum
		{1, 0, 5, 7, 0, 4},                       // Maximum
		{0, 1, 0, 0, 0, 0},                       // Equal
		{1, 0, 0, 0, 1, 1},                       // Less
		{0, 0, 1, 1, 0, 1},                       // GreaterEqual 2
		{1, 0, 5, 7, 0, 4},                       // Where(a > b, a, b)
		{0, 0, 5, 7, 0, 2},                       // Relu
		{-1, 0, 2, 2, -1, 2},                     // Clip
		{4, -1, 7},                               // Sum axis 0
		{7},                                      // Max
		{-3, -1},                                 // Min axis 1
		{0},                                      // Prod
		{2, 0},                                   // ArgMax
		{-3, 0, 5, 7, -1, 2},                     // Cast
		{-3, 7, 0, -1, 5, 2},                     // Transpose
		{-3, 0, 5, 7, -1, 2, -3, 0, 5, 7, -1, 2}, // Concat
	}
	for i, w := range want {
		got := anyF64(res[i])
		ok := len(got) == len(w)
		for j := 0; ok && j < len(w); j++ {
			ok = got[j] == w[j]
		}
		if !ok {
			t.Errorf("%s %s = %v, want %v", dt, outs[i].Op(), got, w)
		}
	}
}

// anyF64 flattens a tensor of any element type to float64s.
func anyF64(v any) []float64 {
	switch t := v.(type) {
	case *tensor.Tensor[float32]:
		return toF64(t.Data())
	case *tensor.Tensor[float64]:
		return t.Data()
	case *tensor.Tensor[int32]:
		return toF64(t.Data())
	case *tensor.Tensor[int64]:
		var r []float64
		for _, x := range t.Data() {
			r = append(r, float64(x))
		}
		return r
	}
	return nil
}

func TestNodeAccessors(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, -1, 3)
	w := g.Shared("w", tensor.Must(tensor.Ones[float32](3, 2)))
	y := MatMul(x, w)
	if y.Graph() != g || y.DType() != Float32 || y.Rank() != 2 || y.Dim(0) != -1 || y.Dim(-1) != 2 {
		t.Errorf("accessors of %v", y)
	}
	if s := y.Shape(); s[0] != -1 || s[1] != 2 {
		t.Errorf("Shape() = %v", s)
	}
	if x.Kind() != KindInput || w.Kind() != KindShared || y.Kind() != KindOp || g.Scalar(1, Int32).Kind() != KindConst {
		t.Error("Kind")
	}
	if in := y.Inputs(); len(in) != 2 || in[0] != x || in[1] != w || y.Op() != "MatMul" || x.Name() != "x" {
		t.Errorf("Inputs %v, Op %q, Name %q", in, y.Op(), x.Name())
	}
	if y.String() != "MatMul float32 (None, 2)" || x.String() != "x float32 (None, 3)" {
		t.Errorf("String: %q, %q", y, x)
	}
	for d := Float32; d <= Int64; d++ {
		if p, err := ParseDType(d.String()); err != nil || p != d {
			t.Errorf("ParseDType(%q) = %v, %v", d, p, err)
		}
	}
	if _, err := ParseDType("bool"); err == nil {
		t.Error("ParseDType accepted bool")
	}
	if x.Value() != nil || y.Value() != nil {
		t.Error("Value of an input or op node is not nil")
	}
}

func TestSetValue(t *testing.T) {
	g := New()
	w := g.Shared("w", tensor.Must(tensor.Zeros[float64](2)))
	f := mustFunction(t, nil, []*Node{Mul(w, ScalarLike(w, 2))}, nil)
	if err := w.SetValue(tensor.Must(tensor.New([]int{2}, []float64{3, 4}))); err != nil {
		t.Fatal(err)
	}
	if got := anyF64(mustCall(t, f)[0]); got[0] != 6 || got[1] != 8 {
		t.Errorf("after SetValue: %v", got)
	}
	bad := []any{tensor.Must(tensor.Zeros[float64](3)), tensor.Must(tensor.Zeros[float32](2)), "x", nil}
	for _, v := range bad {
		if err := w.SetValue(v); err == nil {
			t.Errorf("SetValue(%v) accepted", v)
		}
	}
	if err := g.Input("x", Float32).SetValue(tensor.Scalar[float32](1)); err == nil {
		t.Error("SetValue on an input accepted")
	}
	// The value is a copy: changing it does not change the variable.
	v := w.Value().(*tensor.Tensor[float64])
	v.Data()[0] = 100
	if got := anyF64(w.Value()); got[0] != 3 {
		t.Errorf("Value is not a copy: %v", got)
	}
}
