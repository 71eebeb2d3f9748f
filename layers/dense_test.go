package layers

import (
	"errors"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/tensor"
)

func TestDenseKnownAnswer(t *testing.T) {
	d := NewDense(2, WithActivation("relu"))
	runLayer(t, layerCase{
		layer:  d,
		inputs: []*tensor.Tensor[float32]{tf32([]int{2, 3}, 1, 2, 3, -1, 0, 1)},
		setup: func(t *testing.T) {
			if err := d.Kernel().Assign(tf32([]int{3, 2}, 1, -1, 0, 2, 1, 0.5)); err != nil {
				t.Fatal(err)
			}
			if err := d.Bias().Assign(tf32([]int{2}, 0.5, -10)); err != nil {
				t.Fatal(err)
			}
		},
		// [1 2 3]·K = [4, 4.5] + b = [4.5, -5.5] → relu [4.5, 0];
		// [-1 0 1]·K = [0, 1.5] + b = [0.5, -8.5] → [0.5, 0].
		want: []*tensor.Tensor[float32]{tf32([]int{2, 2}, 4.5, 0, 0.5, 0)},
	})
}

func TestDenseRank3AndNoBias(t *testing.T) {
	d := NewDense(1, WithUseBias(false), WithKernelInitializer("ones"))
	runLayer(t, layerCase{
		layer:  d,
		inputs: []*tensor.Tensor[float32]{tf32([]int{1, 2, 2}, 1, 2, 3, 4)},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 2, 1}, 3, 7)},
	})
	if d.Bias() != nil || len(d.Weights()) != 1 {
		t.Errorf("use_bias=false made a bias: %v", d.Weights())
	}
}

func TestDenseWeightsAndDefaults(t *testing.T) {
	ClearSession()
	d := NewDense(4)
	if _, err := BuildLayer(d, []Shape{{-1, 3}}); err != nil {
		t.Fatal(err)
	}
	if d.Name() != "dense" || d.ClassName() != "Dense" || d.CountParams() != 16 {
		t.Errorf("name %q class %q params %d", d.Name(), d.ClassName(), d.CountParams())
	}
	if d.Kernel().Name() != "dense/kernel" || d.Bias().Name() != "dense/bias" {
		t.Errorf("weight names %q %q", d.Kernel().Name(), d.Bias().Name())
	}
	// glorot_uniform: |w| < sqrt(6/(3+4)); zeros bias.
	limit := float32(0.9258201)
	for _, v := range d.Kernel().Float32().Data() {
		if v <= -limit || v >= limit || v == 0 {
			t.Errorf("kernel value %v outside glorot_uniform's (−%v, %v)", v, limit, limit)
		}
	}
	for _, v := range d.Bias().Float32().Data() {
		if v != 0 {
			t.Errorf("bias %v, want 0", v)
		}
	}
	if NewDense(4).Name() != "dense_1" {
		t.Error("second Dense is not named dense_1")
	}
}

func TestDenseSeededInitializerIsReproducible(t *testing.T) {
	a := NewDense(3, WithKernelInitializer(initializers.GlorotUniform(7)))
	b := NewDense(3, WithKernelInitializer(initializers.GlorotUniform(7)))
	for _, l := range []*Dense{a, b} {
		if _, err := BuildLayer(l, []Shape{{-1, 5}}); err != nil {
			t.Fatal(err)
		}
	}
	if !tensor.Equal(a.Kernel().Float32(), b.Kernel().Float32()) {
		t.Error("equal seeds gave different kernels")
	}
}

func TestDenseErrors(t *testing.T) {
	d := NewDense(2, WithName("out"))
	if _, err := BuildLayer(d, []Shape{{-1, 3}}); err != nil {
		t.Fatal(err)
	}
	_, err := BuildLayer(d, []Shape{{-1, 4}})
	if !errors.Is(err, ErrShape) || !strings.Contains(err.Error(), `Dense "out"`) || !strings.Contains(err.Error(), "(None, 4)") {
		t.Errorf("wrong input size: error %v", err)
	}
	for _, l := range []*Dense{
		NewDense(0),
		NewDense(2, WithActivation("nope")),
		NewDense(2, WithKernelInitializer("nope")),
		NewDense(2, WithAxis(1)),
	} {
		if l.Err() == nil {
			t.Errorf("%s: no error", l.Name())
		}
	}
	if err := NewDense(2, WithAxis(1)).Err(); err == nil || !strings.Contains(err.Error(), "axis") {
		t.Errorf("unknown option: %v", err)
	}
	if _, err := BuildLayer(NewDense(2), []Shape{{-1}}); !errors.Is(err, ErrShape) {
		t.Errorf("rank-1 input: %v", err)
	}
}

func TestDenseRegularizerAddsPenalty(t *testing.T) {
	d := NewDense(1, WithKernelRegularizer(regularizers.L2(0.5)), WithActivityRegularizer("l1"))
	if d.KernelRegularizer == nil || d.ActivityRegularizer == nil {
		t.Fatal("regularizers not set")
	}
	if _, err := BuildLayer(d, []Shape{{-1, 2}}); err != nil {
		t.Fatal(err)
	}
	if d.Kernel().Regularizer == nil {
		t.Error("kernel variable has no regularizer")
	}
}
