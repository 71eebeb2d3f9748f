package datasets

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
	"os"
)

// gzipMagic is the first two bytes of every gzip stream (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// decompress returns a reader of r's contents, gunzipped when r starts with
// the gzip magic bytes and passed through otherwise. Neither IDX nor the
// text CSV files can start with 0x1f 0x8b, so the test is unambiguous. The
// gzip reader verifies the stream's CRC-32 and length once it reaches the
// end, so callers must read to io.EOF to have the checksum checked.
func decompress(r io.Reader, name string) (rd io.Reader, gzipped bool, err error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(len(gzipMagic))
	if err != nil && err != io.EOF {
		return nil, false, ioErr(name, err)
	}
	if !bytes.Equal(head, gzipMagic) {
		return br, false, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, true, formatErr(name, err, "bad gzip header")
	}
	return bufio.NewReaderSize(zr, 64<<10), true, nil
}

// knownLen returns the number of bytes left in r when r can tell without
// being read (a regular file, or an in-memory reader such as
// *bytes.Reader), and -1 otherwise.
func knownLen(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case *os.File:
		st, err := v.Stat()
		if err != nil || !st.Mode().IsRegular() {
			return -1
		}
		off, err := v.Seek(0, io.SeekCurrent)
		if err != nil || off > st.Size() {
			return -1
		}
		return st.Size() - off
	}
	return -1
}

// isGzipErr reports whether err comes from a corrupt gzip or deflate
// stream rather than from the underlying reader.
func isGzipErr(err error) bool {
	var corrupt flate.CorruptInputError
	return errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt)
}
