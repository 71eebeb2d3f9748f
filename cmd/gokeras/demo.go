package main

import (
	"context"
	"fmt"
	"io"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

// runDemo runs `gokeras demo`: the seed program on its own random data —
// Sequential([Dense(32, input_dim=100), Activation("relu"), Dense(1),
// Activation("sigmoid")]) compiled with RMSprop, binary cross-entropy and
// accuracy, its summary, 10 epochs of batch 32 with Keras's progress bar,
// then an evaluation and predictions.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: demo takes no arguments", errUsage)
	}
	rng := tensor.NewRNG(1)
	data, err := tensor.RandUniform[float32](rng, 0, 1, 1000, 100)
	if err != nil {
		return err
	}
	labels, err := tensor.Zeros[float32](1000, 1)
	if err != nil {
		return err
	}
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
		return err
	}
	if err := model.Summary(stdout); err != nil {
		return err
	}
	out := models.Output(stdout)
	if _, err := model.Fit(ctx, data, labels, models.Epochs(10), models.BatchSize(32), out); err != nil {
		return err
	}
	scores, err := model.Evaluate(ctx, data, labels, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "evaluate: loss %.4f - accuracy %.4f\n", scores["loss"], scores["accuracy"])
	pred, err := model.Predict(ctx, data, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "predict: %s -> first rows %.4f %.4f %.4f\n", tensor.ShapeString(pred.Shape()), pred.At(0, 0), pred.At(1, 0), pred.At(2, 0))
	return nil
}
