package saving

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes the file at path so that a process killed at any
// moment leaves either the old file or the complete new one, never a mix:
// write fills a temporary file in the same directory, which is then synced
// to disk, renamed over path, and the directory synced so that the rename
// itself survives a crash. The file gets permissions perm. On error the
// temporary file is removed and path is untouched.
func WriteFileAtomic(path string, perm fs.FileMode, write func(w io.Writer) error) error {
	f, err := CreateAtomic(path, perm)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}

// AtomicFile is a file being written in place of another; Close publishes
// it as WriteFileAtomic describes, Abort discards it.
type AtomicFile struct {
	path string
	perm fs.FileMode
	tmp  *os.File
	w    *bufio.Writer
	done bool
}

// CreateAtomic starts writing the file at path; nothing is visible at path
// until Close succeeds.
func CreateAtomic(path string, perm fs.FileMode) (*AtomicFile, error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, err
	}
	return &AtomicFile{path: path, perm: perm, tmp: tmp, w: bufio.NewWriterSize(tmp, 1<<20)}, nil
}

// Write writes to the temporary file.
func (a *AtomicFile) Write(p []byte) (int, error) {
	if a.done {
		return 0, os.ErrClosed
	}
	return a.w.Write(p)
}

// Close flushes, syncs and renames the file into place, then syncs its
// directory.
func (a *AtomicFile) Close() error {
	if a.done {
		return os.ErrClosed
	}
	a.done = true
	name := a.tmp.Name()
	err := errors.Join(a.w.Flush(), a.tmp.Chmod(a.perm), a.tmp.Sync())
	err = errors.Join(err, a.tmp.Close())
	if err == nil {
		err = os.Rename(name, a.path)
	}
	if err != nil {
		os.Remove(name)
		return err
	}
	return syncDir(filepath.Dir(a.path))
}

// Abort discards the temporary file; path keeps its old content.
func (a *AtomicFile) Abort() {
	if a.done {
		return
	}
	a.done = true
	a.tmp.Close()
	os.Remove(a.tmp.Name())
}

// syncDir makes a rename in dir durable. Platforms that cannot sync a
// directory (Windows) report an error that is ignored: there the rename is
// as durable as the file system makes it.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) && !isUnsupported(err) {
		return err
	}
	return nil
}
