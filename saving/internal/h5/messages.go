package h5

import "fmt"

// Class is the kind of values a Type holds.
type Class int

// The datatype classes this package reads.
const (
	ClassInt       Class = iota // fixed-point integer, signed or not (also enumerations)
	ClassFloat                  // IEEE floating point: 16, 32, 64 bit or bfloat16
	ClassString                 // fixed-length string
	ClassVarString              // variable-length string
)

// String returns the class's name, as error messages use it.
func (c Class) String() string {
	switch c {
	case ClassInt:
		return "integer"
	case ClassFloat:
		return "float"
	case ClassString:
		return "fixed-length string"
	case ClassVarString:
		return "variable-length string"
	}
	return fmt.Sprintf("Class(%d)", int(c))
}

// String padding kinds of ClassString types.
const (
	PadNullTerm = 0 // stops at the first NUL
	PadNull     = 1 // padded with NULs
	PadSpace    = 2 // padded with spaces
)

// Type describes how one element of a dataset or attribute is stored.
type Type struct {
	Class     Class
	Size      int  // bytes per element in the file
	Signed    bool // ClassInt: two's complement
	BigEndian bool // ClassInt, ClassFloat
	UTF8      bool // strings: UTF-8 rather than ASCII
	Pad       int  // ClassString: PadNullTerm, PadNull or PadSpace
	BFloat16  bool // ClassFloat of size 2: bfloat16 rather than IEEE half
}

// DType returns the NumPy-style name of t: "float32", "int64", "uint8",
// "bfloat16", "string".
func (t Type) DType() string {
	switch t.Class {
	case ClassFloat:
		if t.BFloat16 {
			return "bfloat16"
		}
		return fmt.Sprintf("float%d", 8*t.Size)
	case ClassInt:
		if t.Signed {
			return fmt.Sprintf("int%d", 8*t.Size)
		}
		return fmt.Sprintf("uint%d", 8*t.Size)
	}
	return "string"
}

var classNames = map[int]string{2: "time", 4: "bitfield", 5: "opaque", 6: "compound",
	7: "reference", 10: "array", 11: "complex"}

// parseType decodes a datatype message.
func parseType(data []byte) (Type, error) {
	b := &buf{b: data, what: "datatype"}
	cv := b.u8()
	class := int(cv & 0x0f)
	bits := b.take(3)
	size := b.u32()
	if b.err != nil {
		return Type{}, b.err
	}
	if size == 0 || size > 1<<16 {
		return Type{}, formatErr("datatype: element size %d", size)
	}
	t := Type{Size: int(size)}
	switch class {
	case 0:
		return t, parseFixed(&t, bits, b)
	case 1:
		return t, parseFloat(&t, bits, b)
	case 3:
		t.Class, t.Pad, t.UTF8 = ClassString, int(bits[0]&0x0f), bits[0]>>4 == 1
		return t, nil
	case 8:
		return parseEnum(b)
	case 9:
		return parseVarLen(t, bits, b)
	}
	if name, ok := classNames[class]; ok {
		return Type{}, unsupported("%s datatype", name)
	}
	return Type{}, formatErr("datatype class %d", class)
}

func parseFixed(t *Type, bits []byte, b *buf) error {
	t.Class, t.BigEndian, t.Signed = ClassInt, bits[0]&1 != 0, bits[0]&0x08 != 0
	offset, precision := b.u16(), b.u16()
	if b.err != nil {
		return b.err
	}
	switch {
	case t.Size != 1 && t.Size != 2 && t.Size != 4 && t.Size != 8:
		return unsupported("%d-byte integer", t.Size)
	case offset != 0 || int(precision) != 8*t.Size:
		return unsupported("integer with bit offset %d and precision %d", offset, precision)
	}
	return nil
}

func parseFloat(t *Type, bits []byte, b *buf) error {
	t.Class, t.BigEndian = ClassFloat, bits[0]&1 != 0
	if bits[0]&0x40 != 0 {
		return unsupported("VAX-order float")
	}
	offset, precision := b.u16(), b.u16()
	_, expSize, _, mantSize := b.u8(), b.u8(), b.u8(), b.u8()
	b.skip(4) // exponent bias
	if b.err != nil {
		return b.err
	}
	layout := [3]int{t.Size, int(expSize), int(mantSize)}
	switch {
	case offset != 0 || int(precision) != 8*t.Size:
	case layout == [3]int{2, 5, 10}, layout == [3]int{4, 8, 23}, layout == [3]int{8, 11, 52}:
		return nil
	case layout == [3]int{2, 8, 7}:
		t.BFloat16 = true
		return nil
	}
	return unsupported("%d-byte float with %d exponent and %d mantissa bits", t.Size, expSize, mantSize)
}

func parseEnum(b *buf) (Type, error) {
	base, err := parseType(b.rest())
	if err != nil {
		return Type{}, err
	}
	if base.Class != ClassInt {
		return Type{}, unsupported("enumeration over %s", base.Class)
	}
	return base, nil
}

