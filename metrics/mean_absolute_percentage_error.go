package metrics

import "github.com/gokeras/gokeras/losses"

// MeanAbsolutePercentageError is the weighted mean over samples of Keras's mean absolute percentage error, 100·mean(|y − p| / max(|y|, ε)) over the last axis.
type MeanAbsolutePercentageError struct{ MeanMetricWrapper }

// NewMeanAbsolutePercentageError returns the metric named "mean_absolute_percentage_error".
func NewMeanAbsolutePercentageError() *MeanAbsolutePercentageError {
	return &MeanAbsolutePercentageError{*NewMeanMetricWrapper("mean_absolute_percentage_error", losses.MeanAbsolutePercentageError{}.Call)}
}

func init() {
	register("mean_absolute_percentage_error", func() Metric { return NewMeanAbsolutePercentageError() })
	register("mape", func() Metric { return NewMeanAbsolutePercentageError() })
}
