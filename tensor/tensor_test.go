package tensor

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	data := []float32{1, 2, 3, 4, 5, 6}
	shape := []int{2, 3}
	x, err := New(shape, data)
	if err != nil {
		t.Fatal(err)
	}
	shape[0] = 99 // New must not alias the caller's shape
	if got := x.Shape(); !slices.Equal(got, []int{2, 3}) {
		t.Fatalf("Shape() = %v, want [2 3]", got)
	}
	if x.Rank() != 2 || x.Size() != 6 || x.Dim(0) != 2 || x.Dim(1) != 3 || x.Dim(-1) != 3 {
		t.Fatalf("Rank/Size/Dim wrong: %d %d %d %d", x.Rank(), x.Size(), x.Dim(0), x.Dim(1))
	}
	data[4] = 50 // New wraps data without copying
	if x.At(1, 1) != 50 {
		t.Fatalf("At(1,1) = %v, want 50 (shared data)", x.At(1, 1))
	}
	if &x.Data()[0] != &data[0] {
		t.Fatal("Data() is not the backing slice")
	}
	s := x.Shape()
	s[0] = 7
	if x.Dim(0) != 2 {
		t.Fatal("Shape() returned the internal slice")
	}
}

func TestNewErrors(t *testing.T) {
	cases := []struct {
		shape []int
		n     int
		want  string
	}{
		{[]int{2, 3}, 5, "tensor: New: shape (2, 3) needs 6 elements, received 5"},
		{[]int{2, -3}, 0, "tensor: New: negative dimension in shape (2, -3)"},
		{[]int{}, 0, "tensor: New: shape () needs 1 elements, received 0"},
		{[]int{math.MaxInt / 2, 3}, 0, "too many elements"},
	}
	for _, c := range cases {
		_, err := New(c.shape, make([]int32, c.n))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%v, %d elements) error = %v, want %q", c.shape, c.n, err, c.want)
		}
	}
	if x, err := New[float64]([]int{0, 4}, nil); err != nil || x.Size() != 0 || x.Dim(1) != 4 {
		t.Errorf("New((0, 4), nil) = %v, %v; want an empty tensor", x, err)
	}
}

func TestFromSliceScalar(t *testing.T) {
	d := []int64{4, 5, 6}
	x := FromSlice(d)
	if !slices.Equal(x.Shape(), []int{3}) || x.At(2) != 6 {
		t.Fatalf("FromSlice: shape %v, At(2)=%v", x.Shape(), x.At(2))
	}
	x.Set(9, 0)
	if d[0] != 9 {
		t.Fatal("FromSlice copied its data")
	}
	s := Scalar(2.5)
	if s.Rank() != 0 || s.Size() != 1 || s.At() != 2.5 || len(s.Shape()) != 0 {
		t.Fatalf("Scalar: rank %d size %d value %v", s.Rank(), s.Size(), s.At())
	}
	s.Set(-1)
	if s.At() != -1 {
		t.Fatal("Set on a scalar had no effect")
	}
}

