package initializers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestConstantsAndFans(t *testing.T) {
	for _, c := range []struct {
		init Initializer
		want float32
	}{{Zeros{}, 0}, {Ones{}, 1}, {Constant{Value: 2.5}, 2.5}} {
		v, err := c.init.Init([]int{2, 3}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range v.Data() {
			if x != c.want {
				t.Errorf("%s: %v", c.init.ClassName(), x)
			}
		}
	}
	for _, c := range []struct {
		shape       []int
		in, outFans float64
	}{{nil, 1, 1}, {[]int{5}, 5, 5}, {[]int{3, 4}, 3, 4}, {[]int{3, 3, 2, 8}, 18, 72}} {
		if i, o := Fans(c.shape); i != c.in || o != c.outFans {
			t.Errorf("Fans(%v) = %v, %v", c.shape, i, o)
		}
	}
}

func TestRandomInitializersStatistics(t *testing.T) {
	rng := tensor.NewRNG(3)
	shape := []int{200, 300}
	check := func(name string, v *tensor.Tensor[float32], lo, hi, std float64) {
		t.Helper()
		var sum, sq float64
		for _, x := range v.Data() {
			if float64(x) < lo || float64(x) >= hi {
				t.Fatalf("%s: value %v outside [%v, %v)", name, x, lo, hi)
			}
			sum += float64(x)
			sq += float64(x) * float64(x)
		}
		n := float64(v.Size())
		if got := math.Sqrt(sq/n - (sum/n)*(sum/n)); math.Abs(got-std)/std > 0.03 {
			t.Errorf("%s: stddev %v, want %v", name, got, std)
		}
	}
	limit := math.Sqrt(6.0 / 500)
	v, _ := GlorotUniform().Init(shape, rng)
	check("glorot_uniform", v, -limit, limit, limit/math.Sqrt(3))
	v, _ = HeNormal().Init(shape, rng)
	std := math.Sqrt(2.0 / 200)
	check("he_normal", v, -2*std/truncatedStd, 2*std/truncatedStd, std)
	v, _ = NewRandomUniform().Init(shape, rng)
	check("random_uniform", v, -0.05, 0.05, 0.1/math.Sqrt(12))
	v, _ = NewRandomNormal().Init(shape, rng)
	check("random_normal", v, -1, 1, 0.05)
	v, _ = NewTruncatedNormal().Init(shape, rng)
	check("truncated_normal", v, -0.1, 0.1, 0.05*truncatedStd)
}

func TestSeededAndErrors(t *testing.T) {
	a, _ := GlorotNormal(5).Init([]int{4, 4}, tensor.NewRNG(1))
	b, _ := GlorotNormal(5).Init([]int{4, 4}, tensor.NewRNG(2))
	if !tensor.Equal(a, b) {
		t.Error("a seeded initializer depends on the caller's generator")
	}
	if _, err := GlorotUniform().Init([]int{2}, nil); err == nil {
		t.Error("unseeded initializer without generator: no error")
	}
	if _, err := NewVarianceScaling(1, "fan_sideways", "uniform"); err == nil {
		t.Error("bad mode accepted")
	}
	for _, n := range Names() {
		if i, err := Get(n); err != nil || i == nil {
			t.Errorf("Get(%q): %v", n, err)
		}
	}
	if _, err := Get("orthogonal2"); err == nil {
		t.Error("unknown name accepted")
	}
	if g, _ := Get("glorot_uniform"); g.ClassName() != "GlorotUniform" {
		t.Errorf("class %q", g.ClassName())
	}
}
