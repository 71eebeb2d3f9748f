package models

import (
	"io"

	"github.com/gokeras/gokeras/saving"
)

// SaveCheckpoint writes the model to path, atomically: its weights only as
// a .weights.h5 file (as SaveWeights) when weightsOnly is set, else the
// whole model with its compile config and optimizer state as a .keras
// archive (as Save). It makes the model a callbacks.Checkpointer, which
// ModelCheckpoint uses. It is meant for callbacks, which run inside Fit
// while Fit holds the model: it does not take the model's lock itself, so
// outside a callback it must not run concurrently with Fit.
func (m *Model) SaveCheckpoint(path string, weightsOnly bool) error {
	if weightsOnly {
		return m.SaveWeights(path)
	}
	mc, err := m.ModelConfig()
	if err != nil {
		return err
	}
	store, err := m.varStore()
	if err != nil {
		return err
	}
	if m.comp != nil {
		if mc.Compile, err = m.comp.config(); err != nil {
			return err
		}
		vals, err := tensorsOf(m.comp.optimizer.Variables())
		if err != nil {
			return err
		}
		if _, err := store.Add("optimizer", optimizerName(m.comp.optimizer), vals...); err != nil {
			return err
		}
	}
	a := &saving.Archive{Model: mc, Vars: store}
	return saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return saving.WriteKerasFile(w, a) })
}
