package metrics

import "github.com/gokeras/gokeras/losses"

// MeanSquaredLogarithmicError is the weighted mean over samples of Keras's mean squared logarithmic error, mean((log(max(p, ε) + 1) − log(max(y, ε) + 1))²) over the last axis.
type MeanSquaredLogarithmicError struct{ MeanMetricWrapper }

// NewMeanSquaredLogarithmicError returns the metric named "mean_squared_logarithmic_error".
func NewMeanSquaredLogarithmicError() *MeanSquaredLogarithmicError {
	return &MeanSquaredLogarithmicError{*NewMeanMetricWrapper("mean_squared_logarithmic_error", losses.MeanSquaredLogarithmicError{}.Call)}
}

func init() {
	register("mean_squared_logarithmic_error", func() Metric { return NewMeanSquaredLogarithmicError() })
	register("msle", func() Metric { return NewMeanSquaredLogarithmicError() })
}
