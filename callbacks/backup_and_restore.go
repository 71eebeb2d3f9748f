package callbacks

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backuper is a model that can save and restore everything its training
// depends on: weights, optimizer state, the random generators and the
// epoch reached. models.Model implements it.
type Backuper interface {
	// SaveBackup writes the state after epoch (counted from 0) to path,
	// atomically.
	SaveBackup(path string, epoch int) error
	// RestoreBackup restores the state from path and returns its epoch;
	// training continues with the next one.
	RestoreBackup(path string) (epoch int, err error)
}

// BackupAndRestore is Keras's BackupAndRestore callback: at the end of
// every epoch it backs the training state up to a file in BackupDir
// (written atomically, so a process killed at any moment leaves the last
// complete backup), and when training begins with a backup present it
// restores it, so that Fit resumes at the epoch after the backed-up one
// and reaches the same result as an uninterrupted run with the same seed.
// When training ends normally the backup is deleted (unless
// DeleteCheckpoint is false).
//
// Keras's save_freq as a number of batches is not supported: backups are
// made per epoch.
type BackupAndRestore struct {
	Base
	// BackupDir is the directory of the backup; it is created if needed.
	BackupDir string
	// DeleteCheckpoint removes the backup when training ends normally
	// (Keras's delete_checkpoint, default true).
	DeleteCheckpoint bool
	// Restored is the epoch restored at the last OnTrainBegin, or -1.
	Restored int

	err error
}

// NewBackupAndRestore returns a BackupAndRestore callback backing up to
// backupDir, with Keras's defaults.
func NewBackupAndRestore(backupDir string) *BackupAndRestore {
	return &BackupAndRestore{BackupDir: backupDir, DeleteCheckpoint: true, Restored: -1}
}

// Path returns the backup file's path.
func (b *BackupAndRestore) Path() string { return filepath.Join(b.BackupDir, "latest.keras") }

// Err returns the first error met saving or restoring a backup; the
// callback stops training when it meets one.
func (b *BackupAndRestore) Err() error { return b.err }

func (b *BackupAndRestore) fail(err error) {
	if b.err == nil {
		b.err = fmt.Errorf("callbacks: BackupAndRestore: %w", err)
	}
	if b.Model != nil {
		b.Model.StopTraining()
	}
}

func (b *BackupAndRestore) backuper() (Backuper, bool) {
	m, ok := b.Model.(Backuper)
	if !ok {
		b.fail(fmt.Errorf("the model (%T) cannot be backed up", b.Model))
	}
	return m, ok
}

// OnTrainBegin restores the backup if there is one.
func (b *BackupAndRestore) OnTrainBegin(Logs) {
	b.err, b.Restored = nil, -1
	if b.BackupDir == "" {
		b.fail(errors.New("empty backup_dir"))
		return
	}
	if _, err := os.Stat(b.Path()); errors.Is(err, fs.ErrNotExist) {
		return
	}
	m, ok := b.backuper()
	if !ok {
		return
	}
	epoch, err := m.RestoreBackup(b.Path())
	if err != nil {
		b.fail(err)
		return
	}
	b.Restored = epoch
}

// OnEpochEnd backs the state up.
func (b *BackupAndRestore) OnEpochEnd(epoch int, _ Logs) {
	if b.err != nil {
		return
	}
	m, ok := b.backuper()
	if !ok {
		return
	}
	if err := os.MkdirAll(b.BackupDir, 0o755); err != nil {
		b.fail(err)
		return
	}
	if err := m.SaveBackup(b.Path(), epoch); err != nil {
		b.fail(err)
	}
}

// OnTrainEnd deletes the backup after training that ended normally.
func (b *BackupAndRestore) OnTrainEnd(Logs) {
	if b.err != nil || !b.DeleteCheckpoint {
		return
	}
	if err := os.Remove(b.Path()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.fail(err)
	}
}
