package callbacks

import (
	"errors"
	"strings"

	"github.com/gokeras/gokeras/optimizers"
)

// errNoOptimizer reports a model without an optimizer to adjust.
var errNoOptimizer = errors.New("the model has no optimizer: compile it before training")

// optimizerOf returns the optimizer of the model a callback watches: the
// model must have an Optimizer method, as models.Model has, returning a
// compiled optimizer.
func optimizerOf(m Model) (optimizers.Optimizer, error) {
	om, ok := m.(interface{ Optimizer() optimizers.Optimizer })
	if !ok {
		return nil, errNoOptimizer
	}
	o := om.Optimizer()
	if o == nil {
		return nil, errNoOptimizer
	}
	return o, nil
}

// maximizes reports whether mode ("min", "max" or "auto") asks for larger
// values of the monitored quantity; "auto" maximizes a name containing
// "acc", as Keras's ReduceLROnPlateau decides.
func maximizes(mode, monitor string) bool {
	switch mode {
	case "max":
		return true
	case "min":
		return false
	}
	return strings.Contains(monitor, "acc")
}