func TestFilledConstructors(t *testing.T) {
	z := Must(Zeros[float32](2, 3))
	o := Must(Ones[int32](4))
	f := Must(Full[float64](7.5, 2, 2))
	if !slices.Equal(z.Data(), make([]float32, 6)) || !slices.Equal(z.Shape(), []int{2, 3}) {
		t.Errorf("Zeros: %v", z.Data())
	}
	if !slices.Equal(o.Data(), []int32{1, 1, 1, 1}) {
		t.Errorf("Ones: %v", o.Data())
	}
	if !slices.Equal(f.Data(), []float64{7.5, 7.5, 7.5, 7.5}) {
		t.Errorf("Full: %v", f.Data())
	}
	if s := Must(Zeros[int64]()); s.Rank() != 0 || s.Size() != 1 {
		t.Errorf("Zeros() is not a scalar: %v", s.Shape())
	}
	for name, err := range map[string]error{
		"Zeros": second(Zeros[float32](2, -1)),
		"Ones":  second(Ones[float32](-2)),
		"Full":  second(Full[float32](1, 3, -3)),
		"Eye":   second(Eye[float32](-1)),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "tensor: "+name+": ") {
			t.Errorf("%s with a negative dimension: error %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestEye(t *testing.T) {
	e := Must(Eye[int32](3))
	want := []int32{1, 0, 0, 0, 1, 0, 0, 0, 1}
	if !slices.Equal(e.Data(), want) || !slices.Equal(e.Shape(), []int{3, 3}) {
		t.Fatalf("Eye(3) = %v %v", e.Shape(), e.Data())
	}
	if e0 := Must(Eye[float64](0)); e0.Size() != 0 {
		t.Fatalf("Eye(0) has %d elements", e0.Size())
	}
}

func TestArange(t *testing.T) {
	ints := []struct {
		start, stop, step int64
		want              []int64
	}{
		{0, 5, 1, []int64{0, 1, 2, 3, 4}},
		{1, 10, 3, []int64{1, 4, 7}},
		{1, 11, 3, []int64{1, 4, 7, 10}},
		{5, 0, -2, []int64{5, 3, 1}},
		{5, 5, 1, []int64{}},
		{5, 0, 1, []int64{}},
		{0, 5, -1, []int64{}},
		{math.MaxInt64 - 2, math.MaxInt64, 1, []int64{math.MaxInt64 - 2, math.MaxInt64 - 1}},
		{math.MinInt64, math.MaxInt64, math.MaxInt64, []int64{math.MinInt64, -1, math.MaxInt64 - 1}},
		{math.MaxInt64, math.MinInt64, math.MinInt64, []int64{math.MaxInt64, -1}},
	}
	for _, c := range ints {
		x, err := Arange(c.start, c.stop, c.step)
		if err != nil || !slices.Equal(x.Data(), c.want) || x.Rank() != 1 {
			t.Errorf("Arange(%d, %d, %d) = %v, %v; want %v", c.start, c.stop, c.step, x, err, c.want)
		}
	}
	floats := []struct {
		start, stop, step float64
		want              []float64
	}{
		{0, 1, 0.25, []float64{0, 0.25, 0.5, 0.75}},
		{0, 1, 0.3, []float64{0, 0.3, 0.6, 0.8999999999999999}},
		{1, 0, -0.5, []float64{1, 0.5}},
		// (1.3-1)/0.1 rounds to 3.0000000000000004, so numpy makes 4 values
		// with stride (1+0.1)-1 = 0.10000000000000009.
		{1, 1.3, 0.1, []float64{1, 1.1, 1.2000000000000002, 1.3000000000000003}},
	}
	for _, c := range floats {
		x, err := Arange(c.start, c.stop, c.step)
		if err != nil || !slices.Equal(x.Data(), c.want) {
			t.Errorf("Arange(%g, %g, %g) = %v, %v; want %v", c.start, c.stop, c.step, x.Data(), err, c.want)
		}
	}
	f32 := Must(Arange[float32](0, 2, 0.5))
	if !slices.Equal(f32.Data(), []float32{0, 0.5, 1, 1.5}) {
		t.Errorf("Arange[float32](0, 2, 0.5) = %v", f32.Data())
	}
	for _, err := range []error{
		second(Arange[int32](0, 5, 0)),
		second(Arange(0, 1, math.NaN())),
		second(Arange(0, math.Inf(1), 1)),
		second(Arange(0, 1e300, 1e-300)),
	} {
		if err == nil || !strings.HasPrefix(err.Error(), "tensor: Arange: ") {
			t.Errorf("Arange with bad arguments: error %v", err)
		}
	}
}

func TestAtSetIndexing(t *testing.T) {
	x := Must(Arange[int32](0, 24, 1))
	x = Must(x.Reshape(2, 3, 4))
	if x.At(1, 2, 3) != 23 || x.At(1, 0, 2) != 14 || x.At(0, 1, 0) != 4 {
		t.Fatalf("row-major indexing wrong: %d %d %d", x.At(1, 2, 3), x.At(1, 0, 2), x.At(0, 1, 0))
	}
	x.Set(-5, 0, 2, 1)
	if x.Data()[9] != -5 {
		t.Fatalf("Set(…, 0, 2, 1) wrote elsewhere: %v", x.Data())
	}
	for _, idx := range [][]int{{0, 0}, {0, 0, 0, 0}, {2, 0, 0}, {0, 3, 0}, {0, 0, -1}} {
		mustPanic(t, "At"+ShapeString(idx), func() { x.At(idx...) })
		mustPanic(t, "Set"+ShapeString(idx), func() { x.Set(0, idx...) })
	}
	mustPanic(t, "Dim(3)", func() { x.Dim(3) })
	mustPanic(t, "Dim(-4)", func() { x.Dim(-4) })
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s did not panic", what)
		}
	}()
	f()
}

func TestReshape(t *testing.T) {
	x := Must(Arange[float32](0, 6, 1))
	y := Must(x.Reshape(2, 3))
	if !slices.Equal(y.Shape(), []int{2, 3}) || y.At(1, 0) != 3 {
		t.Fatalf("Reshape(2, 3): shape %v At(1,0)=%v", y.Shape(), y.At(1, 0))
	}
	y.Set(100, 0, 1)
	if x.At(1) != 100 {
		t.Fatal("Reshape did not return a view sharing data")
	}
	for _, c := range []struct{ in, want []int }{
		{[]int{-1}, []int{6}},
		{[]int{3, -1}, []int{3, 2}},
		{[]int{-1, 1, 2}, []int{3, 1, 2}},
		{[]int{1, 6, 1}, []int{1, 6, 1}},
	} {
		z, err := y.Reshape(c.in...)
		if err != nil || !slices.Equal(z.Shape(), c.want) {
			t.Errorf("Reshape%v = %v, %v; want %v", c.in, z, err, c.want)
		}
	}
	s := Must(Scalar[int64](4).Reshape(1, 1))
	if !slices.Equal(s.Shape(), []int{1, 1}) {
		t.Errorf("scalar Reshape(1, 1) = %v", s.Shape())
	}
	if s2 := Must(s.Reshape()); s2.Rank() != 0 {
		t.Errorf("Reshape() of a 1-element tensor has rank %d", s2.Rank())
	}
	e := Must(Zeros[float32](0, 3))
	if z, err := e.Reshape(3, 0, 2); err != nil || z.Size() != 0 {
		t.Errorf("empty Reshape(3, 0, 2): %v", err)
	}
}

