package metrics

import (
	"github.com/gokeras/gokeras/losses"
)

// MeanSquaredError is the weighted mean over samples of mean((y − p)²).
type MeanSquaredError struct{ MeanMetricWrapper }

// NewMeanSquaredError returns the metric named "mean_squared_error".
func NewMeanSquaredError() *MeanSquaredError {
	return &MeanSquaredError{*NewMeanMetricWrapper("mean_squared_error", losses.MeanSquaredError{}.Call)}
}

// MeanAbsoluteError is the weighted mean over samples of mean(|y − p|).
type MeanAbsoluteError struct{ MeanMetricWrapper }

// NewMeanAbsoluteError returns the metric named "mean_absolute_error".
func NewMeanAbsoluteError() *MeanAbsoluteError {
	return &MeanAbsoluteError{*NewMeanMetricWrapper("mean_absolute_error", losses.MeanAbsoluteError{}.Call)}
}
