package metrics

import (
	"testing"
)

// fbetaRef is Keras's F-beta formula in float64 from the counts.
func fbetaRef(y, p [][]float64, w []float64, beta float64, threshold *float64, average string) []float64 {
	c := len(y[0])
	tp, fp, fn, iw := make([]float64, c), make([]float64, c), make([]float64, c), make([]float64, c)
	for i := range y {
		top := p[i][0]
		for _, v := range p[i] {
			top = max(top, v)
		}
		for j := 0; j < c; j++ {
			var pos float64
			if threshold == nil {
				if p[i][j] >= top && (p[i][j] > 1e-9 || p[i][j] < -1e-9) {
					pos = 1
				}
			} else if p[i][j] > *threshold {
				pos = 1
			}
			tp[j] += w[i] * pos * y[i][j]
			fp[j] += w[i] * pos * (1 - y[i][j])
			fn[j] += w[i] * (1 - pos) * y[i][j]
			iw[j] += w[i] * y[i][j]
		}
	}
	const eps = 1e-7
	f := func(tp, fp, fn float64) float64 {
		pr, rc := tp/(tp+fp+eps), tp/(tp+fn+eps)
		return (1 + beta*beta) * pr * rc / (beta*beta*pr + rc + eps)
	}
	if average == "micro" {
		var a, b, d float64
		for j := range tp {
			a, b, d = a+tp[j], b+fp[j], d+fn[j]
		}
		return []float64{f(a, b, d)}
	}
	out := make([]float64, c)
	var mean, wsum, wtot float64
	for j := range out {
		out[j] = f(tp[j], fp[j], fn[j])
		mean += out[j] / float64(c)
		wtot += iw[j]
	}
	for j := range out {
		wsum += out[j] * iw[j] / (wtot + eps)
	}
	switch average {
	case "macro":
		return []float64{mean}
	case "weighted":
		return []float64{wsum}
	}
	return out
}

func TestFBetaScore(t *testing.T) {
	yv := [][]float64{{1, 1, 1}, {1, 0, 0}, {1, 1, 0}}
	pv := [][]float64{{0.2, 0.6, 0.7}, {0.2, 0.6, 0.6}, {0.6, 0.8, 0.0}}
	flat := func(v [][]float64) []float32 {
		var o []float32
		for _, r := range v {
			for _, x := range r {
				o = append(o, float32(x))
			}
		}
		return o
	}
	y, p := f32([]int{3, 3}, flat(yv)...), f32([]int{3, 3}, flat(pv)...)
	half := 0.5
	for _, c := range []struct {
		beta    float64
		th      *float64
		average string
		w       []float64
	}{
		{1, &half, "", []float64{1, 1, 1}},
		{2, &half, "micro", []float64{1, 1, 1}},
		{0.5, nil, "macro", []float64{1, 1, 1}},
		{1, nil, "weighted", []float64{0.5, 2, 1}},
		{1, nil, "", []float64{0, 0, 0}},
	} {
		m := NewFBetaScore()
		m.Beta, m.Threshold, m.Average = c.beta, c.th, c.average
		s := NewStandalone(m)
		upd(t, s, y, p, f32([]int{3}, float32(c.w[0]), float32(c.w[1]), float32(c.w[2])))
		closeTo(t, "fbeta "+c.average, s.Values(), fbetaRef(yv, pv, c.w, c.beta, c.th, c.average), 1e-6)
	}
	// Keras's F1Score docstring case (threshold 0.5, average None):
	// [0.5, 0.8, 0.6666667] — hand values 2·pr·rc/(pr+rc).
	m := NewF1Score()
	m.Threshold = &half
	s := NewStandalone(m)
	upd(t, s, y, p, nil)
	closeTo(t, "f1", s.Values(), []float64{0.5, 0.8, 2.0 / 3}, 1e-6)
	if m.Name() != "f1_score" {
		t.Errorf("name %q", m.Name())
	}
	// Perfectly confident right predictions score 1; all-zero predictions 0.
	s = NewStandalone(&F1Score{FBetaScore{Beta: 1, Average: "macro", name: "f1_score"}})
	upd(t, s, f32([]int{2, 2}, 1, 0, 0, 1), f32([]int{2, 2}, 1, 0, 0, 1), nil)
	closeTo(t, "f1 confident", s.Values(), []float64{1}, 1e-6)
	s = NewStandalone(&F1Score{FBetaScore{Beta: 1, Average: "macro", name: "f1_score"}})
	upd(t, s, f32([]int{2, 2}, 1, 0, 0, 1), f32([]int{2, 2}, 0, 0, 0, 0), nil)
	closeTo(t, "f1 zero predictions", s.Values(), []float64{0}, 0)
	bad := NewFBetaScore()
	bad.Average = "samples"
	if err := NewStandalone(bad).UpdateState(y, p, nil); err == nil {
		t.Error("average samples accepted")
	}
}
