package h5

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Writer assembles an HDF5 file. Groups, datasets and attributes are added
// to a tree in memory, dataset values by reference, and WriteTo lays the file
// out and streams it: superblock version 0, version-1 object headers,
// symbol-table groups (B-tree K values 16 and 4, as libhdf5's defaults),
// contiguous little-endian datasets, and variable-length strings in global
// heap collections of at least 4 KiB.
//
// A Writer is not safe for concurrent use.
type Writer struct {
	root *WGroup
}

// NewWriter returns a Writer holding an empty root group.
func NewWriter() *Writer {
	w := &Writer{}
	w.root = newWGroup("/")
	return w
}

// Root returns the root group.
func (w *Writer) Root() *WGroup { return w.root }

// WGroup is a group being written.
type WGroup struct {
	path    string
	attrs   []wattr
	members map[string]any // *WGroup or *WDataset

	// Layout, filled by WriteTo.
	oh, ohSize uint64
	nodes      []*bnode // B-tree nodes, the root first
	snods      []snod
	heap       uint64
	heapData   []byte
	nameOff    map[string]uint64
}

// WDataset is a dataset being written.
type WDataset struct {
	path  string
	data  Data
	attrs []wattr

	oh, ohSize, addr uint64
}

type wattr struct {
	name string
	v    Value
	refs []vref // variable-length strings: where each one went
}

// vref locates one variable-length string in a global heap collection.
type vref struct {
	coll *gcoll
	idx  int
}

func newWGroup(path string) *WGroup {
	return &WGroup{path: path, members: map[string]any{}}
}

func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\x00") {
		return fmt.Errorf("h5: invalid name %q", name)
	}
	return nil
}

// CreateGroup adds an empty group named name to g.
func (g *WGroup) CreateGroup(name string) (*WGroup, error) {
	if err := g.checkNew(name); err != nil {
		return nil, err
	}
	c := newWGroup(join(g.path, name))
	g.members[name] = c
	return c, nil
}

// CreateDataset adds a dataset named name holding d to g.
func (g *WGroup) CreateDataset(name string, d Data) (*WDataset, error) {
	if err := g.checkNew(name); err != nil {
		return nil, err
	}
	if d.shape == nil && d.typ.Size == 0 {
		return nil, fmt.Errorf("h5: dataset %q: no data", join(g.path, name))
	}
	ds := &WDataset{path: join(g.path, name), data: d}
	g.members[name] = ds
	return ds, nil
}

func (g *WGroup) checkNew(name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	if _, ok := g.members[name]; ok {
		return fmt.Errorf("h5: %q already exists", join(g.path, name))
	}
	return nil
}

// SetAttr attaches attribute name with value v to g.
func (g *WGroup) SetAttr(name string, v Value) error {
	return setAttr(&g.attrs, g.path, name, v)
}

// SetAttr attaches attribute name with value v to d.
func (d *WDataset) SetAttr(name string, v Value) error {
	return setAttr(&d.attrs, d.path, name, v)
}

func setAttr(attrs *[]wattr, path, name string, v Value) error {
	if name == "" || strings.Contains(name, "\x00") {
		return fmt.Errorf("h5: invalid attribute name %q", name)
	}
	if v.typ.Size == 0 {
		return fmt.Errorf("h5: attribute %q of %q: no value", name, path)
	}
	for _, a := range *attrs {
		if a.name == name {
			return fmt.Errorf("h5: attribute %q of %q already exists", name, path)
		}
	}
	*attrs = append(*attrs, wattr{name: name, v: v})
	return nil
}

// sortedNames returns g's member names in the order libhdf5 indexes them.
func (g *WGroup) sortedNames() []string {
	names := make([]string, 0, len(g.members))
	for n := range g.members {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// WriteTo writes the file to w and returns the number of bytes written.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	l := &planner{}
	if err := l.plan(w.root); err != nil {
		return 0, err
	}
	meta := make([]byte, l.metaEnd)
	if err := l.encode(meta, w.root); err != nil {
		return 0, err
	}
	n, err := out.Write(meta)
	total := int64(n)
	if err != nil {
		return total, err
	}
	p := make([]byte, streamBlock)
	for _, d := range l.datasets {
		m, err := streamData(out, d, p)
		total += m
		if err != nil {
			return total, err
		}
	}
	if uint64(total) != l.end {
		return total, errors.New("h5: internal error: file size differs from its layout")
	}
	return total, nil
}

func streamData(out io.Writer, d *WDataset, p []byte) (int64, error) {
	size := d.data.typ.Size
	per := len(p) / size
	var total int64
	for start := 0; start < d.data.n; start += per {
		k := min(per, d.data.n-start)
		d.data.encode(p[:k*size], start)
		n, err := out.Write(p[:k*size])
		total += int64(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// Encoding helpers: all fields are little-endian; addresses and lengths are
// 8 bytes.

type enc struct{ b []byte }

func (e *enc) u8(v uint8)   { e.b = append(e.b, v) }
func (e *enc) u16(v uint16) { e.b = binary.LittleEndian.AppendUint16(e.b, v) }
func (e *enc) u32(v uint32) { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *enc) u64(v uint64) { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *enc) raw(p []byte) { e.b = append(e.b, p...) }
func (e *enc) pad8() {
	for len(e.b)%8 != 0 {
		e.b = append(e.b, 0)
	}
}

func pad8(n int) int { return (n + 7) &^ 7 }
