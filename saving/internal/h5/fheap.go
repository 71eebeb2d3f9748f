package h5

// fractalHeap is the part of a fractal heap header needed to find managed
// and tiny objects by heap ID.
type fractalHeap struct {
	f             *File
	addr          uint64
	idLen         int
	width         uint64
	startSize     uint64
	maxDirect     uint64
	maxDirectRows int
	offBytes      int // bytes of an object offset in a heap ID and block offsets
	lenBytes      int // bytes of an object length in a heap ID
	rootAddr      uint64
	rootRows      int
	tinyExtended  bool
}

func (f *File) fractalHeap(addr uint64) (*fractalHeap, error) {
	n := uint64(4 + 1 + 2 + 2 + 1 + 4 + 12*f.lenSize + 3*f.offSize + 2 + 2 + 2 + 2 + 4)
	b, err := f.readSig(addr, n, "FRHP", "fractal heap header")
	if err != nil {
		return nil, err
	}
	if v := b.u8(); v != 0 {
		return nil, formatErr("fractal heap version %d", v)
	}
	h := &fractalHeap{f: f, addr: addr, idLen: int(b.u16())}
	filterLen := b.u16()
	b.skip(1)
	maxManaged := uint64(b.u32())
	b.skip(f.lenSize + f.offSize + f.lenSize + f.offSize) // huge objects, free space
	b.skip(8 * f.lenSize)                                 // space and object statistics
	h.width = uint64(b.u16())
	h.startSize, h.maxDirect = b.uN(f.lenSize), b.uN(f.lenSize)
	maxHeapBits := int(b.u16())
	b.skip(2) // starting number of rows
	h.rootAddr, h.rootRows = b.addr(f.offSize), int(b.u16())
	if b.err != nil {
		return nil, b.err
	}
	if filterLen != 0 {
		return nil, unsupported("filtered (compressed) fractal heap")
	}
	return h, h.check(maxManaged, maxHeapBits)
}

func (h *fractalHeap) check(maxManaged uint64, maxHeapBits int) error {
	pow2 := func(v uint64) bool { return v != 0 && v&(v-1) == 0 }
	switch {
	case h.width == 0 || !pow2(h.width) || !pow2(h.startSize) || !pow2(h.maxDirect) ||
		h.maxDirect < h.startSize || maxHeapBits == 0 || maxHeapBits > 64 || maxManaged == 0:
		return formatErr("fractal heap at %d: table width %d, block sizes %d..%d, %d address bits",
			h.addr, h.width, h.startSize, h.maxDirect, maxHeapBits)
	case h.idLen < 2 || h.idLen > 1<<10:
		return formatErr("fractal heap at %d: heap ID length %d", h.addr, h.idLen)
	}
	h.maxDirectRows = log2(h.maxDirect) - log2(h.startSize) + 2
	h.offBytes = (maxHeapBits + 7) / 8
	h.lenBytes = (log2(h.maxDirect) + 7) / 8
	if l := log2(maxManaged)/8 + 1; l < h.lenBytes {
		h.lenBytes = l
	}
	h.tinyExtended = h.idLen-1 > 16
	if h.rootRows > 64 {
		return formatErr("fractal heap at %d: %d rows", h.addr, h.rootRows)
	}
	return nil
}

// object returns the bytes of the object whose heap ID starts id.
func (h *fractalHeap) object(id []byte) ([]byte, error) {
	if len(id) < 1 {
		return nil, formatErr("empty heap ID")
	}
	if id[0]>>6 != 0 {
		return nil, formatErr("heap ID version %d", id[0]>>6)
	}
	switch (id[0] >> 4) & 3 {
	case 0:
		b := &buf{b: id[1:], what: "heap ID"}
		off, n := b.uN(h.offBytes), b.uN(h.lenBytes)
		if b.err != nil {
			return nil, b.err
		}
		return h.managed(off, n)
	case 2:
		return h.tiny(id)
	}
	return nil, unsupported("huge fractal heap object")
}

func (h *fractalHeap) tiny(id []byte) ([]byte, error) {
	n, start := int(id[0]&0x0f)+1, 1
	if h.tinyExtended {
		if len(id) < 2 {
			return nil, formatErr("tiny heap ID too short")
		}
		n, start = (int(id[0]&0x0f)<<8|int(id[1]))+1, 2
	}
	if start+n > len(id) {
		return nil, formatErr("tiny heap object of %d bytes in an ID of %d", n, len(id))
	}
	return id[start : start+n], nil
}

// rowSize returns the size of the blocks in row r of a doubling table.
func (h *fractalHeap) rowSize(r int) uint64 {
	if r == 0 {
		return h.startSize
	}
	return h.startSize << uint(r-1)
}

func (h *fractalHeap) managed(off, n uint64) ([]byte, error) {
	if h.rootRows == 0 {
		return h.fromDirect(h.rootAddr, 0, h.startSize, off, n)
	}
	return h.fromIndirect(h.rootAddr, h.rootRows, 0, off, n, 0)
}

func (h *fractalHeap) fromDirect(addr, blockOff, size, off, n uint64) ([]byte, error) {
	if off < blockOff || off-blockOff > size || n > size-(off-blockOff) {
		return nil, formatErr("fractal heap object at %d+%d outside its block", off, n)
	}
	if _, err := h.f.readSig(addr, 4, "FHDB", "fractal heap direct block"); err != nil {
		return nil, err
	}
	return h.f.read(addr+off-blockOff, n, "fractal heap object")
}

// fromIndirect finds offset off in the indirect block at addr, which covers
// heap offsets from blockOff and has rows rows.
func (h *fractalHeap) fromIndirect(addr uint64, rows int, blockOff, off, n uint64, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, formatErr("fractal heap nested too deep")
	}
	rel := off - blockOff
	start := uint64(0)
	for r := 0; r < rows; r++ {
		size := h.rowSize(r)
		span, ok := mulCheck(size, h.width, 1<<63)
		if !ok {
			break
		}
		if rel >= start+span {
			start += span
			continue
		}
		col := (rel - start) / size
		child, err := h.entry(addr, uint64(r)*h.width+col)
		if err != nil {
			return nil, err
		}
		childOff := blockOff + start + col*size
		if r < h.maxDirectRows {
			return h.fromDirect(child, childOff, size, off, n)
		}
		childRows := log2(size) - log2(h.startSize) - log2(h.width) + 1
		return h.fromIndirect(child, childRows, childOff, off, n, depth+1)
	}
	return nil, formatErr("fractal heap offset %d beyond its blocks", off)
}

// entry reads the address of child block i of the indirect block at addr.
func (h *fractalHeap) entry(addr, i uint64) (uint64, error) {
	head := uint64(4 + 1 + h.f.offSize + h.offBytes)
	if _, err := h.f.readSig(addr, head, "FHIB", "fractal heap indirect block"); err != nil {
		return 0, err
	}
	p, err := h.f.read(addr+head+i*uint64(h.f.offSize), uint64(h.f.offSize), "fractal heap indirect block")
	if err != nil {
		return 0, err
	}
	child := (&buf{b: p}).addr(h.f.offSize)
	if child == undef {
		return 0, formatErr("fractal heap object in an unallocated block")
	}
	return child, nil
}
