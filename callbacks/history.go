package callbacks

// History records the logs at the end of each epoch, as Keras's History
// callback: Fit returns it.
type History struct {
	Base
	// Epoch lists the epochs seen, from 0 (initial_epoch for a resumed
	// run).
	Epoch []int
	// History maps each metric name to its value at the end of each epoch.
	History map[string][]float64
}

// NewHistory returns an empty History.
func NewHistory() *History { return &History{History: map[string][]float64{}} }

// OnTrainBegin starts a new record.
func (h *History) OnTrainBegin(Logs) {
	h.Epoch = nil
	h.History = map[string][]float64{}
}

// OnEpochEnd records the epoch's logs.
func (h *History) OnEpochEnd(epoch int, logs Logs) {
	h.Epoch = append(h.Epoch, epoch)
	for k, v := range logs {
		h.History[k] = append(h.History[k], v)
	}
}
