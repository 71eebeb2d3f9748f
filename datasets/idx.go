package datasets

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
)

// IDXType is the element type code of an IDX file: the third byte of its
// magic number.
type IDXType byte

// The element types the IDX format defines. Multi-byte elements are stored
// big-endian.
const (
	IDXUint8   IDXType = 0x08 // unsigned byte
	IDXInt8    IDXType = 0x09 // signed byte
	IDXInt16   IDXType = 0x0B // 16-bit signed integer
	IDXInt32   IDXType = 0x0C // 32-bit signed integer
	IDXFloat32 IDXType = 0x0D // IEEE 754 single precision
	IDXFloat64 IDXType = 0x0E // IEEE 754 double precision
)

// MaxIDXBytes is the largest element payload, in bytes, that ReadIDX
// accepts (4 GiB; the MNIST training images are 47 MB). A header that
// declares more is rejected before anything is allocated.
const MaxIDXBytes int64 = 1 << 32

// maxIDXDim is the largest single dimension ReadIDX accepts, so that every
// dimension fits an int on every platform.
const maxIDXDim = math.MaxInt32

// idxInitialBuffer caps the first allocation of ReadIDX: the buffer then
// grows as bytes actually arrive, so a header that promises more data than
// the input holds costs at most about twice the input's size.
const idxInitialBuffer = 1 << 20

// Size returns the size in bytes of one element of type t, or 0 if t is
// not a type the IDX format defines.
func (t IDXType) Size() int {
	switch t {
	case IDXUint8, IDXInt8:
		return 1
	case IDXInt16:
		return 2
	case IDXInt32, IDXFloat32:
		return 4
	case IDXFloat64:
		return 8
	}
	return 0
}

// String returns the type's name ("uint8", "int8", "int16", "int32",
// "float32", "float64"), or its code in hexadecimal if it is not defined.
func (t IDXType) String() string {
	switch t {
	case IDXUint8:
		return "uint8"
	case IDXInt8:
		return "int8"
	case IDXInt16:
		return "int16"
	case IDXInt32:
		return "int32"
	case IDXFloat32:
		return "float32"
	case IDXFloat64:
		return "float64"
	}
	return fmt.Sprintf("IDXType(0x%02x)", byte(t))
}

// IDX is the decoded content of an IDX file, the format of the MNIST and
// Fashion-MNIST distributions: an element type, a shape, and the elements
// in row-major order.
type IDX struct {
	// Type is the element type.
	Type IDXType
	// Shape holds the dimensions, outermost first.
	Shape []int
	// Data holds the elements as stored in the file: big-endian, row-major,
	// len(Data) == Type.Size() * product(Shape). For IDXUint8 these are the
	// values themselves.
	Data []byte
}

// ReadIDX reads one IDX file from r. A gzip-compressed input (as the
// MNIST files are distributed) is recognised by its magic bytes and
// decompressed transparently, with its checksum verified.
//
// The header is checked before any allocation: the magic number must start
// with two zero bytes and name a defined type, there must be at least one
// dimension, no dimension may exceed 2^31-1, and the payload must not
// exceed MaxIDXBytes. The input must then hold exactly the declared payload:
// fewer bytes (truncation) or more (trailing data) is an error. When r can
// tell its length (an *os.File, a *bytes.Reader), an uncompressed payload is
// checked against it before it is read; otherwise the buffer grows with the
// bytes that arrive, so a lying header costs at most about twice the
// input's real size. Malformed input yields a *FormatError.
func ReadIDX(r io.Reader) (*IDX, error) {
	return readIDX(r, "IDX")
}

// ReadIDXFile reads the IDX file at path as ReadIDX does; errors name the
// file.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	defer f.Close()
	return readIDX(f, path)
}

func readIDX(r io.Reader, name string) (*IDX, error) {
	avail := knownLen(r)
	r, gzipped, err := decompress(r, name)
	if err != nil {
		return nil, err
	}
	typ, shape, size, err := readIDXHeader(r, name)
	if err != nil {
		return nil, err
	}
	desc := fmt.Sprintf("header declares %s %s (%d bytes)", typ, shapeString(shape), size)
	initial := min(size, idxInitialBuffer)
	if !gzipped && avail >= 0 {
		// The input's length is known: check it before reading, and
		// allocate exactly what it can hold.
		avail -= int64(4 + 4*len(shape))
		if int64(size) > avail {
			return nil, formatErr(name, nil, "truncated: %s but only %d bytes follow", desc, max(avail, 0))
		}
		initial = size
	}
	data, err := readExactly(r, size, initial, name, desc)
	if err != nil {
		return nil, err
	}
	return &IDX{Type: typ, Shape: shape, Data: data}, nil
}

