package h5

import (
	"errors"
	"fmt"
	"strings"
)

// Group is an HDF5 group: named links to groups and datasets, and
// attributes.
type Group struct {
	f      *File
	path   string
	oh     *objectHeader
	links  []link
	loaded bool
	attrs  []*Attribute
}

// Path returns the absolute path of g, "/" for the root.
func (g *Group) Path() string { return g.path }

// Names returns the names of g's members in the order the file indexes
// them (by name, for groups written by libhdf5's defaults).
func (g *Group) Names() ([]string, error) {
	if err := g.load(); err != nil {
		return nil, err
	}
	names := make([]string, len(g.links))
	for i, l := range g.links {
		names[i] = l.name
	}
	return names, nil
}

// Kind is what a group member is.
type Kind int

// Member kinds.
const (
	KindMissing Kind = iota
	KindGroup
	KindDataset
	KindOther // a named datatype, or a soft or external link
)

// Kind returns what the member at path (relative to g, "/"-separated) is,
// KindMissing if there is none.
func (g *Group) Kind(path string) (Kind, error) {
	parent, name, err := g.parentOf(path)
	if err != nil || parent == nil {
		return KindMissing, err
	}
	l, err := parent.lookup(name)
	if err != nil || l == nil {
		return KindMissing, err
	}
	if l.kind != linkHard {
		return KindOther, nil
	}
	oh, err := g.f.objectHeader(l.addr)
	switch {
	case err != nil:
		return KindMissing, err
	case oh.isDataset():
		return KindDataset, nil
	case oh.isGroup():
		return KindGroup, nil
	}
	return KindOther, nil
}

// Group returns the group at path, relative to g ("a/b" or "a").
func (g *Group) Group(path string) (*Group, error) {
	parent, name, err := g.parentOf(path)
	if err != nil {
		return nil, err
	}
	if parent == nil {
		return nil, fmt.Errorf("%w: group %q", ErrNotFound, join(g.path, path))
	}
	if name == "" {
		return parent, nil
	}
	return parent.child(name)
}

// Dataset returns the dataset at path, relative to g.
func (g *Group) Dataset(path string) (*Dataset, error) {
	parent, name, err := g.parentOf(path)
	if err != nil {
		return nil, err
	}
	if parent == nil || name == "" {
		return nil, fmt.Errorf("%w: dataset %q", ErrNotFound, join(g.path, path))
	}
	oh, full, err := parent.member(name)
	if err != nil {
		return nil, err
	}
	if !oh.isDataset() {
		return nil, fmt.Errorf("h5: %q is not a dataset", full)
	}
	return g.f.openDataset(full, oh)
}

// parentOf walks all but the last element of path and returns the group
// holding the last one and its name; a nil group means a missing element.
func (g *Group) parentOf(path string) (*Group, string, error) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) > maxDepth {
		return nil, "", fmt.Errorf("h5: path %q is too deep", path)
	}
	cur := g
	for _, p := range parts[:len(parts)-1] {
		if p == "" {
			continue
		}
		next, err := cur.child(p)
		if err != nil {
			if isNotFound(err) {
				return nil, "", nil
			}
			return nil, "", err
		}
		cur = next
	}
	return cur, parts[len(parts)-1], nil
}

func (g *Group) child(name string) (*Group, error) {
	oh, full, err := g.member(name)
	if err != nil {
		return nil, err
	}
	if !oh.isGroup() {
		return nil, fmt.Errorf("h5: %q is not a group", full)
	}
	return &Group{f: g.f, path: full, oh: oh}, nil
}

// member returns the object header of g's member name.
func (g *Group) member(name string) (*objectHeader, string, error) {
	full := join(g.path, name)
	l, err := g.lookup(name)
	if err != nil {
		return nil, full, err
	}
	if l == nil {
		return nil, full, fmt.Errorf("%w: %q", ErrNotFound, full)
	}
	if l.kind != linkHard {
		return nil, full, unsupported("%q is a soft or external link", full)
	}
	oh, err := g.f.objectHeader(l.addr)
	if err != nil {
		return nil, full, fmt.Errorf("%q: %w", full, err)
	}
	return oh, full, nil
}

func (g *Group) lookup(name string) (*link, error) {
	if err := g.load(); err != nil {
		return nil, err
	}
	for i := range g.links {
		if g.links[i].name == name {
			return &g.links[i], nil
		}
	}
	return nil, nil
}

func (g *Group) load() error {
	if g.loaded {
		return nil
	}
	links, err := g.f.groupLinks(g.oh)
	if err != nil {
		return fmt.Errorf("group %q: %w", g.path, err)
	}
	g.links, g.loaded = links, true
	return nil
}

