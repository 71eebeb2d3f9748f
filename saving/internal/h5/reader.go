package h5

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ErrFormat is wrapped by every error about a file that is not valid HDF5 or
// is damaged.
var ErrFormat = errors.New("h5: invalid or damaged HDF5 file")

// ErrUnsupported is wrapped by every error about a valid HDF5 feature this
// package does not read.
var ErrUnsupported = errors.New("h5: unsupported HDF5 feature")

// ErrNotFound is wrapped by the errors of lookups of a missing group,
// dataset or attribute.
var ErrNotFound = errors.New("h5: not found")

const (
	undef = ^uint64(0) // the undefined address

	// maxDepth bounds the nesting of groups, B-trees and heaps a reader
	// follows; real files stay far below it.
	maxDepth = 64

	// maxInflate is deflate's largest expansion ratio: no chunk can
	// legitimately decompress to more than this many times its stored size.
	maxInflate = 1032
)

var signature = []byte{0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrFormat}, args...)...)
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrUnsupported}, args...)...)
}

// File is an HDF5 file open for reading. Its methods may be called from
// several goroutines at once only if the underlying io.ReaderAt allows
// concurrent calls (os.File, bytes.Reader and io.SectionReader do); the
// caches inside File are not locked, so use one File per goroutine otherwise.
type File struct {
	r       io.ReaderAt
	size    uint64 // bytes readable from r
	base    uint64 // absolute position of address 0
	offSize int    // bytes of an address
	lenSize int    // bytes of a length
	version int    // superblock version
	root    *Group
	gheaps  map[uint64]*globalHeap
}

// Open reads the superblock and root group of the HDF5 file held in the
// first size bytes of r. The superblock may follow a user block of 512,
// 1024, 2048, ... bytes, as the format allows.
func Open(r io.ReaderAt, size int64) (*File, error) {
	if size < int64(len(signature)) {
		return nil, formatErr("file of %d bytes is too small", size)
	}
	f := &File{r: r, size: uint64(size), gheaps: map[uint64]*globalHeap{}}
	at, err := f.findSignature()
	if err != nil {
		return nil, err
	}
	rootAddr, err := f.readSuperblock(at)
	if err != nil {
		return nil, err
	}
	oh, err := f.objectHeader(rootAddr)
	if err != nil {
		return nil, fmt.Errorf("root group: %w", err)
	}
	root := &Group{f: f, path: "/", oh: oh}
	if !oh.isGroup() {
		return nil, formatErr("root object is not a group")
	}
	f.root = root
	return f, nil
}

// Root returns the root group "/".
func (f *File) Root() *Group { return f.root }

func (f *File) findSignature() (uint64, error) {
	sig := make([]byte, len(signature))
	for at := uint64(0); at+uint64(len(sig)) <= f.size; {
		if _, err := f.r.ReadAt(sig, int64(at)); err != nil {
			return 0, fmt.Errorf("h5: reading signature: %w", err)
		}
		if string(sig) == string(signature) {
			return at, nil
		}
		if at == 0 {
			at = 512
		} else {
			at *= 2
		}
	}
	return 0, formatErr("no HDF5 signature (not an HDF5 file)")
}

// readSuperblock parses the superblock at absolute position at and returns
// the root group's object header address.
func (f *File) readSuperblock(at uint64) (uint64, error) {
	n := uint64(128)
	if at+n > f.size {
		n = f.size - at
	}
	raw := make([]byte, n)
	if _, err := f.r.ReadAt(raw, int64(at)); err != nil && !errors.Is(err, io.EOF) {
		return 0, fmt.Errorf("h5: reading superblock: %w", err)
	}
	b := &buf{b: raw, off: 8, what: "superblock"}
	f.version = int(b.u8())
	switch f.version {
	case 0, 1:
		return f.superblockV01(b, at)
	case 2, 3:
		return f.superblockV23(b, at)
	}
	return 0, unsupported("superblock version %d", f.version)
}

func (f *File) superblockV01(b *buf, at uint64) (uint64, error) {
	b.skip(4) // free-space, root symbol table, reserved, shared header versions
	f.offSize, f.lenSize = int(b.u8()), int(b.u8())
	if err := f.checkSizes(); err != nil {
		return 0, err
	}
	b.skip(1 + 2 + 2 + 4) // reserved, group leaf and internal K, flags
	if f.version == 1 {
		b.skip(4) // indexed storage K, reserved
	}
	f.base = b.uN(f.offSize)
	b.skip(3 * f.offSize) // free-space info, end of file, driver info
	b.skip(f.offSize)     // root entry: link name offset
	root := b.addr(f.offSize)
	if b.err != nil {
		return 0, b.err
	}
	return root, f.checkBase(at)
}

func (f *File) superblockV23(b *buf, at uint64) (uint64, error) {
	f.offSize, f.lenSize = int(b.u8()), int(b.u8())
	if err := f.checkSizes(); err != nil {
		return 0, err
	}
	b.skip(1) // flags
	f.base = b.uN(f.offSize)
	b.skip(2 * f.offSize) // superblock extension, end of file
	root := b.addr(f.offSize)
	if b.err != nil {
		return 0, b.err
	}
	return root, f.checkBase(at)
}

