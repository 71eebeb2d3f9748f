package h5

import (
	"fmt"
	"math"
)

// Layout constants of written files, libhdf5's defaults.
const (
	leafK          = 4
	internalK      = 16
	snodEntries    = 2 * leafK
	snodSize       = 8 + snodEntries*40
	btreeFanout    = 2 * internalK
	btreeSize      = 24 + (btreeFanout+1)*8 + btreeFanout*8
	superblockSize = 96
	gcollMin       = 4096
	gcollMaxObjs   = 65535
	heapFreeNull   = 1     // libhdf5's end-of-free-list marker in local heaps
	maxMessage     = 65528 // largest 8-aligned message size a 16-bit field holds
)

type bnode struct {
	addr, left, right uint64
	level             int
	children          []uint64
	keys              []uint64 // heap offsets of names; len(children)+1
}

type snod struct {
	addr  uint64
	names []string
}

type gcoll struct {
	addr, size uint64
	used       uint64 // bytes taken, with the header and a free-space object
	objs       [][]byte
}

// planner assigns an address to every object of the file, then encodes the
// metadata (everything but dataset values) into one buffer.
type planner struct {
	cur      uint64
	metaEnd  uint64
	end      uint64
	colls    []*gcoll
	groups   []*WGroup
	datasets []*WDataset
}

func (l *planner) alloc(n uint64) uint64 {
	a := l.cur
	l.cur += n
	return a
}

func (l *planner) plan(root *WGroup) error {
	l.cur = superblockSize
	if err := l.placeGroup(root, 0); err != nil {
		return err
	}
	for _, c := range l.colls {
		c.size = max(c.used, gcollMin)
		c.addr = l.alloc(c.size)
	}
	l.metaEnd = l.cur
	for _, d := range l.datasets {
		size := uint64(d.data.n) * uint64(d.data.typ.Size)
		d.addr = undef
		if size > 0 {
			d.addr = l.alloc(size)
		}
	}
	l.end = l.cur
	return nil
}

func (l *planner) placeGroup(g *WGroup, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("h5: groups nested deeper than %d", maxDepth)
	}
	if err := l.collectStrings(g.attrs); err != nil {
		return err
	}
	hdr, err := groupHeader(g)
	if err != nil {
		return err
	}
	g.ohSize = uint64(len(hdr))
	g.oh = l.alloc(g.ohSize)
	l.groups = append(l.groups, g)
	names := g.sortedNames()
	l.buildHeap(g, names)
	for i := 0; i < len(names); i += snodEntries {
		g.snods = append(g.snods, snod{addr: l.alloc(snodSize), names: names[i:min(i+snodEntries, len(names))]})
	}
	l.buildTree(g)
	g.heap = l.alloc(32)
	l.alloc(uint64(len(g.heapData)))
	for _, n := range names {
		switch m := g.members[n].(type) {
		case *WGroup:
			err = l.placeGroup(m, depth+1)
		case *WDataset:
			err = l.placeDataset(m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *planner) placeDataset(d *WDataset) error {
	if err := l.collectStrings(d.attrs); err != nil {
		return err
	}
	hdr, err := datasetHeader(d)
	if err != nil {
		return err
	}
	d.ohSize = uint64(len(hdr))
	d.oh = l.alloc(d.ohSize)
	l.datasets = append(l.datasets, d)
	return nil
}

// buildHeap lays out g's local heap: the empty string at offset 0, then
// each name, NUL-terminated and padded to 8 bytes, then one 16-byte free
// block, as libhdf5 leaves.
func (l *planner) buildHeap(g *WGroup, names []string) {
	g.nameOff = map[string]uint64{}
	data := make([]byte, 8)
	for _, n := range names {
		g.nameOff[n] = uint64(len(data))
		data = append(data, n...)
		data = append(data, make([]byte, pad8(len(n)+1)-len(n))...)
	}
	e := enc{b: data}
	e.u64(heapFreeNull)
	e.u64(16)
	g.heapData = e.b
}

// buildTree builds the version 1 B-tree over g's symbol table nodes, level
// by level, each node holding up to btreeFanout children.
func (l *planner) buildTree(g *WGroup) {
	type item struct{ addr, max uint64 }
	items := make([]item, len(g.snods))
	for i, s := range g.snods {
		items[i] = item{s.addr, g.nameOff[s.names[len(s.names)-1]]}
	}
	var levels [][]*bnode
	for level := 0; ; level++ {
		var nodes []*bnode
		prev := uint64(0)
		for i := 0; i == 0 || i < len(items); i += btreeFanout {
			n := &bnode{addr: l.alloc(btreeSize), level: level, keys: []uint64{prev}, left: undef, right: undef}
			for _, it := range items[i:min(i+btreeFanout, len(items))] {
				n.children = append(n.children, it.addr)
				n.keys = append(n.keys, it.max)
				prev = it.max
			}
			if len(nodes) > 0 {
				n.left, nodes[len(nodes)-1].right = nodes[len(nodes)-1].addr, n.addr
			}
			nodes = append(nodes, n)
		}
		levels = append(levels, nodes)
		if len(nodes) == 1 {
			break
		}
		items = items[:0]
		for _, n := range nodes {
			items = append(items, item{n.addr, n.keys[len(n.keys)-1]})
		}
	}
	for i := len(levels) - 1; i >= 0; i-- {
		g.nodes = append(g.nodes, levels[i]...)
	}
}

// collectStrings puts the variable-length strings of attrs into global heap
// collections.
func (l *planner) collectStrings(attrs []wattr) error {
	for i := range attrs {
		a := &attrs[i]
		if a.v.typ.Class != ClassVarString {
			continue
		}
		a.refs = make([]vref, len(a.v.strs))
		for j, s := range a.v.strs {
			if s == "" {
				continue
			}
			if uint64(len(s)) > math.MaxUint32 {
				return fmt.Errorf("h5: attribute %q: string of %d bytes", a.name, len(s))
			}
			c := l.collection()
			c.objs = append(c.objs, []byte(s))
			c.used += 16 + uint64(pad8(len(s)))
			a.refs[j] = vref{coll: c, idx: len(c.objs)}
		}
	}
	return nil
}

// collection returns the collection the next object goes to. Collections
// grow until they hold gcollMaxObjs objects; each starts with its 16-byte
// header and keeps 16 bytes for the free-space object that ends it.
func (l *planner) collection() *gcoll {
	if len(l.colls) > 0 {
		if c := l.colls[len(l.colls)-1]; len(c.objs) < gcollMaxObjs {
			return c
		}
	}
	c := &gcoll{used: 16 + 16}
	l.colls = append(l.colls, c)
	return c
}
