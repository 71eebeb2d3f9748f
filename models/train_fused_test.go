package models

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/tensor"
)

// The train function of a model compiled with Keras's RMSprop runs each
// weight's update as one fused kernel: the optimizer writes the rule in
// the form the graph compiler recognises.
func TestTrainFunctionFusesRMSprop(t *testing.T) {
	m := NewSequential(
		layers.NewDense(16, layers.WithActivation("relu"), layers.WithInputShape(8)),
		layers.NewDense(1, layers.WithActivation("sigmoid")),
	)
	if err := m.Compile("rmsprop", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	if m.TrainFunction() != nil || m.TestFunction() != nil || m.PredictFunction() != nil {
		t.Fatal("compiled functions before the model ran")
	}
	x := tensor.Must(tensor.Zeros[float32](4, 8))
	y := tensor.Must(tensor.Zeros[float32](4, 1))
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	f := m.TrainFunction()
	if f == nil {
		t.Fatal("no train function after TrainOnBatch")
	}
	f.SetProfiling(true)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	if p := f.Profile(); p.Calls != 1 || !strings.Contains(p.String(), "(fused RMSprop kernel)") {
		t.Errorf("profile of one train step:\n%s", p)
	}
	if _, err := m.PredictOnBatch(x); err != nil {
		t.Fatal(err)
	}
	if m.PredictFunction() == nil {
		t.Error("no predict function after PredictOnBatch")
	}
	dbg := f.DebugString()
	// Four weights, each with a velocity: eight fused nodes.
	if n := strings.Count(dbg, "(fused RMSprop kernel)"); n < 8 {
		t.Errorf("%d nodes of the train function run on the fused RMSprop kernel, want 8:\n%s", n, dbg)
	}
}

// Adam's updates of each weight run as one fused kernel too.
func TestTrainFunctionFusesAdam(t *testing.T) {
	m := NewSequential(
		layers.NewDense(16, layers.WithActivation("relu"), layers.WithInputShape(8)),
		layers.NewDense(3, layers.WithActivation("softmax")),
	)
	if err := m.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	x := tensor.Must(tensor.Zeros[float32](4, 8))
	y := tensor.Must(tensor.Zeros[int32](4))
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	dbg := m.TrainFunction().DebugString()
	// Each of the four weights: its update, momentum and velocity.
	fused := map[string]bool{}
	for _, sub := range regexp.MustCompile(`\(into "([^"]+)"\) \(fused Adam kernel\)`).FindAllStringSubmatch(dbg, -1) {
		fused[sub[1]] = true
	}
	if len(fused) != 12 {
		t.Errorf("%d variables updated by the fused Adam kernel, want 12 (%v):\n%s", len(fused), fused, dbg)
	}
}
