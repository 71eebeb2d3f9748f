package callbacks

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"unicode/utf8"
)

// CSVLogger is Keras's CSVLogger callback: it streams the logs of each
// epoch to a CSV file, one row per epoch. The columns are "epoch" (from 0)
// and the names in the first epoch's logs, sorted; a value missing from a
// later epoch's logs is written "NA". Values are written as Python writes
// floats ("0.25", "1e-05", "nan"), fields are separated by Separator and
// rows end in "\r\n", as Python's csv module writes them for Keras, and
// the file is flushed after each row.
//
// Training begins by creating the file, or with Append by appending to it
// (the header is then written only if the file is missing or empty), and ends by closing it. Keras's defaults: Separator ","
// and Append false.
type CSVLogger struct {
	Base
	Filename string
	// Separator is the field delimiter, a single character.
	Separator string
	// Append continues an existing file instead of replacing it.
	Append bool

	file   *os.File
	w      *csv.Writer
	keys   []string
	header bool
	err    error
}

// NewCSVLogger returns a CSVLogger writing to filename with Keras's
// defaults: separator "," and no appending.
func NewCSVLogger(filename string) *CSVLogger {
	return &CSVLogger{Filename: filename, Separator: ","}
}

// Err returns the first error met opening, writing or closing the file.
// An error while opening stops training before the first epoch, as
// Keras's exception does; a write error stops it after the epoch.
func (c *CSVLogger) Err() error { return c.err }

func (c *CSVLogger) fail(err error) {
	if c.err == nil {
		c.err = fmt.Errorf("callbacks: CSVLogger %q: %w", c.Filename, err)
	}
	if c.Model != nil {
		c.Model.StopTraining()
	}
	c.close()
}

// OnTrainBegin opens the file.
func (c *CSVLogger) OnTrainBegin(Logs) {
	c.close()
	c.err, c.keys, c.w, c.header = nil, nil, nil, true
	sep, size := utf8.DecodeRuneInString(c.Separator)
	if size == 0 || size != len(c.Separator) || sep == 0 || sep == '"' || sep == '\r' || sep == '\n' || sep == utf8.RuneError {
		c.fail(fmt.Errorf("expected a one-character separator, received %q", c.Separator))
		return
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	if c.Append {
		flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND
		empty, err := missingOrEmpty(c.Filename)
		if err != nil {
			c.fail(err)
			return
		}
		c.header = empty
	}
	f, err := os.OpenFile(c.Filename, flags, 0o644)
	if err != nil {
		c.fail(err)
		return
	}
	c.file = f
	c.w = csv.NewWriter(f)
	c.w.Comma, c.w.UseCRLF = sep, true
}

// missingOrEmpty reports whether the file is missing or empty — when
// Keras, whose test is that the first line read is empty, writes a header
// before appending.
func missingOrEmpty(name string) (bool, error) {
	st, err := os.Stat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return st.Size() == 0, nil
}

// OnEpochEnd writes the epoch's row.
func (c *CSVLogger) OnEpochEnd(epoch int, logs Logs) {
	if c.w == nil {
		return
	}
	if c.keys == nil {
		c.keys = make([]string, 0, len(logs))
		for k := range logs {
			c.keys = append(c.keys, k)
		}
		sort.Strings(c.keys)
		if c.header {
			if err := c.w.Write(append([]string{"epoch"}, c.keys...)); err != nil {
				c.fail(err)
				return
			}
		}
	}
	row := make([]string, 0, len(c.keys)+1)
	row = append(row, strconv.Itoa(epoch))
	for _, k := range c.keys {
		if v, ok := logs[k]; ok {
			row = append(row, pyFloat(v))
		} else {
			row = append(row, "NA")
		}
	}
	if err := c.w.Write(row); err != nil {
		c.fail(err)
		return
	}
	if c.w.Flush(); c.w.Error() != nil {
		c.fail(c.w.Error())
	}
}

// OnTrainEnd closes the file.
func (c *CSVLogger) OnTrainEnd(Logs) {
	if c.file == nil {
		return
	}
	c.w.Flush()
	err := c.w.Error()
	if cerr := c.file.Close(); err == nil {
		err = cerr
	}
	c.file, c.w = nil, nil
	if err != nil && c.err == nil {
		c.err = fmt.Errorf("callbacks: CSVLogger %q: %w", c.Filename, err)
	}
}

// close closes the file without reporting errors (after a failure).
func (c *CSVLogger) close() {
	if c.file != nil {
		_ = c.file.Close()
	}
	c.file, c.w = nil, nil
}
