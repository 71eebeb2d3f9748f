package tensor

import (
	"strings"
	"testing"
)

// dimsFrom turns fuzz bytes into a small shape, with 255 standing for -1.
func dimsFrom(b []byte) []int {
	if len(b) > 5 {
		b = b[:5]
	}
	dims := make([]int, len(b))
	for i, v := range b {
		dims[i] = int(v % 8)
		if v == 255 {
			dims[i] = -1
		}
	}
	return dims
}

func FuzzReshape(f *testing.F) {
	f.Add([]byte{2, 3}, []byte{3, 2})
	f.Add([]byte{2, 3, 4}, []byte{255, 4})
	f.Add([]byte{0, 3}, []byte{255, 0})
	f.Add([]byte{}, []byte{1, 1, 255})
	f.Fuzz(func(t *testing.T, from, to []byte) {
		shape := dimsFrom(from)
		for i := range shape {
			shape[i] = max(shape[i], 0)
		}
		x := Must(Zeros[int32](shape...))
		target := dimsFrom(to)
		y, err := x.Reshape(target...)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "tensor: Reshape: cannot reshape ") {
				t.Fatalf("unexpected error text: %v", err)
			}
			return
		}
		if y.Size() != x.Size() || y.Rank() != len(target) {
			t.Fatalf("Reshape%v of %v gave %v", target, shape, y.Shape())
		}
		for i, d := range target {
			if d >= 0 && y.Dim(i) != d {
				t.Fatalf("Reshape%v of %v gave %v", target, shape, y.Shape())
			}
		}
	})
}

func FuzzString(f *testing.F) {
	f.Add([]byte{2, 3}, 1.5, int64(1))
	f.Add([]byte{7, 7, 7, 7}, 1e-9, int64(-3))
	f.Add([]byte{1}, 1e300, int64(1<<62))
	f.Fuzz(func(t *testing.T, dims []byte, scale float64, step int64) {
		shape := dimsFrom(dims)
		for i := range shape {
			shape[i] = max(shape[i], 0)
		}
		x := Must(Zeros[float64](shape...))
		y := Must(Zeros[int64](shape...))
		for i := range x.Data() {
			x.Data()[i] = scale * float64(i-3)
			y.Data()[i] = step * int64(i-3)
		}
		for _, s := range []string{x.String(), y.String()} {
			if strings.Count(s, "[") != strings.Count(s, "]") {
				t.Fatalf("unbalanced brackets:\n%s", s)
			}
			for _, line := range strings.Split(s, "\n") {
				if strings.HasSuffix(line, " ") || len(line) > printLineWidth {
					t.Fatalf("trailing space or over-long line %q", line)
				}
			}
		}
	})
}
