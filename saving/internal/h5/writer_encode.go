package h5

import (
	"fmt"
	"math"
)

// encode writes every metadata object into meta at its planned address.
func (l *planner) encode(meta []byte, root *WGroup) error {
	put := func(addr uint64, p []byte) { copy(meta[addr:], p) }
	put(0, l.superblock(root))
	for _, g := range l.groups {
		hdr, err := groupHeader(g)
		if err != nil {
			return err
		}
		put(g.oh, hdr)
		for _, n := range g.nodes {
			put(n.addr, encodeNode(n))
		}
		for _, s := range g.snods {
			put(s.addr, encodeSnod(g, s))
		}
		e := enc{}
		e.raw([]byte("HEAP"))
		e.u32(0) // version 0, reserved
		e.u64(uint64(len(g.heapData)))
		e.u64(uint64(len(g.heapData)) - 16) // the free block
		e.u64(g.heap + 32)
		e.raw(g.heapData)
		put(g.heap, e.b)
	}
	for _, d := range l.datasets {
		hdr, err := datasetHeader(d)
		if err != nil {
			return err
		}
		put(d.oh, hdr)
	}
	for _, c := range l.colls {
		put(c.addr, encodeCollection(c))
	}
	return nil
}

func (l *planner) superblock(root *WGroup) []byte {
	e := enc{}
	e.raw(signature)
	e.raw([]byte{0, 0, 0, 0, 0, 8, 8, 0})
	e.u16(leafK)
	e.u16(internalK)
	e.u32(0) // flags
	e.u64(0) // base address
	e.u64(undef)
	e.u64(l.end)
	e.u64(undef)
	// Root group symbol table entry, with the cached B-tree and heap.
	e.u64(0)
	e.u64(root.oh)
	e.u32(1)
	e.u32(0)
	e.u64(root.nodes[0].addr)
	e.u64(root.heap)
	return e.b
}

func encodeNode(n *bnode) []byte {
	e := enc{}
	e.raw([]byte("TREE"))
	e.u8(0)
	e.u8(uint8(n.level))
	e.u16(uint16(len(n.children)))
	e.u64(n.left)
	e.u64(n.right)
	for i, c := range n.children {
		e.u64(n.keys[i])
		e.u64(c)
	}
	e.u64(n.keys[len(n.keys)-1])
	return e.b
}

func encodeSnod(g *WGroup, s snod) []byte {
	e := enc{}
	e.raw([]byte("SNOD"))
	e.u8(1)
	e.u8(0)
	e.u16(uint16(len(s.names)))
	for _, n := range s.names {
		e.u64(g.nameOff[n])
		switch m := g.members[n].(type) {
		case *WGroup:
			e.u64(m.oh)
		case *WDataset:
			e.u64(m.oh)
		}
		e.raw(make([]byte, 24)) // cache type 0, reserved, scratch
	}
	return e.b
}

func encodeCollection(c *gcoll) []byte {
	e := enc{}
	e.raw([]byte("GCOL"))
	e.u32(1) // version 1, reserved
	e.u64(c.size)
	for i, o := range c.objs {
		e.u16(uint16(i + 1))
		e.u16(0) // reference count
		e.u32(0)
		e.u64(uint64(len(o)))
		e.raw(o)
		e.pad8()
	}
	free := c.size - uint64(len(e.b))
	e.u16(0)
	e.u16(0)
	e.u32(0)
	e.u64(free)
	return e.b
}

// objectHeader encodes a version 1 object header holding msgs.
type hmsg struct {
	typ   uint16
	flags uint8
	data  []byte
}

func objectHeaderV1(msgs []hmsg) ([]byte, error) {
	size := 0
	for _, m := range msgs {
		if len(m.data) > maxMessage {
			return nil, fmt.Errorf("message of %d bytes exceeds an HDF5 object header's limit of %d", len(m.data), maxMessage)
		}
		size += 8 + pad8(len(m.data))
	}
	e := enc{}
	e.u8(1)
	e.u8(0)
	e.u16(uint16(len(msgs)))
	e.u32(1) // reference count
	e.u32(uint32(size))
	e.u32(0)
	for _, m := range msgs {
		e.u16(m.typ)
		e.u16(uint16(pad8(len(m.data))))
		e.u8(m.flags)
		e.raw([]byte{0, 0, 0})
		e.raw(m.data)
		e.pad8()
	}
	return e.b, nil
}

