package utils

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestToCategorical(t *testing.T) {
	y := tensor.Must(tensor.New([]int{4, 1}, []int32{0, 2, 1, 2}))
	got, err := ToCategorical(y, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Shape(), []int{4, 3}) {
		t.Fatalf("shape %v, want [4 3] (the column of labels loses its last axis)", got.Shape())
	}
	want := []float32{1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1}
	if !slices.Equal(got.Data(), want) {
		t.Errorf("one-hot %v, want %v", got.Data(), want)
	}
	y2 := tensor.Must(tensor.New([]int{2, 2}, []int64{3, 0, 1, 1}))
	got, err = ToCategorical(y2, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Shape(), []int{2, 2, 5}) || got.Data()[3] != 1 || got.Data()[5] != 1 || got.Data()[11] != 1 || got.Data()[16] != 1 {
		t.Errorf("rank-2 labels: shape %v data %v", got.Shape(), got.Data())
	}
	for _, c := range []struct {
		labels []int32
		n      int
		msg    string
	}{{[]int32{0, 3}, 3, "label 3"}, {[]int32{-1}, 0, "label -1"}, {[]int32{}, 0, "no labels"}} {
		_, err := ToCategorical(tensor.Must(tensor.New([]int{len(c.labels)}, c.labels)), c.n)
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("labels %v, %d classes: error %v, want one naming %q", c.labels, c.n, err, c.msg)
		}
	}
}

func TestProgbarAdd(t *testing.T) {
	var b strings.Builder
	p := NewProgbar(&b, 4, 2)
	for range 4 {
		if err := p.Add(1, []ProgbarValue{{"loss", 0.5}}); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.HasPrefix(b.String(), "4/4 - ") || strings.Count(b.String(), "\n") != 1 {
		t.Errorf("after four Add(1) on a 4-step bar: %q", b.String())
	}
}
