package schedules

import "testing"

// BenchmarkEvaluate measures Evaluate, which compiles a small function per
// call.
func BenchmarkEvaluate(b *testing.B) {
	s := NewCosineDecayRestarts(0.1, 100)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Evaluate(s, int64(i)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluatorAt measures reading a value from a compiled Evaluator,
// what an optimizer's LearningRate costs with a schedule.
func BenchmarkEvaluatorAt(b *testing.B) {
	e, err := NewEvaluator(NewCosineDecayRestarts(0.1, 100))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := e.At(int64(i)); err != nil {
			b.Fatal(err)
		}
	}
}