func parseVarLen(t Type, bits []byte, b *buf) (Type, error) {
	if bits[0]&0x0f != 1 {
		return Type{}, unsupported("variable-length sequence datatype")
	}
	t.Class, t.UTF8 = ClassVarString, bits[1]&0x0f == 1
	return t, nil
}

// space is a parsed dataspace: dims is empty for a scalar; null means the
// dataspace holds no element at all.
type space struct {
	dims []uint64
	null bool
}

func (f *File) parseSpace(data []byte) (space, error) {
	b := &buf{b: data, what: "dataspace"}
	version, rank, flags := b.u8(), int(b.u8()), b.u8()
	var s space
	switch version {
	case 1:
		b.skip(5)
	case 2:
		switch b.u8() {
		case 0:
			rank = 0
		case 2:
			s.null, rank = true, 0
		}
	default:
		return s, formatErr("dataspace version %d", version)
	}
	if rank > 32 {
		return s, formatErr("dataspace of rank %d", rank)
	}
	for i := 0; i < rank; i++ {
		s.dims = append(s.dims, b.uN(f.lenSize))
	}
	_ = flags // maximum dimensions and permutations do not matter to a reader
	return s, b.err
}

// count returns the number of elements of s, or false if it does not fit in
// limit.
func (s space) count(limit uint64) (uint64, bool) {
	if s.null {
		return 0, true
	}
	n := uint64(1)
	for _, d := range s.dims {
		var ok bool
		if n, ok = mulCheck(n, d, limit); !ok {
			return 0, false
		}
	}
	return n, n <= limit
}

// Chunk index types of version 4 layouts, plus indexBTree1 for version 3.
const (
	indexBTree1     = 0
	indexSingle     = 1
	indexImplicit   = 2
	indexFixedArray = 3
)

type layout struct {
	class      int // 0 compact, 1 contiguous, 2 chunked
	addr, size uint64
	compact    []byte
	chunk      []uint64 // chunk dimensions, without the element-size dimension
	index      int
	filtered   uint64 // single filtered chunk: its stored size
	mask       uint32 // single filtered chunk: its filter mask
	pageBits   int    // fixed array index
}

var indexNames = map[int]string{4: "extensible array", 5: "version 2 B-tree"}

func (f *File) parseLayout(data []byte) (layout, error) {
	b := &buf{b: data, what: "data layout"}
	var l layout
	version := b.u8()
	if version < 3 {
		return f.parseLayoutOld(b, version)
	}
	if version > 4 {
		return l, formatErr("data layout version %d", version)
	}
	l.class = int(b.u8())
	switch l.class {
	case 0:
		l.compact = b.take(int(b.u16()))
	case 1:
		l.addr, l.size = b.addr(f.offSize), b.uN(f.lenSize)
	case 2:
		if version == 3 {
			rank := int(b.u8())
			l.addr = b.addr(f.offSize)
			l.chunk = readChunkDims(b, rank, 4)
		} else if err := f.parseChunkedV4(b, &l); err != nil {
			return l, err
		}
	case 3:
		return l, unsupported("virtual dataset")
	default:
		return l, formatErr("data layout class %d", l.class)
	}
	return l, b.err
}

func (f *File) parseChunkedV4(b *buf, l *layout) error {
	flags, rank, encLen := b.u8(), int(b.u8()), int(b.u8())
	l.chunk = readChunkDims(b, rank, encLen)
	l.index = int(b.u8())
	switch l.index {
	case indexSingle:
		if flags&0x02 != 0 {
			l.filtered, l.mask = b.uN(f.lenSize), b.u32()
		}
	case indexImplicit:
	case indexFixedArray:
		l.pageBits = int(b.u8())
	default:
		if name, ok := indexNames[l.index]; ok {
			return unsupported("chunk index %s", name)
		}
		return formatErr("chunk index type %d", l.index)
	}
	l.addr = b.addr(f.offSize)
	return b.err
}

// readChunkDims reads rank dimensions of n bytes each and drops the last,
// which is the element size.
func readChunkDims(b *buf, rank, n int) []uint64 {
	if rank < 2 || rank > 33 {
		b.err = formatErr("chunked layout of rank %d", rank)
		return nil
	}
	dims := make([]uint64, rank)
	for i := range dims {
		dims[i] = b.uN(n)
		if dims[i] == 0 {
			b.err = formatErr("chunk dimension 0")
		}
	}
	return dims[:rank-1]
}

// parseLayoutOld reads version 1 and 2 layouts (files from HDF5 1.4 and
// earlier).
func (f *File) parseLayoutOld(b *buf, version uint8) (layout, error) {
	var l layout
	if version == 0 {
		return l, formatErr("data layout version 0")
	}
	rank := int(b.u8())
	l.class = int(b.u8())
	b.skip(5)
	if l.class != 0 {
		l.addr = b.addr(f.offSize)
	}
	switch l.class {
	case 0:
		b.skip(4 * rank)
		l.compact = b.take(int(b.u32()))
	case 1:
		b.skip(4 * rank)
		l.size = undef // computed from the dataspace
	case 2:
		l.chunk = readChunkDims(b, rank, 4)
	default:
		return l, formatErr("data layout class %d", l.class)
	}
	return l, b.err
}

