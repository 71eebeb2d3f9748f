package callbacks

import (
	"math"
	"testing"
)

// The expected strings are Python 3's repr of the same floats.
func TestPyFloat(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {1, "1.0"}, {-2.5, "-2.5"}, {0.1, "0.1"},
		{0.0001, "0.0001"}, {0.00001, "1e-05"}, {1.5e-5, "1.5e-05"}, {123456.0, "123456.0"},
		{1e15, "1000000000000000.0"}, {1e16, "1e+16"}, {2.5e16, "2.5e+16"}, {1e100, "1e+100"},
		{float64(float32(0.001)), "0.0010000000474974513"}, {float64(float32(0.1)) * 0.1, "0.010000000149011612"},
		{0.6931471824645996, "0.6931471824645996"}, {math.NaN(), "nan"}, {math.Inf(1), "inf"}, {math.Inf(-1), "-inf"},
		{5e-324, "5e-324"}, {12.75, "12.75"},
	} {
		if got := pyFloat(c.v); got != c.want {
			t.Errorf("pyFloat(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}
