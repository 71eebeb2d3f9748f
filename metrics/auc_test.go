package metrics

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

// kerasAUCRef is Keras's thresholded AUC in float64, written from the
// formulas (thresholds, counts with p > t, interpolation).
func kerasAUCRef(y, p, w []float64, th []float64, pr bool) float64 {
	n := len(th)
	tp, fp, tn, fn := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range y {
		for k, t := range th {
			if p[i] > t {
				tp[k] += w[i] * y[i]
				fp[k] += w[i] * (1 - y[i])
			} else {
				fn[k] += w[i] * y[i]
				tn[k] += w[i] * (1 - y[i])
			}
		}
	}
	return areaRef(tp, fp, tn, fn, pr)
}

func div0(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func areaRef(tp, fp, tn, fn []float64, pr bool) float64 {
	var s float64
	for i := 0; i+1 < len(tp); i++ {
		if !pr {
			x0, x1 := div0(fp[i], fp[i]+tn[i]), div0(fp[i+1], fp[i+1]+tn[i+1])
			y0, y1 := div0(tp[i], tp[i]+fn[i]), div0(tp[i+1], tp[i+1]+fn[i+1])
			s += (x0 - x1) * (y0 + y1) / 2
			continue
		}
		dtp := tp[i] - tp[i+1]
		p0, p1 := tp[i]+fp[i], tp[i+1]+fp[i+1]
		slope := div0(dtp, math.Max(p0-p1, 0))
		icpt := tp[i+1] - slope*p1
		ratio := 1.0
		if p0 > 0 && p1 > 0 {
			ratio = p0 / p1
		}
		s += div0(slope*(dtp+icpt*math.Log(ratio)), math.Max(tp[i+1]+fn[i+1], 0))
	}
	return s
}

// exactAUC is the area with a threshold between every pair of distinct
// scores: the exact trapezoid ROC area (ties counted half), and for PR the
// same Davis–Goadrich interpolation between every distinct score.
func exactAUC(y, p []float64, pr bool) float64 {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	var pos, neg float64
	for _, v := range y {
		pos += v
		neg += 1 - v
	}
	// Points from the highest threshold (nothing positive) down.
	tp, fp := []float64{0}, []float64{0}
	for k := 0; k < len(idx); {
		ctp, cfp := tp[len(tp)-1], fp[len(fp)-1]
		j := k
		for ; j < len(idx) && p[idx[j]] == p[idx[k]]; j++ {
			ctp += y[idx[j]]
			cfp += 1 - y[idx[j]]
		}
		tp, fp = append(tp, ctp), append(fp, cfp)
		k = j
	}
	// areaRef walks thresholds upwards: reverse.
	n := len(tp)
	rt, rf, rtn, rfn := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range tp {
		r := n - 1 - i
		rt[r], rf[r], rfn[r], rtn[r] = tp[i], fp[i], pos-tp[i], neg-fp[i]
	}
	return areaRef(rt, rf, rtn, rfn, pr)
}

func TestAUCHandCases(t *testing.T) {
	// Perfect ranking: ROC 1; reversed: 0; all-equal predictions: 0.5.
	y := f32([]int{4}, 0, 0, 1, 1)
	for _, c := range []struct {
		name string
		p    *tensor.Tensor[float32]
		want float64
	}{
		{"perfect", f32([]int{4}, 0.1, 0.2, 0.8, 0.9), 1},
		{"confident", f32([]int{4}, 0, 0, 1, 1), 1},
		{"reversed", f32([]int{4}, 0.9, 0.8, 0.2, 0.1), 0},
		{"all zero", f32([]int{4}, 0, 0, 0, 0), 0.5},
	} {
		s := NewStandalone(NewAUC())
		upd(t, s, y, c.p, nil)
		closeTo(t, c.name, []float64{s.Result()}, []float64{c.want}, 1e-6)
	}
	// Keras's docstring case: [0,0,1,1] vs [0,0.5,0.3,0.9] with 3 thresholds → 0.75.
	m := NewAUC()
	m.NumThresholds = 3
	s := NewStandalone(m)
	upd(t, s, y, f32([]int{4}, 0, 0.5, 0.3, 0.9), nil)
	closeTo(t, "3 thresholds", []float64{s.Result()}, []float64{0.75}, 1e-6)
	// Zero weights and no positives: 0.
	s = NewStandalone(NewAUC())
	upd(t, s, y, f32([]int{4}, 0.1, 0.2, 0.8, 0.9), f32([]int{4}, 0, 0, 0, 0))
	closeTo(t, "zero weights", []float64{s.Result()}, []float64{0}, 0)
	s = NewStandalone(&AUC{NumThresholds: 200, Curve: "PR", name: "auc"})
	upd(t, s, y, f32([]int{4}, 0.1, 0.2, 0.8, 0.9), nil)
	closeTo(t, "PR perfect", []float64{s.Result()}, []float64{1}, 1e-6)
	bad := NewAUC()
	bad.Curve = "XY"
	if err := NewStandalone(bad).UpdateState(y, y, nil); err == nil {
		t.Error("curve XY accepted")
	}
}

func TestAUCRandom(t *testing.T) {
	const n = 10000
	r := rand.New(rand.NewPCG(5, 7))
	y, p, w := make([]float64, n), make([]float64, n), make([]float64, n)
	yt, pt, wt := make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range y {
		if r.Float64() < 0.3 {
			y[i] = 1
		}
		// Scores overlap between the classes: logistic of a shifted normal.
		p[i] = float64(float32(1 / (1 + math.Exp(-(r.NormFloat64() + 1.5*y[i] - 0.5)))))
		w[i] = 1
		yt[i], pt[i], wt[i] = float32(y[i]), float32(p[i]), 1
	}
	for _, curve := range []string{"ROC", "PR"} {
		pr := curve == "PR"
		m := NewAUC()
		m.Curve = curve
		s := NewStandalone(m)
		// Ten batches of 1000, accumulated.
		for b := 0; b < n; b += 1000 {
			upd(t, s, f32([]int{1000}, yt[b:b+1000]...), f32([]int{1000}, pt[b:b+1000]...), nil)
		}
		got := s.Result()
		keras := kerasAUCRef(y, p, w, AUCThresholds(200), pr)
		exact := exactAUC(y, p, pr)
		// Our AUC is Keras's thresholded algorithm (float32 arithmetic).
		if math.Abs(got-keras) > 2e-5 {
			t.Errorf("%s: %.7f, Keras's algorithm in float64 %.7f", curve, got, keras)
		}
		// Keras's 200 thresholds approximate the exact area: 6e-5 off for
		// both curves on these points; the bound allows 1e-3.
		if math.Abs(got-exact) > 1e-3 {
			t.Errorf("%s: %.7f, exact %.7f", curve, got, exact)
		}
		t.Logf("%s: ours %.6f, Keras float64 %.6f, exact %.6f", curve, got, keras, exact)
	}
}

// riemannRef is Keras's minoring/majoring/interpolation Riemann sum over
// the curve's points, in float64.
func riemannRef(y, p []float64, th []float64, pr bool, method string) float64 {
	n := len(th)
	tp, fp, tn, fn := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range y {
		for k, t := range th {
			if p[i] > t {
				tp[k] += y[i]
				fp[k] += 1 - y[i]
			} else {
				fn[k] += y[i]
				tn[k] += 1 - y[i]
			}
		}
	}
	var s float64
	for i := 0; i+1 < n; i++ {
		rc0, rc1 := div0(tp[i], tp[i]+fn[i]), div0(tp[i+1], tp[i+1]+fn[i+1])
		x0, x1, y0, y1 := div0(fp[i], fp[i]+tn[i]), div0(fp[i+1], fp[i+1]+tn[i+1]), rc0, rc1
		if pr {
			x0, x1, y0, y1 = rc0, rc1, div0(tp[i], tp[i]+fp[i]), div0(tp[i+1], tp[i+1]+fp[i+1])
		}
		h := (y0 + y1) / 2
		switch method {
		case "minoring":
			h = math.Min(y0, y1)
		case "majoring":
			h = math.Max(y0, y1)
		}
		s += (x0 - x1) * h
	}
	return s
}

func TestAUCOptions(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 1))
	const n = 300
	y, p, logit := make([]float64, n), make([]float64, n), make([]float64, n)
	yt, pt, lt := make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range y {
		if r.Float64() < 0.4 {
			y[i] = 1
		}
		lt[i] = float32(r.NormFloat64() + y[i])
		logit[i] = float64(lt[i])
		p[i] = float64(float32(1 / (1 + math.Exp(-logit[i]))))
		yt[i], pt[i] = float32(y[i]), float32(p[i])
	}
	ys, ps := f32([]int{n}, yt...), f32([]int{n}, pt...)
	for _, curve := range []string{"ROC", "PR"} {
		for _, method := range []string{"minoring", "majoring"} {
			m := NewAUC()
			m.Curve, m.SummationMethod = curve, method
			s := NewStandalone(m)
			upd(t, s, ys, ps, nil)
			want := riemannRef(y, p, AUCThresholds(200), curve == "PR", method)
			closeTo(t, curve+" "+method, []float64{s.Result()}, []float64{want}, 2e-5)
		}
	}
	// ROC interpolation equals the Riemann form with trapezoid heights.
	s := NewStandalone(NewAUC())
	upd(t, s, ys, ps, nil)
	closeTo(t, "ROC interpolation", []float64{s.Result()}, []float64{riemannRef(y, p, AUCThresholds(200), false, "interpolation")}, 2e-5)
	// Explicit thresholds; from logits gives the same as the probabilities.
	m := NewAUC()
	m.Thresholds = []float64{0.25, 0.5, 0.75}
	s = NewStandalone(m)
	upd(t, s, ys, ps, nil)
	closeTo(t, "thresholds", []float64{s.Result()}, []float64{riemannRef(y, p, []float64{-1e-7, 0.25, 0.5, 0.75, 1 + 1e-7}, false, "interpolation")}, 2e-5)
	m = NewAUC()
	m.FromLogits = true
	s = NewStandalone(m)
	upd(t, s, ys, f32([]int{n}, lt...), nil)
	closeTo(t, "from logits", []float64{s.Result()}, []float64{riemannRef(y, p, AUCThresholds(200), false, "interpolation")}, 1e-4)
	bad := NewAUC()
	bad.SummationMethod = "simpson"
	if err := NewStandalone(bad).UpdateState(ys, ps, nil); err == nil {
		t.Error("simpson accepted")
	}
}
