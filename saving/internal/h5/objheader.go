package h5

// Header message types (HDF5 file format specification, section IV.A.2).
const (
	msgNil          = 0x00
	msgDataspace    = 0x01
	msgLinkInfo     = 0x02
	msgDatatype     = 0x03
	msgFill         = 0x05
	msgLink         = 0x06
	msgExternalData = 0x07
	msgLayout       = 0x08
	msgGroupInfo    = 0x0A
	msgFilters      = 0x0B
	msgAttribute    = 0x0C
	msgContinuation = 0x10
	msgSymbolTable  = 0x11
	msgAttrInfo     = 0x15
)

// msgFlagShared marks a message stored elsewhere (a shared message).
const msgFlagShared = 0x02

type message struct {
	typ   uint16
	flags uint8
	data  []byte
}

// objectHeader is the list of header messages of one object, with the
// continuation blocks already followed.
type objectHeader struct {
	addr uint64
	msgs []message
}

func (oh *objectHeader) find(typ uint16) *message {
	for i := range oh.msgs {
		if oh.msgs[i].typ == typ {
			return &oh.msgs[i]
		}
	}
	return nil
}

func (oh *objectHeader) isGroup() bool {
	return oh.find(msgSymbolTable) != nil || oh.find(msgLinkInfo) != nil ||
		oh.find(msgGroupInfo) != nil || (oh.find(msgLink) != nil && oh.find(msgLayout) == nil)
}

func (oh *objectHeader) isDataset() bool { return oh.find(msgLayout) != nil }

type block struct{ addr, size uint64 }

// objectHeader reads the object header at addr, version 1 or 2.
func (f *File) objectHeader(addr uint64) (*objectHeader, error) {
	if addr == undef || f.base+addr+4 > f.size {
		return nil, formatErr("object header address %d outside the file", addr)
	}
	sig, err := f.read(addr, 4, "object header")
	if err != nil {
		return nil, err
	}
	oh := &objectHeader{addr: addr}
	if string(sig) == "OHDR" {
		err = f.objectHeaderV2(oh)
	} else {
		err = f.objectHeaderV1(oh)
	}
	if err != nil {
		return nil, err
	}
	return oh, nil
}

func (f *File) objectHeaderV1(oh *objectHeader) error {
	p, err := f.read(oh.addr, 16, "object header")
	if err != nil {
		return err
	}
	b := &buf{b: p, what: "object header"}
	if v := b.u8(); v != 1 {
		return formatErr("object header at %d: version %d", oh.addr, v)
	}
	b.skip(1 + 2 + 4) // reserved, message count, reference count
	size := uint64(b.u32())
	// The first chunk starts 16 bytes in (12 bytes of prefix, padded to 8).
	return f.followChunks(oh, block{oh.addr + 16, size}, false, 0)
}

func (f *File) objectHeaderV2(oh *objectHeader) error {
	n := uint64(4 + 1 + 1 + 16 + 4 + 8)
	if rest := f.size - f.base - oh.addr; n > rest {
		n = rest
	}
	p, err := f.read(oh.addr, n, "object header")
	if err != nil {
		return err
	}
	b := &buf{b: p, off: 4, what: "object header"}
	if v := b.u8(); v != 2 {
		return formatErr("object header at %d: version %d", oh.addr, v)
	}
	flags := b.u8()
	if flags&0x20 != 0 {
		b.skip(16) // access, modification, change and birth times
	}
	if flags&0x10 != 0 {
		b.skip(4) // attribute storage phase change values
	}
	size := b.uN(1 << (flags & 3))
	if b.err != nil {
		return b.err
	}
	start := oh.addr + uint64(b.off)
	return f.followChunks(oh, block{start, size}, true, flags)
}

// followChunks parses the first chunk of messages and every continuation
// block it leads to. Version 2 chunks carry the creation-order field when
// header flag bit 2 is set, and continuation blocks start with "OCHK" and
// end with a checksum.
func (f *File) followChunks(oh *objectHeader, first block, v2 bool, hflags uint8) error {
	queue := []block{first}
	seen := map[uint64]bool{}
	for i := 0; len(queue) > 0; i++ {
		if i > 1<<12 {
			return formatErr("object header at %d: too many continuation blocks", oh.addr)
		}
		blk := queue[0]
		queue = queue[1:]
		if seen[blk.addr] {
			return formatErr("object header at %d: continuation loop", oh.addr)
		}
		seen[blk.addr] = true
		raw, err := f.read(blk.addr, blk.size, "object header chunk")
		if err != nil {
			return err
		}
		if v2 && i > 0 {
			if len(raw) < 8 || string(raw[:4]) != "OCHK" {
				return formatErr("object header at %d: continuation block without OCHK", oh.addr)
			}
			raw = raw[4 : len(raw)-4]
		}
		more, err := f.parseMessages(oh, raw, v2, hflags)
		if err != nil {
			return err
		}
		queue = append(queue, more...)
	}
	return nil
}

// parseMessages appends the messages of one chunk to oh and returns the
// continuation blocks they name.
func (f *File) parseMessages(oh *objectHeader, raw []byte, v2 bool, hflags uint8) ([]block, error) {
	b := &buf{b: raw, what: "object header messages"}
	hdr := 8
	if v2 {
		hdr = 4
		if hflags&0x04 != 0 {
			hdr = 6
		}
	}
	var more []block
	for b.remaining() >= hdr {
		var m message
		var size int
		if v2 {
			m.typ, size, m.flags = uint16(b.u8()), int(b.u16()), b.u8()
			if hflags&0x04 != 0 {
				b.skip(2)
			}
		} else {
			m.typ, size, m.flags = b.u16(), int(b.u16()), b.u8()
			b.skip(3)
		}
		m.data = b.take(size)
		if b.err != nil {
			return nil, formatErr("object header at %d: message of type %#x overruns its chunk", oh.addr, m.typ)
		}
		switch m.typ {
		case msgNil:
			continue
		case msgContinuation:
			c := &buf{b: m.data, what: "continuation message"}
			blk := block{c.addr(f.offSize), c.uN(f.lenSize)}
			if c.err != nil {
				return nil, formatErr("object header at %d: bad continuation message", oh.addr)
			}
			more = append(more, blk)
			continue
		}
		oh.msgs = append(oh.msgs, m)
	}
	return more, nil
}
