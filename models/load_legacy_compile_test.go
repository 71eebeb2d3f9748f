package models

import (
	"path/filepath"
	"testing"

	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/saving/savingtest"
	"github.com/gokeras/gokeras/tensor"
)

// TestLoadLegacyModelCompiles loads the Keras 2.3.1 MLP fixture: with its
// training_config's decay it loads uncompiled; with the decay set to 0 it
// loads compiled as its training_config says, and trains.
func TestLoadLegacyModelCompiles(t *testing.T) {
	dir, err := savingtest.Dir()
	if err != nil {
		t.Skip(err)
	}
	path := filepath.Join(dir, "dl4j/simple_sparse_xent_mlp_keras_2_model.h5")
	m, err := LoadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	if m.Optimizer() != nil {
		t.Errorf("a model whose optimizer has decay=1e-6 loaded compiled with %s", m.Optimizer().ClassName())
	}
	h := readH5Fixture(t, "dl4j/simple_sparse_xent_mlp_keras_2_model.h5")
	h.Compile.Optimizer.Config.Set("decay", 0.0)
	b, err := saving.EncodeH5(h)
	if err != nil {
		t.Fatal(err)
	}
	m, err = LoadModelBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	o, ok := m.Optimizer().(*optimizers.RMSprop)
	if !ok {
		t.Fatalf("loaded with optimizer %v, want RMSprop", m.Optimizer())
	}
	if o.LearningRate() != float64(float32(1e-4)) || o.Rho != 0.8999999761581421 || o.Epsilon != 1e-7 {
		t.Errorf("RMSprop %+v, learning rate %v", o, o.LearningRate())
	}
	cc, err := m.comp.config()
	if err != nil {
		t.Fatal(err)
	}
	if cc.Loss != "sparse_categorical_crossentropy" || len(cc.Metrics.([]any)) != 1 || cc.Metrics.([]any)[0] != "accuracy" {
		t.Errorf("compiled with loss %v, metrics %v", cc.Loss, cc.Metrics)
	}
	x := tensor.Must(tensor.New([]int{3, 4}, []float32{0.1, -0.2, 0.3, 0.4, 1, 0.5, -0.5, 0, 0.2, 0.2, -1, 0.7}))
	y := tensor.Must(tensor.New([]int{3}, []float32{0, 2, 1}))
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	if o.Iterations() != 1 {
		t.Errorf("iterations %d after one batch", o.Iterations())
	}
}
