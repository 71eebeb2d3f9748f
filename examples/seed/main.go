// Command seed is the Keras seed program in Go: a two-layer binary
// classifier on random data, built both from a list of layers and with
// Add, compiled with RMSprop and binary cross-entropy, trained for 10
// epochs with the Keras progress bar, then evaluated and used to predict.
//
// The Keras original:
//
//	model = Sequential([Dense(32, input_dim=100), Activation('relu'), Dense(1), Activation('sigmoid')])
//	model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['accuracy'])
//	model.fit(data, labels, epochs=10, batch_size=32)
package main

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
	"github.com/gokeras/gokeras/tensor"
)

func main() {
	ctx := context.Background()

	// data = np.random.random((1000, 100)); labels = np.random.randint(2, size=(1000, 1))
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
		log.Fatal(err)
	}
	if err := model.Summary(os.Stdout); err != nil {
		log.Fatal(err)
	}
	if _, err := model.Fit(ctx, data, labels, models.Epochs(10), models.BatchSize(32)); err != nil {
		log.Fatal(err)
	}
	scores, err := model.Evaluate(ctx, data, labels)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("loss: %.4f, accuracy: %.4f\n", scores["loss"], scores["accuracy"])
	pred, err := model.Predict(ctx, data)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("first predictions: %.4f %.4f %.4f\n", pred.At(0, 0), pred.At(1, 0), pred.At(2, 0))

	// The same model built with Add.
	model2 := models.NewSequential()
	for _, l := range []layers.Layer{
		layers.NewDense(32, layers.WithInputDim(100)),
		layers.NewActivation("relu"),
		layers.NewDense(1),
		layers.NewActivation("sigmoid"),
	} {
		if err := model2.Add(l); err != nil {
			log.Fatal(err)
		}
	}
	if err := model2.Compile("rmsprop", "binary_crossentropy", "accuracy"); err != nil {
		log.Fatal(err)
	}
	if _, err := model2.Fit(ctx, data, labels, models.Epochs(10), models.BatchSize(32), models.Verbose(2)); err != nil {
		log.Fatal(err)
	}
}
