package models_test

import (
	"context"
	"fmt"
	"os"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

// The seed program: a Sequential model, compiled, summarized, trained and
// used to predict.
func Example() {
	layers.ClearSession()
	rng := tensor.NewRNG(1)
	data := tensor.Must(tensor.RandUniform[float32](rng, 0, 1, 1000, 100))
	labels := tensor.Must(tensor.Zeros[float32](1000, 1))
	for i := range labels.Data() {
		labels.Data()[i] = float32(rng.IntN(2))
	}

	model := models.NewSequential(
		layers.NewDense(32, layers.WithInputDim(100)),
		layers.NewActivation("relu"),
		layers.NewDense(1),
		layers.NewActivation("sigmoid"),
	)
	if err := model.Compile("rmsprop", "binary_crossentropy", "accuracy"); err != nil {
		fmt.Println(err)
		return
	}
	_ = model.Summary(os.Stdout)
	history, err := model.Fit(context.Background(), data, labels, models.Epochs(10), models.BatchSize(32), models.Verbose(0))
	if err != nil {
		fmt.Println(err)
		return
	}
	pred, _ := model.Predict(context.Background(), data, models.Verbose(0))
	fmt.Println(len(history.History["loss"]), "epochs;", "predictions", tensor.ShapeString(pred.Shape()))
	// Output:
	// Model: "sequential"
	// ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
	// ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
	// ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
	// │ dense (Dense)                   │ (None, 32)             │         3,232 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ activation (Activation)         │ (None, 32)             │             0 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ dense_1 (Dense)                 │ (None, 1)              │            33 │
	// ├─────────────────────────────────┼────────────────────────┼───────────────┤
	// │ activation_1 (Activation)       │ (None, 1)              │             0 │
	// └─────────────────────────────────┴────────────────────────┴───────────────┘
	//  Total params: 3,265 (12.75 KB)
	//  Trainable params: 3,265 (12.75 KB)
	//  Non-trainable params: 0 (0.00 B)
	// 10 epochs; predictions (1000, 1)
}

// A functional model with two inputs joined by a shared layer.
func ExampleNewModel() {
	layers.ClearSession()
	a, b := layers.Input(8), layers.Input(8)
	shared := layers.NewDense(4, layers.WithActivation("relu"), layers.WithName("shared"))
	joined := layers.NewConcatenate().Apply(shared.Apply(a), shared.Apply(b))
	out := layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithName("score")).Apply(joined)
	model, err := models.NewModel([]*layers.KerasTensor{a, b}, []*layers.KerasTensor{out})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(model.Name(), model.CountParams(), "params")
	for _, l := range model.Layers() {
		fmt.Println(l.LayerBase().Name(), l.LayerBase().ClassName())
	}
	// Output:
	// functional 45 params
	// input_layer InputLayer
	// input_layer_1 InputLayer
	// shared Dense
	// concatenate Concatenate
	// score Dense
}
