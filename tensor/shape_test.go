package tensor

import "testing"

func TestShapeString(t *testing.T) {
	cases := []struct {
		shape []int
		want  string
	}{
		{nil, "()"},
		{[]int{}, "()"},
		{[]int{5}, "(5,)"},
		{[]int{2, 3}, "(2, 3)"},
		{[]int{-1, 28, 28, 1}, "(None, 28, 28, 1)"},
		{[]int{-1}, "(None,)"},
		{[]int{0, -2}, "(0, -2)"},
	}
	for _, c := range cases {
		if got := ShapeString(c.shape); got != c.want {
			t.Errorf("ShapeString(%v) = %q, want %q", c.shape, got, c.want)
		}
	}
}

func TestSameShape(t *testing.T) {
	cases := []struct {
		a, b []int
		want bool
	}{
		{nil, []int{}, true},
		{[]int{2, 3}, []int{2, 3}, true},
		{[]int{2, 3}, []int{3, 2}, false},
		{[]int{2, 3}, []int{2, 3, 1}, false},
		{[]int{-1, 3}, []int{-1, 3}, true},
		{[]int{-1, 3}, []int{4, 3}, false},
	}
	for _, c := range cases {
		if got := SameShape(c.a, c.b); got != c.want {
			t.Errorf("SameShape(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
