package metrics

import "github.com/gokeras/gokeras/losses"

// LogCoshError is the weighted mean over samples of mean(log(cosh(p − y))) over the last axis (Keras's LogCoshError, logged as "logcosh").
type LogCoshError struct{ MeanMetricWrapper }

// NewLogCoshError returns the metric named "logcosh".
func NewLogCoshError() *LogCoshError {
	return &LogCoshError{*NewMeanMetricWrapper("logcosh", losses.LogCosh{}.Call)}
}

func init() {
	register("logcosh", func() Metric { return NewLogCoshError() })
	register("log_cosh_error", func() Metric { return NewLogCoshError() })
}
