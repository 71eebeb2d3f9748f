package models

import (
	"io"

	"github.com/gokeras/gokeras/saving"
)

// SaveCheckpoint writes the model to path, atomically: its weights only as
// a .weights.h5 file (as SaveWeights) when weightsOnly is set, else the
// whole model with its compile config and optimizer state as a .keras
// archive (as Save). It makes the model a callbacks.Checkpointer, which
// ModelCheckpoint uses from Fit's callbacks. As Save, it reads the weights
// and the optimizer's state at one instant, so it may also run in another
// goroutine while Fit trains.
func (m *Model) SaveCheckpoint(path string, weightsOnly bool) error {
	if weightsOnly {
		return m.SaveWeights(path)
	}
	a, err := m.archive(nil)
	if err != nil {
		return err
	}
	return saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return saving.WriteKerasFile(w, a) })
}
