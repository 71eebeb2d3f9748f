package h5

import (
	"fmt"
	"math"
)

// Dataset is an HDF5 dataset: a typed n-dimensional array and attributes.
type Dataset struct {
	f       *File
	path    string
	oh      *objectHeader
	typ     Type
	space   space
	layout  layout
	filters []filter
	n       uint64 // number of elements
	attrs   []*Attribute
}

func (f *File) openDataset(path string, oh *objectHeader) (*Dataset, error) {
	d := &Dataset{f: f, path: path, oh: oh}
	if err := d.parse(); err != nil {
		return nil, fmt.Errorf("dataset %q: %w", path, err)
	}
	return d, nil
}

func (d *Dataset) parse() error {
	f := d.f
	need := func(typ uint16, name string) (*message, error) {
		m := d.oh.find(typ)
		switch {
		case m == nil:
			return nil, formatErr("no %s message", name)
		case m.flags&msgFlagShared != 0:
			return nil, unsupported("shared %s message", name)
		}
		return m, nil
	}
	var err error
	var m *message
	if m, err = need(msgDatatype, "datatype"); err == nil {
		d.typ, err = parseType(m.data)
	}
	if err == nil {
		if m, err = need(msgDataspace, "dataspace"); err == nil {
			d.space, err = f.parseSpace(m.data)
		}
	}
	if err == nil {
		if m, err = need(msgLayout, "data layout"); err == nil {
			d.layout, err = f.parseLayout(m.data)
		}
	}
	if err == nil && d.oh.find(msgExternalData) != nil {
		err = unsupported("external data storage")
	}
	if m := d.oh.find(msgFilters); err == nil && m != nil {
		d.filters, err = parseFilters(m.data)
	}
	if err != nil {
		return err
	}
	return d.checkSize()
}

// checkSize bounds the dataset's declared size by what the file can hold:
// the file itself for unfiltered data, maxInflate times it for filtered
// chunks.
func (d *Dataset) checkSize() error {
	limit := d.f.size
	if len(d.filters) > 0 {
		limit, _ = mulCheck(d.f.size, maxInflate, math.MaxInt64)
		if limit == 0 {
			limit = math.MaxInt64
		}
	}
	n, ok := d.space.count(limit)
	if ok {
		_, ok = mulCheck(n, uint64(d.typ.Size), limit)
	}
	if !ok || n*uint64(d.typ.Size) > limit {
		return formatErr("declared shape %v of %d-byte elements exceeds what a %d-byte file holds",
			d.space.dims, d.typ.Size, d.f.size)
	}
	d.n = n
	l := &d.layout
	need := n * uint64(d.typ.Size)
	switch l.class {
	case 0:
		if uint64(len(l.compact)) < need {
			return formatErr("compact data of %d bytes for %d elements", len(l.compact), n)
		}
	case 1:
		if l.size == undef { // layout versions 1 and 2 do not store the size
			l.size = need
		}
		if l.addr != undef && l.size < need {
			return formatErr("contiguous data of %d bytes for %d elements", l.size, n)
		}
	}
	return nil
}

// Path returns the dataset's absolute path.
func (d *Dataset) Path() string { return d.path }

// Type returns the type of the stored elements.
func (d *Dataset) Type() Type { return d.typ }

// Shape returns the dataset's dimensions; empty for a scalar.
func (d *Dataset) Shape() []int {
	s := make([]int, len(d.space.dims))
	for i, v := range d.space.dims {
		s[i] = int(v)
	}
	return s
}

// Len returns the number of elements.
func (d *Dataset) Len() int { return int(d.n) }

// Attrs returns the dataset's attributes.
func (d *Dataset) Attrs() ([]*Attribute, error) {
	if d.attrs == nil {
		a, err := d.f.attributes(d.oh, d.path)
		if err != nil {
			return nil, err
		}
		d.attrs = a
	}
	return d.attrs, nil
}

// Attr returns the dataset's attribute name; the error wraps ErrNotFound if
// there is none.
func (d *Dataset) Attr(name string) (*Attribute, error) {
	attrs, err := d.Attrs()
	if err != nil {
		return nil, err
	}
	return findAttr(attrs, name, d.path)
}