func TestReshapeErrors(t *testing.T) {
	x := Must(Zeros[float64](2, 3))
	cases := []struct {
		shape []int
		want  string
	}{
		{[]int{4, 2}, "tensor: Reshape: cannot reshape (2, 3) (6 elements) into (4, 2) (8 elements)"},
		{[]int{4, -1}, "tensor: Reshape: cannot reshape (2, 3) (6 elements) into (4, -1)"},
		{[]int{-1, -1}, "tensor: Reshape: cannot reshape (2, 3) into (-1, -1): more than one dimension is -1"},
		{[]int{-2, -3}, "tensor: Reshape: cannot reshape (2, 3) into (-2, -3): negative dimension"},
		{[]int{0, -1}, "cannot reshape (2, 3) (6 elements) into (0, -1)"},
		{[]int{math.MaxInt / 2, 4}, "too many elements"},
	}
	for _, c := range cases {
		_, err := x.Reshape(c.shape...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Reshape%v error = %v, want %q", c.shape, err, c.want)
		}
	}
}

func TestCloneCopyFrom(t *testing.T) {
	x := Must(New([]int{2, 2}, []float64{1, 2, 3, 4}))
	c := x.Clone()
	c.Set(10, 0, 0)
	if x.At(0, 0) != 1 || !slices.Equal(c.Shape(), x.Shape()) {
		t.Fatal("Clone shares storage or lost the shape")
	}
	y := Must(Zeros[float64](4))
	if err := y.CopyFrom(x); err != nil || !slices.Equal(y.Data(), []float64{1, 2, 3, 4}) {
		t.Fatalf("CopyFrom: %v %v", err, y.Data())
	}
	z := Must(Zeros[float64](3))
	err := z.CopyFrom(x)
	want := "tensor: CopyFrom: cannot copy (2, 2) (4 elements) into (3,) (3 elements)"
	if err == nil || err.Error() != want {
		t.Fatalf("CopyFrom size mismatch: %v, want %q", err, want)
	}
	if !slices.Equal(z.Data(), []float64{0, 0, 0}) {
		t.Fatal("failed CopyFrom modified the destination")
	}
}

func TestConvert(t *testing.T) {
	f := Must(New([]int{2, 4}, []float64{1.9, -1.9, 0.5, math.NaN(), 3e9, -3e9, math.Inf(1), math.Inf(-1)}))
	i32 := Convert[int32](f)
	want32 := []int32{1, -1, 0, 0, math.MaxInt32, math.MinInt32, math.MaxInt32, math.MinInt32}
	if !slices.Equal(i32.Data(), want32) || !slices.Equal(i32.Shape(), []int{2, 4}) {
		t.Errorf("Convert[int32] = %v, want %v", i32.Data(), want32)
	}
	g := FromSlice([]float32{2.5, 1e19, -1e19, float32(math.NaN())})
	i64 := Convert[int64](g)
	want64 := []int64{2, math.MaxInt64, math.MinInt64, 0}
	if !slices.Equal(i64.Data(), want64) {
		t.Errorf("Convert[int64] = %v, want %v", i64.Data(), want64)
	}
	back := Convert[float32](i32)
	if back.At(0, 0) != 1 || back.At(0, 1) != -1 {
		t.Errorf("Convert[float32] = %v", back.Data())
	}
	same := Convert[float64](f)
	same.Data()[0] = 42
	if f.At(0, 0) != 1.9 {
		t.Error("Convert shares storage")
	}
	if d := Convert[float32](f).At(0, 0); d != float32(1.9) {
		t.Errorf("Convert float64→float32 = %v", d)
	}
}

func TestDType(t *testing.T) {
	got := []string{Scalar[float32](0).DType(), Scalar[float64](0).DType(), Scalar[int32](0).DType(), Scalar[int64](0).DType()}
	if !slices.Equal(got, []string{"float32", "float64", "int32", "int64"}) {
		t.Errorf("DType = %v", got)
	}
}

func TestMust(t *testing.T) {
	mustPanic(t, "Must(err)", func() { Must(Zeros[float32](-1)) })
	x := Scalar[float32](1)
	if Must(x, nil) != x {
		t.Error("Must did not return its tensor")
	}
}
