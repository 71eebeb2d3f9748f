package datasets

import (
	"fmt"
	"os"
)

// FashionMNISTDirEnv is the environment variable that names a directory
// holding the Fashion-MNIST files, searched after WithDir and before the
// system directory.
const FashionMNISTDirEnv = "GOKERAS_FASHION_MNIST_DIR"

// fashionSystemDir is where Debian's dataset-fashion-mnist package installs
// the files (a variable so that tests can point it elsewhere).
var fashionSystemDir = "/usr/share/datasets/fashion-mnist"

// fashionClasses names the ten Fashion-MNIST classes, in label order.
var fashionClasses = []string{
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
}

// LoadFashionMNIST returns Zalando's Fashion-MNIST, as Keras's
// keras.datasets.fashion_mnist.load_data does: 60,000 training and 10,000
// test grayscale 28×28 images of clothing in 10 classes (ClassNames gives
// "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
// "Sneaker", "Bag", "Ankle boot"). Shapes, types and value ranges are those
// of LoadMNIST: X (N, 28, 28) float32 with raw values 0..255 (see
// WithRescale), Y (N,) int32.
//
// The files are looked for in the directory given by WithDir, else in
// $GOKERAS_FASHION_MNIST_DIR, else in /usr/share/datasets/fashion-mnist,
// where Debian's dataset-fashion-mnist package installs them. Nothing is
// downloaded. When the files are missing, the error wraps ErrNotFound and
// says how to get them.
func LoadFashionMNIST(opts ...Option) (train, test Split, err error) {
	o := newOptions(opts)
	dir, err := findFashionMNIST(o)
	if err != nil {
		return Split{}, Split{}, err
	}
	return loadIDXDir(dir, fashionClasses, o)
}

const fashionHowTo = "To get the files, install Debian's dataset-fashion-mnist package " +
	"(apt-get install dataset-fashion-mnist), which puts them in /usr/share/datasets/fashion-mnist, " +
	"or put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and " +
	"t10k-labels-idx1-ubyte.gz in a directory and pass it with datasets.WithDir or set " + FashionMNISTDirEnv

// findFashionMNIST returns the directory that holds the Fashion-MNIST files.
func findFashionMNIST(o options) (string, error) {
	if o.dir != "" {
		return explicitDir(o.dir, "WithDir", "Fashion-MNIST", fashionHowTo)
	}
	if env := os.Getenv(FashionMNISTDirEnv); env != "" {
		return explicitDir(env, "$"+FashionMNISTDirEnv, "Fashion-MNIST", fashionHowTo)
	}
	if haveIDXFiles(fashionSystemDir) {
		return fashionSystemDir, nil
	}
	return "", fmt.Errorf("datasets: Fashion-MNIST: %w: not in %s. %s", ErrNotFound, fashionSystemDir, fashionHowTo)
}
