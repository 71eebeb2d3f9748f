// Command mnist_cnn trains Keras's simple MNIST convnet (the Keras 3
// code example): two 3×3 convolutions of 32 and 64 filters with relu, each
// followed by 2×2 max pooling, then Flatten, Dropout(0.5) and a softmax
// Dense of 10, with Adam, batch 128, 15 epochs, 10% of the training set
// held out for validation; Keras reports about 99% test accuracy for it.
//
// Flags: -epochs N (default 15), -dataset mnist|fashion.
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
	epochs := flag.Int("epochs", 15, "epochs to train")
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
	// Images as (samples, 28, 28, 1), channels last.
	xTrain, err := train.X.Reshape(-1, 28, 28, 1)
	if err != nil {
		log.Fatal(err)
	}
	xTest, err := test.X.Reshape(-1, 28, 28, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(xTrain.Dim(0), "train samples")
	fmt.Println(xTest.Dim(0), "test samples")

	model := models.NewSequential(
		layers.NewConv2D(32, []int{3}, layers.WithActivation("relu"), layers.WithInputShape(28, 28, 1)),
		layers.NewMaxPooling2D([]int{2}),
		layers.NewConv2D(64, []int{3}, layers.WithActivation("relu")),
		layers.NewMaxPooling2D([]int{2}),
		layers.NewFlatten(),
		layers.NewDropout(0.5),
		layers.NewDense(10, layers.WithActivation("softmax")),
	)
	if err := model.Summary(os.Stdout); err != nil {
		log.Fatal(err)
	}
	if err := model.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		log.Fatal(err)
	}
	if _, err := model.Fit(ctx, xTrain, train.Y, models.BatchSize(128), models.Epochs(*epochs),
		models.ValidationSplit(0.1)); err != nil {
		log.Fatal(err)
	}
	score, err := model.Evaluate(ctx, xTest, test.Y, models.Verbose(0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("Test loss:", score["loss"])
	fmt.Println("Test accuracy:", score["accuracy"])
}