// readIDXHeader reads and validates the magic number and dimensions and
// returns the payload size in bytes.
func readIDXHeader(r io.Reader, name string) (IDXType, []int, int, error) {
	var magic [4]byte
	if n, err := io.ReadFull(r, magic[:]); err != nil {
		return 0, nil, 0, ioFormatErr(name, err, "truncated header: %d of 4 magic bytes", n)
	}
	typ, ndim := IDXType(magic[2]), int(magic[3])
	if magic[0] != 0 || magic[1] != 0 {
		return 0, nil, 0, formatErr(name, nil, "bad magic number 0x%08x: an IDX file starts with two zero bytes", binary.BigEndian.Uint32(magic[:]))
	}
	if typ.Size() == 0 {
		return 0, nil, 0, formatErr(name, nil, "bad magic number 0x%08x: unknown element type 0x%02x", binary.BigEndian.Uint32(magic[:]), magic[2])
	}
	if ndim == 0 {
		return 0, nil, 0, formatErr(name, nil, "bad magic number 0x%08x: zero dimensions", binary.BigEndian.Uint32(magic[:]))
	}
	dims := make([]byte, 4*ndim)
	if n, err := io.ReadFull(r, dims); err != nil {
		return 0, nil, 0, ioFormatErr(name, err, "truncated header: %d of %d dimension bytes", n, len(dims))
	}
	shape := make([]int, ndim)
	for i := range shape {
		d := binary.BigEndian.Uint32(dims[4*i:])
		if d > maxIDXDim {
			return 0, nil, 0, formatErr(name, nil, "dimension %d is %d, more than the limit of %d", i, d, maxIDXDim)
		}
		shape[i] = int(d)
	}
	size, ok := payloadSize(shape, typ.Size())
	if !ok {
		return 0, nil, 0, formatErr(name, nil, "header declares %s %s: more than the limit of %d bytes", typ, shapeString(shape), MaxIDXBytes)
	}
	return typ, shape, size, nil
}

// payloadSize returns product(shape)*elemSize, and false if it exceeds
// MaxIDXBytes or the int range. Zero dimensions make an empty payload but
// the other dimensions must still keep within the limit, so that no
// product of dimensions overflows anywhere later. Products are checked
// before they are formed.
func payloadSize(shape []int, elemSize int) (int, bool) {
	limit := uint64(MaxIDXBytes)
	if uint64(math.MaxInt) < limit {
		limit = uint64(math.MaxInt)
	}
	total, empty := uint64(elemSize), false
	for _, d := range shape {
		if d == 0 {
			empty = true
			continue
		}
		if total > limit/uint64(d) {
			return 0, false
		}
		total *= uint64(d)
	}
	if empty {
		return 0, true
	}
	return int(total), true
}

// readExactly reads exactly size bytes and then checks that r is at its
// end. The buffer starts with capacity initial and grows with the bytes
// that arrive, so a header alone cannot make it allocate.
func readExactly(r io.Reader, size, initial int, name, desc string) ([]byte, error) {
	buf := make([]byte, 0, initial)
	for len(buf) < size {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(size, 2*cap(buf)))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF && len(buf) < size {
			return nil, formatErr(name, nil, "truncated: %s but only %d bytes follow", desc, len(buf))
		}
		if err != nil && err != io.EOF {
			return nil, ioFormatErr(name, err, "truncated or corrupt: %s, read failed after %d bytes", desc, len(buf))
		}
	}
	var one [1]byte
	n, err := io.ReadFull(r, one[:])
	switch {
	case n > 0:
		return nil, formatErr(name, nil, "trailing data: %s but more bytes follow", desc)
	case err != io.EOF:
		return nil, ioFormatErr(name, err, "truncated or corrupt input after the %d bytes of data", size)
	}
	return buf, nil
}

// ioFormatErr classifies a read error: an early end of input or a gzip
// error is a *FormatError with the given message, anything else (a failing
// disk, a closed pipe) is returned wrapped as it is.
func ioFormatErr(name string, err error, format string, args ...any) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return formatErr(name, nil, format, args...)
	}
	if isGzipErr(err) {
		return formatErr(name, err, format, args...)
	}
	return ioErr(name, err)
}

// shapeString formats a shape as "(60000, 28, 28)", Keras's notation.
func shapeString(shape []int) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range shape {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, d)
	}
	if len(shape) == 1 {
		b.WriteByte(',')
	}
	b.WriteByte(')')
	return b.String()
}
