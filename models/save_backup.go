package models

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"github.com/gokeras/gokeras/saving"
)

// backupAsset is where a backup keeps the training state a .keras archive
// has no place for: the epoch, the shuffling generator and the graph's
// random streams.
const backupAsset = "gokeras_backup/state.bin"

// SaveBackup writes everything needed to resume training after epoch
// (counted from 0) to path, atomically: the model, its weights and the
// optimizer's state as a .keras archive, plus the state of the random
// generators that shuffle the data and draw dropout masks. BackupAndRestore
// calls it at the end of each epoch.
func (m *Model) SaveBackup(path string, epoch int) error {
	a, err := m.archive(nil)
	if err != nil {
		return err
	}
	shuffle, err := m.shuffleRNG.MarshalBinary()
	if err != nil {
		return err
	}
	var random []byte
	if m.rt != nil {
		if random, err = m.rt.g.RandomState(); err != nil {
			return err
		}
	}
	b := binary.LittleEndian.AppendUint64(nil, uint64(epoch))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(shuffle)))
	b = append(b, shuffle...)
	b = append(b, random...)
	a.Assets = map[string][]byte{backupAsset: b}
	return saving.WriteFileAtomic(path, 0o644, func(w io.Writer) error { return saving.WriteKerasFile(w, a) })
}

// RestoreBackup puts back the state SaveBackup wrote into m, which must
// be the same architecture, and returns the epoch the backup was made
// after; the next Fit (or the one running, when called from a callback's
// OnTrainBegin) continues with the epoch after it.
func (m *Model) RestoreBackup(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	a, err := saving.ReadKerasFile(f, st.Size())
	if err != nil {
		return 0, err
	}
	state, ok := a.Assets[backupAsset]
	if !ok || len(state) < 16 {
		return 0, fmt.Errorf("models: %s is not a training backup (no %s)", path, backupAsset)
	}
	epoch := int64(binary.LittleEndian.Uint64(state))
	n := binary.LittleEndian.Uint64(state[8:])
	if epoch < 0 || n > uint64(len(state)-16) {
		return 0, fmt.Errorf("models: %s: malformed training state", path)
	}
	shuffle, random := state[16:16+n], state[16+n:]
	if err := m.loadVarStore(a.Vars); err != nil {
		return 0, err
	}
	if e := a.Vars.Get("optimizer"); e != nil {
		if m.comp == nil {
			return 0, fmt.Errorf("models: %q: the backup holds optimizer state but the model is not compiled", m.Name())
		}
		if m.rt != nil && m.rt.train != nil {
			if err := assignAll("optimizer "+m.comp.optimizer.ClassName(), m.comp.optimizer.Variables(), e.Values); err != nil {
				return 0, err
			}
		} else {
			m.pendingOptimizer = e.Values
		}
	}
	if err := m.shuffleRNG.UnmarshalBinary(shuffle); err != nil {
		return 0, fmt.Errorf("models: %s: %w", path, err)
	}
	if len(random) > 0 {
		if m.rt != nil {
			if err := m.rt.g.SetRandomState(random); err != nil {
				return 0, err
			}
		} else {
			m.pendingRandom = random
		}
	}
	m.resumeEpoch = int(epoch) + 1
	return int(epoch), nil
}

// takeResumeEpoch returns the epoch a restored backup resumes at (0 if
// none) and forgets it.
func (m *Model) takeResumeEpoch() int {
	e := m.resumeEpoch
	m.resumeEpoch = 0
	return e
}
