package datasets

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"io"
)

// gzipMagic is the first two bytes of every gzip stream (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// decompress returns a reader of r's contents, gunzipped when r starts with
// the gzip magic bytes and passed through otherwise. Neither IDX nor the
// text CSV files can start with 0x1f 0x8b, so the test is unambiguous. The
// gzip reader verifies the stream's CRC-32 and length once it reaches the
// end, so callers must read to io.EOF to have the checksum checked.
func decompress(r io.Reader, name string) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(len(gzipMagic))
	if err != nil && err != io.EOF {
		return nil, withName(name, err)
	}
	if !bytes.Equal(head, gzipMagic) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, formatErr(name, err, "bad gzip header")
	}
	return bufio.NewReaderSize(zr, 64<<10), nil
}

// isGzipErr reports whether err comes from a corrupt gzip or deflate
// stream rather than from the underlying reader.
func isGzipErr(err error) bool {
	var corrupt flate.CorruptInputError
	return errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.As(err, &corrupt)
}
