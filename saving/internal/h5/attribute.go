package h5

import "fmt"

// Attribute is a named value attached to a group or dataset, decoded.
// Exactly one of Strings, Ints and Floats holds the elements, according to
// Type.Class; unsigned 64-bit values above the int64 range are an error.
type Attribute struct {
	Name    string
	Type    Type
	Shape   []int // empty for a scalar
	Strings []string
	Ints    []int64
	Floats  []float64
}

// Len returns the number of elements of a.
func (a *Attribute) Len() int { return len(a.Strings) + len(a.Ints) + len(a.Floats) }

// String returns the value of a scalar or one-element string attribute.
func (a *Attribute) String() (string, error) {
	if a.Type.Class != ClassString && a.Type.Class != ClassVarString {
		return "", fmt.Errorf("h5: attribute %q holds %s, not a string", a.Name, a.Type.DType())
	}
	if len(a.Strings) != 1 {
		return "", fmt.Errorf("h5: attribute %q holds %d strings, expected one", a.Name, len(a.Strings))
	}
	return a.Strings[0], nil
}

// StringSlice returns the strings of a string attribute of any shape, in
// row-major order. An attribute with no element at all (Keras writes empty
// name lists as zero-length float arrays) gives an empty slice.
func (a *Attribute) StringSlice() ([]string, error) {
	if a.Len() == 0 {
		return []string{}, nil
	}
	if a.Type.Class != ClassString && a.Type.Class != ClassVarString {
		return nil, fmt.Errorf("h5: attribute %q holds %s, not strings", a.Name, a.Type.DType())
	}
	return a.Strings, nil
}

// attributes decodes every attribute of the object whose header is oh;
// path names the object in errors.
func (f *File) attributes(oh *objectHeader, path string) ([]*Attribute, error) {
	attrs := []*Attribute{}
	for _, m := range oh.msgs {
		if m.typ != msgAttribute {
			continue
		}
		a, err := f.decodeAttr(m.data, m.flags)
		if err != nil {
			return nil, fmt.Errorf("%q: %w", path, err)
		}
		attrs = append(attrs, a)
	}
	m := oh.find(msgAttrInfo)
	if m == nil {
		return attrs, nil
	}
	hi, err := f.parseLinkInfo(m.data, msgAttrInfo)
	if err != nil || hi.heap == undef || hi.btree == undef {
		return attrs, err
	}
	h, err := f.fractalHeap(hi.heap)
	if err != nil {
		return nil, err
	}
	err = f.walkBTree2(hi.btree, 8, func(rec []byte) error {
		if len(rec) < 8 {
			return formatErr("attribute name record of %d bytes", len(rec))
		}
		obj, err := h.object(rec[:8])
		if err != nil {
			return err
		}
		a, err := f.decodeAttr(obj, 0)
		if err == nil {
			attrs = append(attrs, a)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("%q: %w", path, err)
	}
	return attrs, nil
}

func (f *File) decodeAttr(data []byte, flags uint8) (*Attribute, error) {
	if flags&msgFlagShared != 0 {
		return nil, unsupported("shared attribute message")
	}
	raw, err := f.parseAttr(data)
	if err != nil {
		return nil, err
	}
	a := &Attribute{Name: raw.name, Type: raw.typ, Shape: []int{}}
	for _, d := range raw.space.dims {
		a.Shape = append(a.Shape, int(d))
	}
	n := 0
	if raw.typ.Size > 0 {
		n = len(raw.data) / raw.typ.Size
	}
	switch raw.typ.Class {
	case ClassInt:
		a.Ints = make([]int64, n)
		err = decodeInts(a.Ints, raw.data, raw.typ)
	case ClassFloat:
		a.Floats = make([]float64, n)
		decodeFloats(a.Floats, raw.data, raw.typ)
	default:
		a.Strings, err = f.decodeStrings(raw.data, raw.typ)
	}
	if err != nil {
		return nil, fmt.Errorf("attribute %q: %w", a.Name, err)
	}
	return a, nil
}

func findAttr(attrs []*Attribute, name, path string) (*Attribute, error) {
	for _, a := range attrs {
		if a.Name == name {
			return a, nil
		}
	}
	return nil, fmt.Errorf("%w: attribute %q of %q", ErrNotFound, name, path)
}

// decodeStrings decodes fixed- or variable-length string elements.
func (f *File) decodeStrings(raw []byte, t Type) ([]string, error) {
	n := len(raw) / t.Size
	out := make([]string, n)
	for i := range out {
		el := raw[i*t.Size : (i+1)*t.Size]
		if t.Class == ClassString {
			out[i] = fixedString(el, t.Pad)
			continue
		}
		s, err := f.varString(el)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func fixedString(p []byte, pad int) string {
	if pad == PadSpace {
		end := len(p)
		for end > 0 && (p[end-1] == ' ' || p[end-1] == 0) {
			end--
		}
		return string(p[:end])
	}
	return trimNul(p)
}

// varString decodes one variable-length string reference: its length, and
// the global heap collection and index of its bytes.
func (f *File) varString(el []byte) (string, error) {
	b := &buf{b: el, what: "variable-length string"}
	n, coll, idx := uint64(b.u32()), b.addr(f.offSize), b.u32()
	if b.err != nil {
		return "", b.err
	}
	if n == 0 {
		return "", nil
	}
	obj, err := f.globalObject(coll, idx)
	if err != nil {
		return "", err
	}
	if n > uint64(len(obj)) {
		return "", formatErr("string of %d bytes in a heap object of %d", n, len(obj))
	}
	return trimNul(obj[:n]), nil
}

type globalHeap struct{ objects map[uint32][]byte }

func (f *File) globalObject(addr uint64, idx uint32) ([]byte, error) {
	h, ok := f.gheaps[addr]
	if !ok {
		var err error
		if h, err = f.readGlobalHeap(addr); err != nil {
			return nil, err
		}
		f.gheaps[addr] = h
	}
	obj, ok := h.objects[idx]
	if !ok {
		return nil, formatErr("global heap at %d has no object %d", addr, idx)
	}
	return obj, nil
}

func (f *File) readGlobalHeap(addr uint64) (*globalHeap, error) {
	b, err := f.readSig(addr, uint64(8+f.lenSize), "GCOL", "global heap")
	if err != nil {
		return nil, err
	}
	if v := b.u8(); v != 1 {
		return nil, formatErr("global heap version %d", v)
	}
	b.skip(3)
	size := b.uN(f.lenSize)
	if b.err != nil {
		return nil, b.err
	}
	raw, err := f.read(addr, size, "global heap")
	if err != nil {
		return nil, err
	}
	h := &globalHeap{objects: map[uint32][]byte{}}
	c := &buf{b: raw, off: 8 + f.lenSize, what: "global heap"}
	for c.remaining() >= 8+f.lenSize {
		idx := c.u16()
		c.skip(2 + 4)
		n := c.uN(f.lenSize)
		if idx == 0 {
			break // free space: the rest of the collection
		}
		if n > uint64(c.remaining()) {
			return nil, formatErr("global heap object of %d bytes overruns its collection", n)
		}
		h.objects[uint32(idx)] = c.take(int(n))
		c.skip(int((8 - n%8) % 8))
	}
	return h, nil
}
