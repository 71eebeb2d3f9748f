// Command mnist_mlp trains Keras's classic multilayer perceptron on MNIST:
// 784-512-512-10 with relu, dropout 0.2 and softmax, RMSprop, batch 128,
// 20 epochs, validating on the test set after each epoch; Keras reports
// 98.40% test accuracy for it. Labels stay class indices with
// sparse_categorical_crossentropy, the same loss as Keras's one-hot
// labels with categorical_crossentropy.
//
// Flags: -epochs N (default 20), -dataset mnist|fashion.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"

	"github.com/gokeras/gokeras/datasets"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/models"
)

func main() {
	epochs := flag.Int("epochs", 20, "epochs to train")
	dataset := flag.String("dataset", "mnist", "mnist or fashion")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	load := datasets.LoadMNIST
	if *dataset == "fashion" {
		load = datasets.LoadFashionMNIST
	}
	train, test, err := load(datasets.WithRescale(1.0 / 255))
	if err != nil {
		log.Fatal(err)
	}
	xTrain, err := train.X.Reshape(-1, 784)
	if err != nil {
		log.Fatal(err)
	}
	xTest, err := test.X.Reshape(-1, 784)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(xTrain.Dim(0), "train samples")
	fmt.Println(xTest.Dim(0), "test samples")

	model := models.NewSequential(
		layers.NewDense(512, layers.WithActivation("relu"), layers.WithInputShape(784)),
		layers.NewDropout(0.2),
		layers.NewDense(512, layers.WithActivation("relu")),
		layers.NewDropout(0.2),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err := model.Summary(os.Stdout); err != nil {
		log.Fatal(err)
	}
	if err := model.Compile("rmsprop", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		log.Fatal(err)
	}
	if _, err := model.Fit(ctx, xTrain, train.Y, models.BatchSize(128), models.Epochs(*epochs),
		models.ValidationData(xTest, test.Y)); err != nil {
		log.Fatal(err)
	}
	score, err := model.Evaluate(ctx, xTest, test.Y, models.Verbose(0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Test loss:", score["loss"])
	fmt.Println("Test accuracy:", score["accuracy"])
}
