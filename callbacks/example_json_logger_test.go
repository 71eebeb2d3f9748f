package callbacks_test

import (
	"os"

	"github.com/gokeras/gokeras/callbacks"
)

// A JSONLogger passed to Fit (models.Callbacks(logger)) writes one JSON
// object per line; here its hooks are called by hand, without timestamps.
func ExampleJSONLogger() {
	logger := callbacks.NewJSONLogger(os.Stdout)
	logger.Clock = nil
	logger.SetParams(callbacks.Params{Epochs: 2, Steps: 10})
	logger.OnTrainBegin(nil)
	logger.OnEpochEnd(0, callbacks.Logs{"loss": 0.5, "accuracy": 0.75})
	logger.OnTrainEnd(nil)
	// Output:
	// {"event":"train_begin","epochs":2,"steps":10}
	// {"event":"epoch","epoch":0,"logs":{"accuracy":0.75,"loss":0.5}}
	// {"event":"train_end"}
}