func (d *Dataset) numeric(what string) error {
	if d.typ.Class != ClassInt && d.typ.Class != ClassFloat {
		return fmt.Errorf("h5: dataset %q holds %s, not %s", d.path, d.typ.Class, what)
	}
	return nil
}

// ReadFloat32 reads every element, converted to float32, in row-major
// order. It reads numeric datasets of any type.
func (d *Dataset) ReadFloat32() ([]float32, error) {
	if err := d.numeric("numbers"); err != nil {
		return nil, err
	}
	return readAs(d, func(v []float32) sink { return float32Sink(v) })
}

// ReadFloat64 reads every element, converted to float64.
func (d *Dataset) ReadFloat64() ([]float64, error) {
	if err := d.numeric("numbers"); err != nil {
		return nil, err
	}
	return readAs(d, func(v []float64) sink { return float64Sink(v) })
}

// ReadInt64 reads every element of an integer dataset.
func (d *Dataset) ReadInt64() ([]int64, error) {
	if err := d.integers(); err != nil {
		return nil, err
	}
	return readAs(d, func(v []int64) sink { return int64Sink(v) })
}

// ReadInt32 reads every element of an integer dataset whose values fit in
// int32.
func (d *Dataset) ReadInt32() ([]int32, error) {
	if err := d.integers(); err != nil {
		return nil, err
	}
	return readAs(d, func(v []int32) sink { return int32Sink(v) })
}

// ReadStrings reads every element of a string dataset.
func (d *Dataset) ReadStrings() ([]string, error) {
	if d.typ.Class != ClassString && d.typ.Class != ClassVarString {
		return nil, fmt.Errorf("h5: dataset %q holds %s, not strings", d.path, d.typ.DType())
	}
	raw, err := readAs(d, func(v []byte) sink { return rawSink(v) }, d.typ.Size)
	if err != nil {
		return nil, err
	}
	return d.f.decodeStrings(raw, d.typ)
}

func (d *Dataset) integers() error {
	if d.typ.Class != ClassInt {
		return fmt.Errorf("h5: dataset %q holds %s, not integers", d.path, d.typ.DType())
	}
	return nil
}

// readAs allocates the result, after checking the declared size against
// what the file stores, and reads into it; per is the number of result
// elements per dataset element (1 but for raw bytes).
func readAs[T any](d *Dataset, wrap func([]T) sink, per ...int) ([]T, error) {
	if err := d.checkStored(); err != nil {
		return nil, fmt.Errorf("dataset %q: %w", d.path, err)
	}
	n := d.n
	for _, p := range per {
		n *= uint64(p)
	}
	out := make([]T, n)
	return out, d.read(wrap(out))
}

// streamBlock is how many bytes a contiguous read converts at a time.
const streamBlock = 1 << 20

func (d *Dataset) read(s sink) error {
	size := uint64(d.typ.Size)
	var err error
	switch d.layout.class {
	case 0:
		if d.n > 0 {
			err = s.put(0, d.layout.compact[:d.n*size], d.typ)
		}
	case 1:
		err = d.readContiguous(s)
	case 2:
		err = d.readChunked(s)
	}
	if err != nil {
		return fmt.Errorf("dataset %q: %w", d.path, err)
	}
	return nil
}

func (d *Dataset) readContiguous(s sink) error {
	size := uint64(d.typ.Size)
	total := d.n * size
	if total == 0 {
		return nil
	}
	if d.layout.addr == undef { // never written: the default fill value, zeros
		return s.put(0, make([]byte, total), d.typ)
	}
	if d.f.base+d.layout.addr < d.layout.addr || d.f.base+d.layout.addr > d.f.size ||
		total > d.f.size-d.f.base-d.layout.addr {
		return formatErr("data of %d bytes at %d lies beyond the end of the file", total, d.layout.addr)
	}
	block := uint64(streamBlock) / size * size
	if block == 0 {
		block = size
	}
	p := make([]byte, min(block, total))
	for done := uint64(0); done < total; done += uint64(len(p)) {
		p = p[:min(block, total-done)]
		if err := d.f.readInto(p, d.layout.addr+done, "dataset data"); err != nil {
			return err
		}
		if err := s.put(int(done/size), p, d.typ); err != nil {
			return err
		}
	}
	return nil
}
