package models

import (
	"fmt"
	"io"
	"os"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/tensor"
)

// Option sets one of Keras's keyword arguments of Fit, Evaluate or
// Predict. An option a method does not take is an error.
type Option func(*runConfig)

// runConfig holds the keyword arguments of a Fit, Evaluate or Predict.
type runConfig struct {
	epochs          int
	batchSize       int
	verbose         int
	validationSplit float64
	validationData  *[2]any
	shuffle         bool
	classWeight     map[int]float64
	sampleWeight    []*tensor.Tensor[float32]
	initialEpoch    int
	stepsPerEpoch   int
	steps           int
	callbacks       []callbacks.Callback
	out             io.Writer
	set             map[string]bool
}

func (c *runConfig) mark(name string) {
	if c.set == nil {
		c.set = map[string]bool{}
	}
	c.set[name] = true
}

// parseOptions applies opts over Keras's defaults and rejects those the
// method does not take.
func parseOptions(method string, opts []Option, allowed ...string) (*runConfig, error) {
	c := &runConfig{epochs: 1, batchSize: 32, verbose: 1, shuffle: true, out: os.Stdout}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	for name := range c.set {
		ok := name == "verbose" || name == "callbacks" || name == "output"
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			return nil, fmt.Errorf("models: %s does not take the keyword argument %s", method, name)
		}
	}
	switch {
	case c.epochs < 0:
		return nil, fmt.Errorf("models: %s: expected epochs ≥ 0, received %d", method, c.epochs)
	case c.batchSize < 1:
		return nil, fmt.Errorf("models: %s: expected batch_size ≥ 1, received %d", method, c.batchSize)
	case c.verbose < 0 || c.verbose > 2:
		return nil, fmt.Errorf("models: %s: expected verbose 0, 1 or 2, received %d", method, c.verbose)
	case !(c.validationSplit >= 0 && c.validationSplit < 1):
		return nil, fmt.Errorf("models: %s: expected validation_split in [0, 1), received %v", method, c.validationSplit)
	case c.initialEpoch < 0 || c.stepsPerEpoch < 0 || c.steps < 0:
		return nil, fmt.Errorf("models: %s: expected initial_epoch, steps_per_epoch and steps ≥ 0", method)
	}
	return c, nil
}

// Epochs sets the number of epochs to train (Keras's epochs=, default 1).
func Epochs(n int) Option { return func(c *runConfig) { c.epochs = n; c.mark("epochs") } }

// BatchSize sets the number of samples per batch (Keras's batch_size=,
// default 32).
func BatchSize(n int) Option { return func(c *runConfig) { c.batchSize = n; c.mark("batch_size") } }

// Verbose sets the output: 0 silent, 1 a progress bar (the default), 2 one
// line per epoch.
func Verbose(v int) Option { return func(c *runConfig) { c.verbose = v; c.mark("verbose") } }

// Output sets where the progress bar is written (default os.Stdout).
func Output(w io.Writer) Option { return func(c *runConfig) { c.out = w; c.mark("output") } }

// ValidationSplit holds out the last fraction of the training data (before
// shuffling) for validation after each epoch (Keras's validation_split=).
func ValidationSplit(f float64) Option {
	return func(c *runConfig) { c.validationSplit = f; c.mark("validation_split") }
}

// ValidationData evaluates the model on x and y after each epoch (Keras's
// validation_data=); x and y take the forms Fit's do.
func ValidationData(x, y any) Option {
	return func(c *runConfig) { c.validationData = &[2]any{x, y}; c.mark("validation_data") }
}

// Shuffle sets whether the training data is shuffled before each epoch
// (Keras's shuffle=, default true).
func Shuffle(s bool) Option { return func(c *runConfig) { c.shuffle = s; c.mark("shuffle") } }

// ClassWeight weights each sample's loss by the weight of its class
// (Keras's class_weight=), for a model with one output.
func ClassWeight(w map[int]float64) Option {
	return func(c *runConfig) { c.classWeight = w; c.mark("class_weight") }
}

// SampleWeight weights each sample's loss, one tensor of shape (samples,)
// per output (Keras's sample_weight=).
func SampleWeight(w ...*tensor.Tensor[float32]) Option {
	return func(c *runConfig) { c.sampleWeight = w; c.mark("sample_weight") }
}

// InitialEpoch sets the epoch at which training starts, to resume a run
// (Keras's initial_epoch=).
func InitialEpoch(e int) Option {
	return func(c *runConfig) { c.initialEpoch = e; c.mark("initial_epoch") }
}

// StepsPerEpoch sets the number of batches per epoch (Keras's
// steps_per_epoch=); batches then run on through the data across epochs.
func StepsPerEpoch(n int) Option {
	return func(c *runConfig) { c.stepsPerEpoch = n; c.mark("steps_per_epoch") }
}

// Steps sets the number of batches Evaluate or Predict runs (Keras's
// steps=).
func Steps(n int) Option { return func(c *runConfig) { c.steps = n; c.mark("steps") } }

// Callbacks adds callbacks (Keras's callbacks=).
func Callbacks(cbs ...callbacks.Callback) Option {
	return func(c *runConfig) { c.callbacks = append(c.callbacks, cbs...); c.mark("callbacks") }
}