// groupLinks lists the members of the group whose header is oh.
func (f *File) groupLinks(oh *objectHeader) ([]link, error) {
	if m := oh.find(msgSymbolTable); m != nil {
		b := &buf{b: m.data, what: "symbol table message"}
		btree, heap := b.addr(f.offSize), b.addr(f.offSize)
		if b.err != nil {
			return nil, b.err
		}
		return f.symbolTable(btree, heap)
	}
	var links []link
	for _, m := range oh.msgs {
		if m.typ != msgLink {
			continue
		}
		l, err := f.parseLink(m.data)
		if err != nil {
			return nil, err
		}
		links = append(links, l)
	}
	if m := oh.find(msgLinkInfo); m != nil {
		hi, err := f.parseLinkInfo(m.data, msgLinkInfo)
		if err != nil {
			return nil, err
		}
		dense, err := f.denseLinks(hi)
		if err != nil {
			return nil, err
		}
		links = append(links, dense...)
	}
	return links, nil
}

func (f *File) denseLinks(hi heapIndex) ([]link, error) {
	if hi.heap == undef || hi.btree == undef {
		return nil, nil
	}
	h, err := f.fractalHeap(hi.heap)
	if err != nil {
		return nil, err
	}
	var links []link
	err = f.walkBTree2(hi.btree, 5, func(rec []byte) error {
		if len(rec) < 4+7 {
			return formatErr("link name record of %d bytes", len(rec))
		}
		obj, err := h.object(rec[4:])
		if err != nil {
			return err
		}
		l, err := f.parseLink(obj)
		if err != nil {
			return err
		}
		links = append(links, l)
		return nil
	})
	return links, err
}

// symbolTable lists the entries of an old-style group: a version 1 B-tree of
// symbol table nodes whose names live in a local heap.
func (f *File) symbolTable(btree, heapAddr uint64) ([]link, error) {
	names, err := f.localHeap(heapAddr)
	if err != nil {
		return nil, err
	}
	var links []link
	err = f.walkBTree1(btree, 0, f.lenSize, func(_ []byte, snod uint64) error {
		entries, err := f.symbolNode(snod, names)
		links = append(links, entries...)
		return err
	})
	return links, err
}

func (f *File) localHeap(addr uint64) ([]byte, error) {
	b, err := f.readSig(addr, uint64(8+2*f.lenSize+f.offSize), "HEAP", "local heap")
	if err != nil {
		return nil, err
	}
	if v := b.u8(); v != 0 {
		return nil, formatErr("local heap version %d", v)
	}
	b.skip(3)
	size := b.uN(f.lenSize)
	b.skip(f.lenSize) // free list
	data := b.addr(f.offSize)
	if b.err != nil {
		return nil, b.err
	}
	return f.read(data, size, "local heap data")
}

func (f *File) symbolNode(addr uint64, names []byte) ([]link, error) {
	b, err := f.readSig(addr, 8, "SNOD", "symbol table node")
	if err != nil {
		return nil, err
	}
	if v := b.u8(); v != 1 {
		return nil, formatErr("symbol table node version %d", v)
	}
	b.skip(1)
	n := uint64(b.u16())
	entry := uint64(2*f.offSize + 24)
	raw, err := f.read(addr+8, n*entry, "symbol table node")
	if err != nil {
		return nil, err
	}
	e := &buf{b: raw, what: "symbol table entry"}
	links := make([]link, 0, n)
	for i := uint64(0); i < n; i++ {
		off, obj := e.uN(f.offSize), e.addr(f.offSize)
		e.skip(24)
		if off >= uint64(len(names)) {
			return nil, formatErr("symbol name offset %d outside its heap", off)
		}
		links = append(links, link{name: trimNul(names[off:]), kind: linkHard, addr: obj})
	}
	return links, e.err
}

// Attrs returns g's attributes.
func (g *Group) Attrs() ([]*Attribute, error) {
	if g.attrs == nil {
		a, err := g.f.attributes(g.oh, g.path)
		if err != nil {
			return nil, err
		}
		g.attrs = a
	}
	return g.attrs, nil
}

// Attr returns g's attribute name; the error wraps ErrNotFound if g has
// none of that name.
func (g *Group) Attr(name string) (*Attribute, error) {
	attrs, err := g.Attrs()
	if err != nil {
		return nil, err
	}
	return findAttr(attrs, name, g.path)
}

func join(dir, name string) string {
	if dir == "/" || dir == "" {
		return "/" + strings.Trim(name, "/")
	}
	return dir + "/" + strings.Trim(name, "/")
}

func isNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
