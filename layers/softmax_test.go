package layers

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// softmaxRef normalizes groups of x in float64: group(i) names the group
// of flat index i; masked positions get −1e9 added first, as Keras does,
// in float32 as Keras adds it to float32 inputs (so that a fully masked
// group, whose values all round to −1e9, comes out uniform).
func softmaxRef(x []float64, mask []float64, group func(int) int) []float64 {
	z := make([]float64, len(x))
	copy(z, x)
	for i := range z {
		if mask != nil {
			z[i] = float64(float32(z[i]) + float32((1-mask[i])*-1e9))
		}
	}
	top := map[int]float64{}
	for i, v := range z {
		if m, ok := top[group(i)]; !ok || v > m {
			top[group(i)] = v
		}
	}
	sum := map[int]float64{}
	for i, v := range z {
		sum[group(i)] += math.Exp(v - top[group(i)])
	}
	out := make([]float64, len(z))
	for i, v := range z {
		out[i] = math.Exp(v-top[group(i)]) / sum[group(i)]
	}
	return out
}

func f32s(shape []int, v []float64) *tensor.Tensor[float32] {
	d := make([]float32, len(v))
	for i, x := range v {
		d[i] = float32(x)
	}
	return tf32(shape, d...)
}

func TestSoftmaxKerasExample(t *testing.T) {
	// Keras's docstring: [1, 2, 1] → [0.21194157, 0.5761169, 0.21194157].
	runLayer(t, layerCase{
		layer:  NewSoftmax(),
		inputs: one(tf32([]int{1, 3}, 1, 2, 1)),
		want:   one(tf32([]int{1, 3}, 0.21194157, 0.5761169, 0.21194157)),
	})
}

func TestSoftmaxAxes(t *testing.T) {
	x := []float64{1, -2, 0.5, 3, 0, 2, -1, 4, 1.5, 2.5, -0.5, 0.25}
	xt := f32s([]int{2, 2, 3}, x)
	// Flat index i of a (2, 2, 3) array is (i/6, i/3%2, i%3).
	for _, c := range []struct {
		name  string
		l     *Softmax
		group func(int) int
	}{
		{"default, last axis", NewSoftmax(), func(i int) int { return i / 3 }},
		{"axis 1", NewSoftmax(WithAxis(1)), func(i int) int { return i/6*3 + i%3 }},
		{"axis -2", NewSoftmax(WithAxis(-2)), func(i int) int { return i/6*3 + i%3 }},
		{"axes 1 and 2", NewSoftmax(WithAxes(1, 2)), func(i int) int { return i / 6 }},
		{"axes -1 and 1", NewSoftmax(WithAxes(-1, 1)), func(i int) int { return i / 6 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			want := f32s([]int{2, 2, 3}, softmaxRef(x, nil, c.group))
			runLayer(t, layerCase{layer: c.l, inputs: one(xt), want: one(want)})
			runLayer(t, layerCase{layer: c.l, inputs: one(xt), training: true, want: one(want)})
		})
	}
	if l := NewSoftmax(); l.Axis != -1 || l.Axes != nil {
		t.Errorf("defaults: axis %d, axes %v", l.Axis, l.Axes)
	}
}

func TestSoftmaxMask(t *testing.T) {
	x := []float64{1, 2, 3, 4, 0.5, -1, 2, 8}
	m := []float64{1, 0, 1, 0, 1, 1, 1, 1}
	want := f32s([]int{2, 4}, softmaxRef(x, m, func(i int) int { return i / 4 }))
	runLayer(t, layerCase{
		layer:  NewSoftmax(),
		inputs: []*tensor.Tensor[float32]{f32s([]int{2, 4}, x), f32s([]int{2, 4}, m)},
		want:   one(want),
	})
	if w := want.Data(); w[1] != 0 || w[3] != 0 || math.Abs(float64(w[0]+w[2])-1) > 1e-6 {
		t.Errorf("reference: masked probabilities %v", w[:4])
	}
	// A mask of shape (batch, 1, timesteps) over scores (batch, 2,
	// timesteps), as attention masks are; the fully masked row of sample 1
	// gives uniform probabilities, as in Keras.
	x3 := []float64{1, 2, 3, 3, 2, 1, 0, 5, 1, 2, -1, 0}
	m3 := []float64{1, 1, 0, 0, 0, 0}
	mfull := make([]float64, 12)
	for i := range mfull {
		mfull[i] = m3[i/6*3+i%3]
	}
	want3 := f32s([]int{2, 2, 3}, softmaxRef(x3, mfull, func(i int) int { return i / 3 }))
	got := runLayer(t, layerCase{
		layer:  NewSoftmax(),
		inputs: []*tensor.Tensor[float32]{f32s([]int{2, 2, 3}, x3), f32s([]int{2, 1, 3}, m3)},
		want:   one(want3),
	})[0]
	for _, v := range got.Data()[6:] {
		if math.Abs(float64(v)-1.0/3) > 1e-6 {
			t.Errorf("fully masked rows: %v, want 1/3 each", got.Data()[6:])
			break
		}
	}
}

func TestSoftmaxGradient(t *testing.T) {
	gradCheck(t, NewSoftmax(), tf32([]int{2, 3}, 1, -0.5, 0.25, 2, 0, -1))
	gradCheck(t, NewSoftmax(WithAxes(0, 1)), tf32([]int{2, 2}, 0.1, -0.3, 0.7, 0.2))
}

func TestSoftmaxErrors(t *testing.T) {
	wantLayerError(t, "axis and axes", NewSoftmax(WithAxis(1), WithAxes(1)).Err(), "Softmax")
	wantLayerError(t, "empty axes", NewSoftmax(WithAxes()).Err(), "Softmax")
	wantLayerError(t, "unknown keyword", NewSoftmax(WithMaxValue(1)).Err(), "Softmax")
	wantShapeError(t, "axis out of range", NewSoftmax(WithAxis(2)), Shape{-1, 3})
	wantShapeError(t, "repeated axis", NewSoftmax(WithAxes(1, -1)), Shape{-1, 3})
	wantShapeError(t, "mask of another shape", NewSoftmax(), Shape{-1, 3}, Shape{-1, 4})
	wantShapeError(t, "mask of higher rank", NewSoftmax(), Shape{-1, 3}, Shape{-1, 1, 3})
	_, err := BuildLayer(NewSoftmax(), []Shape{{-1, 3}, {-1, 3}, {-1, 3}})
	wantLayerError(t, "three inputs", err, "Softmax")
}