func groupHeader(g *WGroup) ([]byte, error) {
	e := enc{}
	var root uint64
	if len(g.nodes) > 0 {
		root = g.nodes[0].addr
	}
	e.u64(root)
	e.u64(g.heap)
	msgs := []hmsg{{typ: msgSymbolTable, data: e.b}}
	msgs, err := appendAttrs(msgs, g.attrs)
	if err != nil {
		return nil, fmt.Errorf("h5: group %q: %w", g.path, err)
	}
	return objectHeaderV1(msgs)
}

func datasetHeader(d *WDataset) ([]byte, error) {
	fill := []byte{2, 2, 2, 1, 0, 0, 0, 0} // version 2, late allocation, fill if set, default value
	layout := enc{}
	layout.u8(3)
	layout.u8(1)
	layout.u64(d.addr)
	layout.u64(uint64(d.data.n) * uint64(d.data.typ.Size))
	msgs := []hmsg{
		{typ: msgDataspace, data: encodeSpace(d.data.shape, true)},
		{typ: msgDatatype, flags: 1, data: encodeType(d.data.typ)},
		{typ: msgFill, flags: 1, data: fill},
		{typ: msgLayout, data: layout.b},
	}
	msgs, err := appendAttrs(msgs, d.attrs)
	if err != nil {
		return nil, fmt.Errorf("h5: dataset %q: %w", d.path, err)
	}
	return objectHeaderV1(msgs)
}

// encodeSpace encodes a version 1 dataspace; a nil shape is a scalar.
func encodeSpace(shape []int, withMax bool) []byte {
	e := enc{}
	e.u8(1)
	e.u8(uint8(len(shape)))
	if withMax && len(shape) > 0 {
		e.u8(1)
	} else {
		e.u8(0)
	}
	e.raw(make([]byte, 5))
	for _, d := range shape {
		e.u64(uint64(d))
	}
	if withMax {
		for _, d := range shape {
			e.u64(uint64(d))
		}
	}
	return e.b
}

func encodeType(t Type) []byte {
	e := enc{}
	switch {
	case t.Class == ClassVarString:
		e.raw([]byte{0x19, 0x01, 0x01, 0x00}) // variable-length string, UTF-8
		e.u32(16)
		e.raw([]byte{0x10, 0, 0, 0}) // base type: unsigned char
		e.u32(1)
		e.u16(0)
		e.u16(8)
	case t.Class == ClassFloat && t.Size == 4:
		e.raw([]byte{0x11, 0x20, 31, 0})
		e.u32(4)
		e.raw([]byte{0, 0, 32, 0, 23, 8, 0, 23})
		e.u32(127)
	case t.Class == ClassFloat:
		e.raw([]byte{0x11, 0x20, 63, 0})
		e.u32(8)
		e.raw([]byte{0, 0, 64, 0, 52, 11, 0, 52})
		e.u32(1023)
	default: // signed integer
		e.raw([]byte{0x10, 0x08, 0, 0})
		e.u32(uint32(t.Size))
		e.u16(0)
		e.u16(uint16(8 * t.Size))
	}
	return e.b
}

func appendAttrs(msgs []hmsg, attrs []wattr) ([]hmsg, error) {
	for _, a := range attrs {
		m, err := encodeAttr(a)
		if err != nil {
			return nil, err
		}
		msgs = append(msgs, hmsg{typ: msgAttribute, data: m})
	}
	return msgs, nil
}

// encodeAttr encodes a version 1 attribute message.
func encodeAttr(a wattr) ([]byte, error) {
	dt, ds := encodeType(a.v.typ), encodeSpace(a.v.shape, false)
	e := enc{}
	e.u8(1)
	e.u8(0)
	e.u16(uint16(len(a.name) + 1))
	e.u16(uint16(len(dt)))
	e.u16(uint16(len(ds)))
	e.raw([]byte(a.name))
	e.u8(0)
	e.pad8()
	e.raw(dt)
	e.pad8()
	e.raw(ds)
	e.pad8()
	switch {
	case a.v.typ.Class == ClassVarString:
		for i, s := range a.v.strs {
			e.u32(uint32(len(s)))
			if s == "" || a.refs == nil {
				e.u64(0)
				e.u32(0)
				continue
			}
			e.u64(a.refs[i].coll.addr)
			e.u32(uint32(a.refs[i].idx))
		}
	case a.v.f64 != nil:
		for _, v := range a.v.f64 {
			e.u64(math.Float64bits(v))
		}
	default:
		for _, v := range a.v.i64 {
			e.u64(uint64(v))
		}
	}
	if len(e.b) > maxMessage {
		return nil, fmt.Errorf("attribute %q of %d bytes exceeds an HDF5 object header's limit of %d", a.name, len(e.b), maxMessage)
	}
	return e.b, nil
}
