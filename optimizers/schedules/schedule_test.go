package schedules

import (
	"math"
	"strings"
	"testing"
)

// expect evaluates s at each step and compares with want(step), a float64
// reference written from Keras's formula, within 1e-6 relative plus 1e-7
// of the schedule's largest rate peak: the schedule computes in float32,
// as Keras does, and where a cosine nears −1 the sum 1 + cos keeps only
// float32's absolute precision.
func expect(t *testing.T, s LearningRateSchedule, peak float64, want func(step float64) float64, steps ...int64) {
	t.Helper()
	for _, st := range steps {
		got, err := Evaluate(s, st)
		if err != nil {
			t.Fatalf("%s at step %d: %v", s.ClassName(), st, err)
		}
		w := want(float64(st))
		if math.Abs(got-w) > 1e-6*math.Abs(w)+1e-7*peak {
			t.Errorf("%s at step %d: %.9g, want %.9g", s.ClassName(), st, got, w)
		}
	}
}

// rejects checks that Evaluate refuses s with an error containing part.
func rejects(t *testing.T, s LearningRateSchedule, part string) {
	t.Helper()
	if _, err := Evaluate(s, 1); err == nil || !strings.Contains(err.Error(), part) {
		t.Errorf("%s: error %v, want one mentioning %q", s.ClassName(), err, part)
	}
}

func TestEvaluateNil(t *testing.T) {
	if _, err := Evaluate(nil, 0); err == nil {
		t.Error("nil schedule accepted")
	}
	if _, err := Evaluate((*CosineDecay)(nil), 0); err == nil {
		t.Error("nil *CosineDecay accepted")
	}
}
