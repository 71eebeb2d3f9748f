// Package losses holds Keras's loss functions as graph builders. A Loss
// maps symbolic labels and predictions to the loss of each sample (the
// mean over the last axis, as Keras's loss functions return it); the model
// weights those values by the sample weights and averages them over the
// batch — Keras's "sum_over_batch_size" reduction, which divides by the
// number of values, not by the sum of the weights.
//
// The formulas are Keras's, clipping probabilities to [ε, 1−ε] with
// ε = 1e-7 before taking logarithms; the graph compiler rewrites
// log(clip(sigmoid(x))) and log(clip(softmax(x))) into their stable
// log-sigmoid and log-softmax forms, so a sigmoid or softmax output layer
// trains as if from_logits were set, with the same values.
//
// Keras's other reductions ("sum", "none") and its sum over batch size of
// a loss used on its own are Reduce and Compute.
package losses

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gokeras/gokeras/graph"
)

// Epsilon is Keras's fuzz factor: probabilities are clipped to
// [Epsilon, 1−Epsilon] before a logarithm.
const Epsilon = 1e-7

// Loss is a Keras loss.
type Loss interface {
	// Name returns the Keras identifier, e.g. "binary_crossentropy".
	Name() string
	// Call returns the loss of each sample, of the shape of yPred without
	// its last axis.
	Call(yTrue, yPred *graph.Node) *graph.Node
}

// Sparse is implemented by losses whose labels are class indices rather
// than values shaped like the predictions.
type Sparse interface {
	// SparseLabels reports whether labels are integer class indices of the
	// shape of the predictions without the last axis.
	SparseLabels() bool
}

// IsSparse reports whether l takes class indices as labels.
func IsSparse(l Loss) bool {
	s, ok := l.(Sparse)
	return ok && s.SparseLabels()
}

// byName maps Keras's identifiers (with their aliases) to constructors
// with Keras's defaults.
var byName = map[string]func() Loss{
	"binary_crossentropy":             func() Loss { return NewBinaryCrossentropy() },
	"bce":                             func() Loss { return NewBinaryCrossentropy() },
	"categorical_crossentropy":        func() Loss { return NewCategoricalCrossentropy() },
	"sparse_categorical_crossentropy": func() Loss { return NewSparseCategoricalCrossentropy() },
	"mean_squared_error":              func() Loss { return MeanSquaredError{} },
	"mse":                             func() Loss { return MeanSquaredError{} },
	"mean_absolute_error":             func() Loss { return MeanAbsoluteError{} },
	"mae":                             func() Loss { return MeanAbsoluteError{} },
}

// Get returns the loss named by Keras's identifier, with Keras's defaults:
// "binary_crossentropy", "categorical_crossentropy",
// "sparse_categorical_crossentropy", "mean_squared_error" ("mse") or
// "mean_absolute_error" ("mae"), or any identifier a class of the
// catalogue registers (Names lists them all: "huber", "hinge", "kld",
// "binary_focal_crossentropy", …). Names are matched without regard to
// case.
func Get(name string) (Loss, error) {
	if f, ok := byName[strings.ToLower(name)]; ok {
		return f(), nil
	}
	return nil, fmt.Errorf("losses: unknown loss %q: expected one of %s", name, strings.Join(Names(), ", "))
}

// Names returns the identifiers Get accepts, sorted.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Resolve turns a Keras-style argument into a loss: a Loss is returned as
// is and a string goes through Get.
func Resolve(v any) (Loss, error) {
	switch v := v.(type) {
	case Loss:
		return v, nil
	case string:
		return Get(v)
	case nil:
		return nil, fmt.Errorf("losses: no loss given")
	}
	return nil, fmt.Errorf("losses: expected a loss identifier or a Loss, received %T", v)
}

// scalar returns a constant v of x's graph and dtype.
func scalar(x *graph.Node, v float64) *graph.Node { return graph.ScalarLike(x, v) }

// meanLast averages x over its last axis.
func meanLast(x *graph.Node) *graph.Node { return graph.Mean(x, []int{-1}, false) }
