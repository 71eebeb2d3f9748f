package layers

import (
	"math"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// attentionRef computes softmax(score(q, k))·v per sample in float64, for
// (batch, T, dim) inputs.
func attentionRef(q, v *tensor.Tensor[float32], concat bool) []float32 {
	qs, vs := q.Shape(), v.Shape()
	b, tq, tv, d := qs[0], qs[1], vs[1], qs[2]
	qd, vd := q.Data(), v.Data()
	var out []float32
	for s := range b {
		for i := range tq {
			scores := make([]float64, tv)
			mx := math.Inf(-1)
			for j := range tv {
				for k := range d {
					a, c := float64(qd[(s*tq+i)*d+k]), float64(vd[(s*tv+j)*d+k])
					if concat {
						scores[j] += math.Tanh(a + c)
					} else {
						scores[j] += a * c
					}
				}
				mx = math.Max(mx, scores[j])
			}
			sum := 0.0
			for j := range scores {
				scores[j] = math.Exp(scores[j] - mx)
				sum += scores[j]
			}
			for k := range d {
				acc := 0.0
				for j := range tv {
					acc += scores[j] / sum * float64(vd[(s*tv+j)*d+k])
				}
				out = append(out, float32(acc))
			}
		}
	}
	return out
}

func TestAttention(t *testing.T) {
	r := tensor.NewRNG(30)
	q := tensor.Must(tensor.RandUniform[float32](r, -1, 1, 2, 3, 4))
	v := tensor.Must(tensor.RandUniform[float32](r, -1, 1, 2, 5, 4))
	for _, concat := range []bool{false, true} {
		mode := "dot"
		if concat {
			mode = "concat"
		}
		want := tf32([]int{2, 3, 4}, attentionRef(q, v, concat)...)
		runLayer(t, layerCase{layer: NewAttention(Kwarg("score_mode", mode), Kwarg("use_scale", true)), inputs: []*tensor.Tensor[float32]{q, v}, want: one(want), tol: 1e-5})
	}
	// Rank 2: the batch's samples are the steps.
	q2 := tf32([]int{2, 2}, 1, 0, 0, 1)
	out := runLayer(t, layerCase{layer: NewAttention(), inputs: []*tensor.Tensor[float32]{q2, q2}})
	e := math.E / (math.E + 1)
	if d := out[0].Data(); math.Abs(float64(d[0])-e) > 1e-6 || math.Abs(float64(d[1])-(1-e)) > 1e-6 {
		t.Errorf("rank-2 attention %v, want [%v %v …]", d, e, 1-e)
	}
	wantLayerError(t, "score mode", NewAttention(Kwarg("score_mode", "additive")).Err(), "Attention")
	wantShapeError(t, "dims", NewAttention(), Shape{-1, 3, 4}, Shape{-1, 5, 6})
	back, js := roundTrip(t, NewAttention(Kwarg("use_scale", true), WithDropoutRate(0.1)))
	if !strings.Contains(js, `"use_scale": true`) || !strings.Contains(js, `"score_mode": "dot"`) {
		t.Errorf("config %s", js)
	}
	if b := back.(*Attention); !b.UseScale || b.Dropout != 0.1 {
		t.Errorf("round trip gave %+v", b)
	}
}