// Filter identifiers.
const (
	filterDeflate    = 1
	filterShuffle    = 2
	filterFletcher32 = 3
)

type filter struct {
	id     uint16
	flags  uint16
	params []uint32
}

func parseFilters(data []byte) ([]filter, error) {
	b := &buf{b: data, what: "filter pipeline"}
	version, n := b.u8(), int(b.u8())
	if version == 1 {
		b.skip(6)
	} else if version != 2 {
		return nil, formatErr("filter pipeline version %d", version)
	}
	fs := make([]filter, 0, n)
	for i := 0; i < n && b.err == nil; i++ {
		var fl filter
		fl.id = b.u16()
		nameLen := 0
		if version == 1 || fl.id >= 256 {
			nameLen = int(b.u16())
		}
		fl.flags = b.u16()
		nv := int(b.u16())
		b.skip(nameLen)
		for j := 0; j < nv && b.err == nil; j++ {
			fl.params = append(fl.params, b.u32())
		}
		if version == 1 && nv%2 == 1 {
			b.skip(4)
		}
		fs = append(fs, fl)
	}
	return fs, b.err
}

// Link types.
const (
	linkHard     = 0
	linkSoft     = 1
	linkExternal = 64
)

type link struct {
	name string
	kind int
	addr uint64
}

func (f *File) parseLink(data []byte) (link, error) {
	b := &buf{b: data, what: "link message"}
	var l link
	if v := b.u8(); v != 1 {
		return l, formatErr("link message version %d", v)
	}
	flags := b.u8()
	if flags&0x08 != 0 {
		l.kind = int(b.u8())
	}
	if flags&0x04 != 0 {
		b.skip(8) // creation order
	}
	if flags&0x10 != 0 {
		b.skip(1) // character set
	}
	n := b.uN(1 << (flags & 3))
	if n > uint64(b.remaining()) {
		return l, formatErr("link message: name of %d bytes", n)
	}
	l.name = string(b.take(int(n)))
	if l.kind == linkHard {
		l.addr = b.addr(f.offSize)
	}
	return l, b.err
}

// heapIndex is the location of densely stored links or attributes: a
// fractal heap holding the messages and a version 2 B-tree indexing them by
// name.
type heapIndex struct {
	heap, btree uint64
}

// parseLinkInfo decodes a link info message (msgLinkInfo) or an attribute
// info message (msgAttrInfo); they differ only in the width of the maximum
// creation index.
func (f *File) parseLinkInfo(data []byte, typ uint16) (heapIndex, error) {
	b := &buf{b: data, what: "link info"}
	if v := b.u8(); v != 0 {
		return heapIndex{}, formatErr("link/attribute info version %d", v)
	}
	if b.u8()&1 != 0 {
		if typ == msgLinkInfo {
			b.skip(8)
		} else {
			b.skip(2)
		}
	}
	hi := heapIndex{b.addr(f.offSize), b.addr(f.offSize)}
	return hi, b.err
}

// rawAttr is an attribute message, decoded but with its value still raw.
type rawAttr struct {
	name  string
	typ   Type
	space space
	data  []byte
}

func (f *File) parseAttr(data []byte) (rawAttr, error) {
	b := &buf{b: data, what: "attribute message"}
	var a rawAttr
	version, flags := b.u8(), b.u8()
	nameSize, typeSize, spaceSize := int(b.u16()), int(b.u16()), int(b.u16())
	pad := func(n int) int { return n }
	switch version {
	case 1:
		pad = func(n int) int { return (n + 7) &^ 7 }
	case 2:
	case 3:
		b.skip(1) // character set of the name
	default:
		return a, formatErr("attribute message version %d", version)
	}
	if flags&0x03 != 0 {
		return a, unsupported("attribute with a shared datatype or dataspace")
	}
	name := b.take(pad(nameSize))
	if nameSize > 0 && len(name) >= nameSize {
		a.name = trimNul(name[:nameSize])
	}
	tb, sb := b.take(pad(typeSize)), b.take(pad(spaceSize))
	if b.err != nil {
		return a, b.err
	}
	var err error
	if a.typ, err = parseType(tb[:typeSize]); err != nil {
		return a, fmt.Errorf("attribute %q: %w", a.name, err)
	}
	if a.space, err = f.parseSpace(sb[:spaceSize]); err != nil {
		return a, fmt.Errorf("attribute %q: %w", a.name, err)
	}
	n, ok := a.space.count(uint64(len(data)))
	if !ok || n*uint64(a.typ.Size) > uint64(b.remaining()) {
		return a, formatErr("attribute %q: value larger than its message", a.name)
	}
	a.data = b.take(int(n) * a.typ.Size)
	return a, b.err
}

func trimNul(p []byte) string {
	for i, c := range p {
		if c == 0 {
			return string(p[:i])
		}
	}
	return string(p)
}