func (f *File) checkSizes() error {
	for _, s := range []int{f.offSize, f.lenSize} {
		if s != 2 && s != 4 && s != 8 {
			return formatErr("superblock: size of offsets/lengths %d", s)
		}
	}
	return nil
}

func (f *File) checkBase(at uint64) error {
	// Files written with a user block record its size as the base address;
	// a base that disagrees with where the signature was found is damage.
	if f.base != at && f.base != 0 {
		return formatErr("superblock: base address %d, signature at %d", f.base, at)
	}
	f.base = at
	return nil
}

// read returns n bytes at file address addr (relative to the base address),
// checking that they lie inside the file.
func (f *File) read(addr uint64, n uint64, what string) ([]byte, error) {
	if addr == undef {
		return nil, formatErr("%s: undefined address", what)
	}
	abs := f.base + addr
	if abs < addr || n > f.size || abs > f.size-n {
		return nil, formatErr("%s: %d bytes at address %d lie beyond the end of the file (%d bytes)", what, n, addr, f.size)
	}
	p := make([]byte, n)
	if err := f.readInto(p, addr, what); err != nil {
		return nil, err
	}
	return p, nil
}

// readInto fills p from file address addr after the same checks as read.
func (f *File) readInto(p []byte, addr uint64, what string) error {
	n := uint64(len(p))
	abs := f.base + addr
	if addr == undef || abs < addr || n > f.size || abs > f.size-n {
		return formatErr("%s: %d bytes at address %d lie beyond the end of the file (%d bytes)", what, n, addr, f.size)
	}
	if _, err := f.r.ReadAt(p, int64(abs)); err != nil && !(errors.Is(err, io.EOF) && n > 0) {
		return fmt.Errorf("h5: %s: %w", what, err)
	}
	return nil
}

// readSig reads a block that starts with a four-byte signature and returns
// a decoder positioned after it. The block is n bytes long, or what remains
// of the file if that is less (metadata blocks near the end of a file may be
// shorter than the largest size their header allows).
func (f *File) readSig(addr uint64, n uint64, sig, what string) (*buf, error) {
	if addr == undef || f.base+addr >= f.size {
		return nil, formatErr("%s: address %d outside the file", what, addr)
	}
	if rest := f.size - (f.base + addr); n > rest {
		n = rest
	}
	p, err := f.read(addr, n, what)
	if err != nil {
		return nil, err
	}
	if len(p) < 4 || string(p[:4]) != sig {
		return nil, formatErr("%s at address %d: signature %q missing", what, addr, sig)
	}
	return &buf{b: p, off: 4, what: what}, nil
}

// buf decodes little-endian fields from a byte slice. The first read past
// the end sets err and every later read returns zero, so decoders check err
// once at the end.
type buf struct {
	b    []byte
	off  int
	err  error
	what string
}

func (b *buf) take(n int) []byte {
	if b.err != nil {
		return nil
	}
	if n < 0 || n > len(b.b)-b.off {
		b.err = formatErr("%s: truncated (needs %d bytes at %d of %d)", b.what, n, b.off, len(b.b))
		return nil
	}
	p := b.b[b.off : b.off+n]
	b.off += n
	return p
}

func (b *buf) skip(n int) { b.take(n) }

func (b *buf) u8() uint8 {
	if p := b.take(1); p != nil {
		return p[0]
	}
	return 0
}

func (b *buf) u16() uint16 {
	if p := b.take(2); p != nil {
		return binary.LittleEndian.Uint16(p)
	}
	return 0
}

func (b *buf) u32() uint32 {
	if p := b.take(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}

// uN reads an n-byte little-endian unsigned integer (n ≤ 8).
func (b *buf) uN(n int) uint64 {
	if n > 8 {
		b.err = formatErr("%s: %d-byte integer", b.what, n)
		return 0
	}
	p := b.take(n)
	var v uint64
	for i := len(p) - 1; i >= 0; i-- {
		v = v<<8 | uint64(p[i])
	}
	return v
}

// addr reads an n-byte address, mapping the all-ones value to undef.
func (b *buf) addr(n int) uint64 {
	v := b.uN(n)
	if n < 8 && v == 1<<(8*uint(n))-1 {
		return undef
	}
	return v
}

func (b *buf) rest() []byte { return b.take(len(b.b) - b.off) }

func (b *buf) remaining() int {
	if b.err != nil {
		return 0
	}
	return len(b.b) - b.off
}

// mulCheck returns a*b, or false if it overflows max.
func mulCheck(a, b, max uint64) (uint64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	if a > max/b {
		return 0, false
	}
	return a * b, true
}

func log2(v uint64) int {
	n := 0
	for v > 1 {
		v >>= 1
		n++
	}
	return n
}
