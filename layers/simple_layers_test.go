package layers

import (
	"errors"
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestActivationLayer(t *testing.T) {
	runLayer(t, layerCase{
		layer:  NewActivation("relu"),
		inputs: []*tensor.Tensor[float32]{tf32([]int{1, 3}, -1, 0, 2)},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 3}, 0, 0, 2)},
	})
	e1, e2 := math.Exp(1), math.Exp(2)
	s := e1 + e2 + 1
	runLayer(t, layerCase{
		layer:  NewActivation("softmax"),
		inputs: []*tensor.Tensor[float32]{tf32([]int{1, 3}, 1, 2, 0)},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 3}, float32(e1/s), float32(e2/s), float32(1/s))},
	})
	if NewActivation("bogus").Err() == nil {
		t.Error("unknown activation: no error")
	}
}

func TestFlatten(t *testing.T) {
	runLayer(t, layerCase{
		layer:  NewFlatten(),
		inputs: []*tensor.Tensor[float32]{tf32([]int{2, 2, 2}, 1, 2, 3, 4, 5, 6, 7, 8)},
		want:   []*tensor.Tensor[float32]{tf32([]int{2, 4}, 1, 2, 3, 4, 5, 6, 7, 8)},
	})
	if NewFlatten(WithDataFormat("channels_first")).Err() == nil {
		t.Error("channels_first accepted")
	}
}

func TestReshape(t *testing.T) {
	runLayer(t, layerCase{
		layer:  NewReshape([]int{3, -1}),
		inputs: []*tensor.Tensor[float32]{tf32([]int{1, 6}, 1, 2, 3, 4, 5, 6)},
		want:   []*tensor.Tensor[float32]{tf32([]int{1, 3, 2}, 1, 2, 3, 4, 5, 6)},
	})
	_, err := BuildLayer(NewReshape([]int{4}), []Shape{{-1, 6}})
	if !errors.Is(err, ErrShape) {
		t.Errorf("impossible reshape: %v", err)
	}
	if NewReshape([]int{-1, -1}).Err() == nil {
		t.Error("two -1 accepted")
	}
}

func TestDropout(t *testing.T) {
	x := tensor.Must(tensor.Ones[float32](4, 1000))
	runLayer(t, layerCase{layer: NewDropout(0.5), inputs: []*tensor.Tensor[float32]{x}, want: []*tensor.Tensor[float32]{x}})
	out := runLayer(t, layerCase{layer: NewDropout(0.25), inputs: []*tensor.Tensor[float32]{x}, training: true})[0]
	zeros := 0
	for _, v := range out.Data() {
		switch {
		case v == 0:
			zeros++
		case math.Abs(float64(v)-1/0.75) > 1e-6:
			t.Fatalf("kept value %v, want 1/0.75", v)
		}
	}
	if frac := float64(zeros) / 4000; frac < 0.2 || frac > 0.3 {
		t.Errorf("dropped %.3f of the values, want about 0.25", frac)
	}
	if NewDropout(1).Err() == nil {
		t.Error("rate 1 accepted")
	}
}

func TestInputAndApply(t *testing.T) {
	x := Input(3)
	if got := x.Shape(); len(got) != 2 || got[0] != -1 || got[1] != 3 {
		t.Errorf("Input shape %v", got)
	}
	y := NewDense(5).Apply(x)
	if y.Err() != nil || y.Shape()[1] != 5 {
		t.Errorf("Apply: %v %v", y, y.Err())
	}
	bad := NewDense(2).Apply(Input(3, 4), Input(3))
	if bad.Err() == nil {
		t.Error("two inputs to Dense: no error")
	}
	z := NewActivation("relu").Apply(bad)
	if z.Err() == nil {
		t.Error("error did not propagate")
	}
}

func TestSnakeCase(t *testing.T) {
	for in, want := range map[string]string{"Dense": "dense", "InputLayer": "input_layer", "Conv2D": "conv2d", "BatchNormalization": "batch_normalization", "LSTM": "lstm"} {
		if got := SnakeCase(in); got != want {
			t.Errorf("SnakeCase(%q) = %q, want %q", in, got, want)
		}
	}
}
