package saving_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// A Keras 2 config (as a legacy .h5 file or TensorFlow.js holds it) parses
// into the normalized tree, and layer constructors read their fields with
// typed getters.
func ExampleParseModelConfig() {
	m, err := saving.ParseModelConfig([]byte(`{"class_name": "Sequential", "config": {"name": "mlp", "layers": [
		{"class_name": "Dense", "config": {"name": "dense_1", "units": 3, "activation": "relu", "batch_input_shape": [null, 4],
		 "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.01}}}}]}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Dialect, m.Kind == saving.Sequential, m.Name)
	for _, l := range m.Layers {
		fmt.Println(l.ClassName, l.Name)
	}
	dense := m.Layer("dense_1").Config
	units, _ := dense.Int("units")
	reg, _ := dense.Object("kernel_regularizer")
	shape, _ := m.Layers[0].Config.Shape("batch_shape")
	fmt.Println(units, reg.ClassName, shape)
	_, err = dense.Int("activation")
	fmt.Println(err)
	// Output:
	// Keras 2 true mlp
	// InputLayer dense_1_input
	// Dense dense_1
	// 3 L2 [-1 4]
	// saving: layer "dense_1" (Dense): config field "activation": expected an integer, received "relu"
}

// Reading a .keras archive from memory, as from a go:embed variable.
func ExampleReadKerasFile() {
	data, err := os.ReadFile("testdata/keras3_nested_container.keras")
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Model.ClassName)
	for _, v := range a.Vars.Entries {
		var shapes [][]int
		for _, t := range v.Values {
			shapes = append(shapes, t.Shape())
		}
		fmt.Printf("%q %q %v\n", v.Path, v.Name, shapes)
	}
	// Output:
	// NestedDenseModel
	// "" "nested_dense_model" []
	// "layers/dense" "d_0" [[4 4]]
	// "layers/dense_1" "d_1" [[4 4]]
	// "layers/dense_2" "d_2" [[4 4]]
	// "layers/dense_3" "dense" [[4 2] [2]]
}

// Keras 3 addresses saved objects by the snake_case of their class,
// uniquified within each container.
func ExampleNamer() {
	var n saving.Namer
	for _, class := range []string{"Conv2D", "BatchNormalization", "Conv2D", "PReLU"} {
		fmt.Println("layers/" + n.Name(class))
	}
	// Output:
	// layers/conv2d
	// layers/batch_normalization
	// layers/conv2d_1
	// layers/p_re_lu
}

// Writing a Keras 3 weights file atomically: a crash leaves the old file or
// the new one.
func ExampleWriteFileAtomic() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	store := &saving.VarStore{}
	store.Add("layers/dense", "dense", tensor.Must(tensor.Zeros[float32](3, 2)), tensor.FromSlice([]float32{0, 0}))
	path := filepath.Join(dir, "model.weights.h5")
	err := saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return saving.WriteWeightsH5(w, store) })
	fmt.Println(err)
	f, _ := os.Open(path)
	defer f.Close()
	st, _ := f.Stat()
	format, _ := saving.DetectFormat(f, st.Size())
	fmt.Println(format)
	// Output:
	// <nil>
	// Keras 3 weights HDF5
}
