package initializers

import (
	"slices"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestIdentity(t *testing.T) {
	for _, c := range []struct {
		shape []int
		gain  float64
		want  []float32
	}{
		{[]int{2, 2}, 1, []float32{1, 0, 0, 1}},
		{[]int{2, 3}, 2.5, []float32{2.5, 0, 0, 0, 2.5, 0}},
		{[]int{3, 2}, -1, []float32{-1, 0, 0, -1, 0, 0}},
	} {
		w, err := (&Identity{Gain: c.gain}).Init(c.shape, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !tensor.Equal(w, tensor.Must(tensor.New(c.shape, c.want))) {
			t.Errorf("Identity(%v) %v = %v", c.gain, c.shape, w.Data())
		}
	}
	for _, s := range [][]int{{3}, {2, 2, 2}} {
		if _, err := NewIdentity().Init(s, nil); err == nil {
			t.Errorf("shape %v accepted", s)
		}
	}
	for _, name := range []string{"identity", "Identity", "IdentityInitializer"} {
		if i := mustGet(t, name); i.ClassName() != "Identity" || i.(*Identity).Gain != 1 {
			t.Errorf("Get(%q) = %v", name, i)
		}
	}
}

func TestNamesAndAliases(t *testing.T) {
	for name, class := range map[string]string{
		"uniform": "RandomUniform", "normal": "RandomNormal", "one": "Ones", "zero": "Zeros",
		"GlorotUniform": "GlorotUniform", "HeNormal": "HeNormal", "VarianceScaling": "VarianceScaling",
		"variance_scaling": "VarianceScaling", "TruncatedNormal": "TruncatedNormal", "Glorot_Uniform": "GlorotUniform",
	} {
		if i := mustGet(t, name); i.ClassName() != class {
			t.Errorf("Get(%q) is a %s, want %s", name, i.ClassName(), class)
		}
	}
	if v := mustGet(t, "variance_scaling").(*VarianceScaling); v.Scale != 1 || v.Mode != "fan_in" || v.Distribution != "truncated_normal" {
		t.Errorf("variance_scaling defaults %+v", v)
	}
	if v, err := NewVarianceScaling(2, "fan_in", "Normal"); err != nil || v.Distribution != "truncated_normal" {
		t.Errorf(`distribution "Normal": %v %v`, v, err)
	}
	names := Names()
	for _, n := range names {
		if n != strings.ToLower(n) {
			t.Errorf("Names lists a class name %q", n)
		}
	}
	if !slices.Contains(names, "orthogonal") || !slices.Contains(names, "identity") || !slices.IsSorted(names) {
		t.Errorf("Names() = %v", names)
	}
}
