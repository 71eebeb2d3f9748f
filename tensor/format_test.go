package tensor

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	cases := []struct {
		name string
		got  fmt.Stringer
		want string
	}{
		{"int vector", Must(Arange[int32](0, 5, 1)), "[0 1 2 3 4]"},
		{"int matrix", Must(New([]int{2, 3}, []int64{1, -20, 3, 400, 5, 6})),
			"[[  1 -20   3]\n [400   5   6]]"},
		{"rank 3", Must(Must(Arange[int32](0, 8, 1)).Reshape(2, 2, 2)),
			"[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]"},
		{"floats aligned", Must(New([]int{2, 2}, []float64{1.5, 2.25, 3, -4})),
			"[[ 1.5   2.25]\n [ 3.   -4.  ]]"},
		{"float32 shortest", FromSlice([]float32{0.1, 0.2, 1.0 / 3}), "[0.1        0.2        0.33333334]"},
		{"max 8 digits", FromSlice([]float64{1.0 / 3, 2}), "[0.33333333 2.        ]"},
		{"scientific small", FromSlice([]float64{1e-5, 2.5, 3}), "[1.0e-05 2.5e+00 3.0e+00]"},
		{"scientific large", FromSlice([]float64{1e9, -2}), "[ 1.e+09 -2.e+00]"},
		{"non-finite", FromSlice([]float64{math.NaN(), 1, math.Inf(-1), math.Inf(1)}), "[ nan   1. -inf  inf]"},
		{"zeros", FromSlice([]float32{0, -0.0, 0}), "[0. 0. 0.]"},
		{"scalar", Scalar(2.5), "2.5"},
		{"int scalar", Scalar[int32](-7), "-7"},
		{"empty", Must(Zeros[float32](0)), "[]"},
		{"empty matrix", Must(Zeros[float32](2, 0)), "[]"},
		{"one element", Must(Ones[float64](1, 1)), "[[1.]]"},
	}
	for _, c := range cases {
		if got := c.got.String(); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.name, got, c.want)
		}
	}
}

func TestStringWrapsLongRows(t *testing.T) {
	x := Must(Arange[int64](0, 40, 1))
	want := "[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n" +
		" 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39]"
	if got := x.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	for _, line := range strings.Split(Must(Arange[float64](0, 100, 0.5)).String(), "\n") {
		if len(line) > printLineWidth || strings.HasSuffix(line, " ") {
			t.Errorf("line of %d columns or with trailing space: %q", len(line), line)
		}
	}
}

func TestStringSummarises(t *testing.T) {
	x := Must(Must(Arange[int32](0, 2000, 1)).Reshape(20, 100))
	want := "[[   0    1    2 ...   97   98   99]\n" +
		" [ 100  101  102 ...  197  198  199]\n" +
		" [ 200  201  202 ...  297  298  299]\n" +
		" ...\n" +
		" [1700 1701 1702 ... 1797 1798 1799]\n" +
		" [1800 1801 1802 ... 1897 1898 1899]\n" +
		" [1900 1901 1902 ... 1997 1998 1999]]"
	if got := x.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Exactly the threshold is printed in full.
	full := Must(Arange[int32](0, printThreshold, 1)).String()
	if strings.Contains(full, "...") || !strings.Contains(full, " 500 ") {
		t.Error("a tensor of 1000 elements was summarised")
	}
	// Large values outside the shown part do not affect the formatting.
	y := Must(Zeros[float64](2000))
	y.Data()[1000] = 1e20
	if got := y.String(); got != "[0. 0. 0. ... 0. 0. 0.]" {
		t.Errorf("summary formatting used hidden values: %s", got)
	}
}

func TestFormatVerbs(t *testing.T) {
	x := Must(New([]int{2, 2}, []float32{1, 0.5, -2.25, 10}))
	cases := []struct{ format, want string }{
		{"%v", x.String()},
		{"%s", x.String()},
		{"%.2f", "[[ 1.00  0.50]\n [-2.25 10.00]]"},
		{"%6.1f", "[[   1.0    0.5]\n [  -2.2   10.0]]"},
		{"%g", "[[    1   0.5]\n [-2.25    10]]"},
		{"%+.1e", "[[+1.0e+00 +5.0e-01]\n [-2.2e+00 +1.0e+01]]"},
	}
	for _, c := range cases {
		if got := fmt.Sprintf(c.format, x); got != c.want {
			t.Errorf("Sprintf(%q):\n got %q\nwant %q", c.format, got, c.want)
		}
	}
	if got := fmt.Sprintf("%03d", FromSlice([]int32{7, 42})); got != "[007 042]" {
		t.Errorf("%%03d = %q", got)
	}
	if got := fmt.Sprint(Scalar[int64](3)); got != "3" {
		t.Errorf("Sprint(scalar) = %q", got)
	}
}
