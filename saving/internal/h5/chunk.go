package h5

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
)

// chunkRef locates one stored chunk.
type chunkRef struct {
	addr   uint64
	size   uint64 // bytes stored
	mask   uint32 // bit i set: filter i was not applied
	offset []uint64
}

// chunkGeometry is the shape of a chunked dataset's chunks.
type chunkGeometry struct {
	dims, chunk []uint64
	elems       uint64 // elements per chunk
	bytes       uint64 // bytes per unfiltered chunk
	grid        []uint64
	count       uint64 // number of chunks covering the dataset
}

func (d *Dataset) geometry() (chunkGeometry, error) {
	g := chunkGeometry{dims: d.space.dims, chunk: d.layout.chunk, elems: 1, count: 1}
	if len(g.chunk) != len(g.dims) {
		return g, formatErr("chunks of rank %d for a dataset of rank %d", len(g.chunk), len(g.dims))
	}
	limit := uint64(1) << 32 // HDF5 chunks hold less than 4 GiB
	var ok bool
	for i, c := range g.chunk {
		if g.elems, ok = mulCheck(g.elems, c, limit); !ok {
			return g, formatErr("chunk shape %v too large", g.chunk)
		}
		n := (g.dims[i] + c - 1) / c
		g.grid = append(g.grid, n)
		if g.count, ok = mulCheck(g.count, n, d.f.size+1); !ok {
			return g, formatErr("more chunks than the file can hold")
		}
	}
	if g.bytes, ok = mulCheck(g.elems, uint64(d.typ.Size), limit); !ok {
		return g, formatErr("chunk shape %v too large", g.chunk)
	}
	return g, nil
}

// offsetOf returns the coordinates of chunk number i in row-major order.
func (g chunkGeometry) offsetOf(i uint64) []uint64 {
	off := make([]uint64, len(g.grid))
	for k := len(g.grid) - 1; k >= 0; k-- {
		off[k] = i % g.grid[k] * g.chunk[k]
		i /= g.grid[k]
	}
	return off
}

func (d *Dataset) readChunked(s sink) error {
	g, err := d.geometry()
	if err != nil || d.n == 0 {
		return err
	}
	return d.eachChunk(g, func(c chunkRef) error {
		raw, err := d.chunkData(c, g.bytes)
		if err != nil {
			return err
		}
		return d.scatter(s, g, c.offset, raw)
	})
}

// checkStored bounds a filtered dataset's declared size by the bytes its
// chunks store: no filter expands data more than maxInflate times.
func (d *Dataset) checkStored() error {
	if d.layout.class != 2 || len(d.filters) == 0 || d.n == 0 {
		return nil
	}
	g, err := d.geometry()
	if err != nil {
		return err
	}
	var stored uint64
	err = d.eachChunk(g, func(c chunkRef) error {
		stored += c.size
		return nil
	})
	if err != nil {
		return err
	}
	if limit, ok := mulCheck(stored, maxInflate, 1<<62); !ok || d.n*uint64(d.typ.Size) > limit {
		return formatErr("%d bytes declared, %d stored in chunks: more than deflate can expand to", d.n*uint64(d.typ.Size), stored)
	}
	return nil
}

// eachChunk calls visit for every stored chunk, in the order of the chunk
// index, after checking the chunk lies inside the dataset.
func (d *Dataset) eachChunk(g chunkGeometry, visit func(chunkRef) error) error {
	check := func(c chunkRef) error {
		for k, o := range c.offset {
			if o >= g.dims[k] {
				return formatErr("chunk at %v outside the dataset's shape %v", c.offset, g.dims)
			}
		}
		return visit(c)
	}
	l := d.layout
	switch l.index {
	case indexBTree1:
		return d.chunkBTree(len(g.dims), check)
	case indexSingle:
		size := g.bytes
		if len(d.filters) > 0 {
			size = l.filtered
		}
		return check(chunkRef{addr: l.addr, size: size, mask: l.mask, offset: make([]uint64, len(g.dims))})
	case indexImplicit:
		for i := uint64(0); i < g.count; i++ {
			if err := check(chunkRef{addr: l.addr + i*g.bytes, size: g.bytes, offset: g.offsetOf(i)}); err != nil {
				return err
			}
		}
		return nil
	}
	return d.chunkFixedArray(g, check)
}

func (d *Dataset) chunkBTree(rank int, visit func(chunkRef) error) error {
	keySize := 8 + 8*(rank+1)
	return d.f.walkBTree1(d.layout.addr, 1, keySize, func(key []byte, child uint64) error {
		b := &buf{b: key, what: "chunk key"}
		c := chunkRef{addr: child, size: uint64(b.u32()), mask: b.u32()}
		for k := 0; k < rank; k++ {
			c.offset = append(c.offset, b.uN(8))
		}
		if b.err != nil {
			return b.err
		}
		return visit(c)
	})
}

func (d *Dataset) chunkFixedArray(g chunkGeometry, visit func(chunkRef) error) error {
	f := d.f
	b, err := f.readSig(d.layout.addr, uint64(8+f.lenSize+f.offSize), "FAHD", "fixed array header")
	if err != nil {
		return err
	}
	b.skip(1)
	client, entrySize, pageBits := b.u8(), int(b.u8()), b.u8()
	maxEntries, block := b.uN(f.lenSize), b.addr(f.offSize)
	switch {
	case b.err != nil:
		return b.err
	case pageBits < 64 && maxEntries > 1<<pageBits:
		return unsupported("paged fixed array chunk index")
	case maxEntries < g.count || entrySize < f.offSize || (client == 1 && entrySize < f.offSize+5):
		return formatErr("fixed array of %d entries of %d bytes for %d chunks", maxEntries, entrySize, g.count)
	}
	head := uint64(6 + f.offSize)
	raw, err := f.read(block+head, g.count*uint64(entrySize), "fixed array data block")
	if err != nil {
		return err
	}
	for i := uint64(0); i < g.count; i++ {
		e := &buf{b: raw[i*uint64(entrySize) : (i+1)*uint64(entrySize)], what: "fixed array entry"}
		c := chunkRef{addr: e.addr(f.offSize), size: g.bytes, offset: g.offsetOf(i)}
		if client == 1 {
			c.size, c.mask = e.uN(entrySize-f.offSize-4), e.u32()
		}
		if e.err != nil {
			return e.err
		}
		if c.addr == undef {
			continue // never written: zeros
		}
		if err := visit(c); err != nil {
			return err
		}
	}
	return nil
}

// chunkData reads one chunk and undoes its filters.
func (d *Dataset) chunkData(c chunkRef, want uint64) ([]byte, error) {
	raw, err := d.f.read(c.addr, c.size, "chunk")
	if err != nil {
		return nil, err
	}
	for i := len(d.filters) - 1; i >= 0; i-- {
		if i < 32 && c.mask&(1<<uint(i)) != 0 {
			continue
		}
		fl := d.filters[i]
		switch fl.id {
		case filterDeflate:
			if limit, _ := mulCheck(uint64(len(raw)), maxInflate, 1<<62); want > limit+64 {
				return nil, formatErr("chunk of %d bytes cannot inflate to %d", len(raw), want)
			}
			raw, err = inflate(raw, want)
		case filterShuffle:
			raw = unshuffle(raw, d.typ.Size)
		case filterFletcher32:
			if len(raw) < 4 {
				return nil, formatErr("fletcher32 chunk of %d bytes", len(raw))
			}
			raw = raw[:len(raw)-4]
		default:
			return nil, unsupported("filter %d", fl.id)
		}
		if err != nil {
			return nil, err
		}
	}
	if uint64(len(raw)) < want {
		return nil, formatErr("chunk holds %d bytes, expected %d", len(raw), want)
	}
	return raw[:want], nil
}

func inflate(p []byte, want uint64) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(p))
	if err != nil {
		return nil, formatErr("deflate chunk: %v", err)
	}
	out := make([]byte, want)
	if _, err := io.ReadFull(zr, out); err != nil {
		return nil, formatErr("deflate chunk: %v", err)
	}
	var one [1]byte
	if n, err := zr.Read(one[:]); n > 0 || (err != nil && !errors.Is(err, io.EOF)) {
		return nil, formatErr("deflate chunk larger than %d bytes", want)
	}
	return out, nil
}

// unshuffle undoes the shuffle filter: the file stores the first byte of
// every element, then every second byte, and so on.
func unshuffle(p []byte, size int) []byte {
	if size <= 1 || len(p) < size {
		return p
	}
	n := len(p) / size
	out := make([]byte, len(p))
	for j := 0; j < size; j++ {
		for i := 0; i < n; i++ {
			out[i*size+j] = p[j*n+i]
		}
	}
	copy(out[n*size:], p[n*size:])
	return out
}

// scatter stores the part of a chunk (at element coordinates off) that
// lies inside the dataset.
func (d *Dataset) scatter(s sink, g chunkGeometry, off []uint64, raw []byte) error {
	rank := len(g.dims)
	size := uint64(d.typ.Size)
	if rank == 0 {
		return s.put(0, raw[:size], d.typ)
	}
	lim := make([]uint64, rank)
	for k := range lim {
		lim[k] = min(g.chunk[k], g.dims[k]-off[k])
	}
	idx := make([]uint64, rank)
	for {
		var ci, di uint64
		cs, ds := uint64(1), uint64(1)
		for k := rank - 1; k >= 0; k-- {
			ci += idx[k] * cs
			di += (off[k] + idx[k]) * ds
			cs *= g.chunk[k]
			ds *= g.dims[k]
		}
		run := lim[rank-1]
		if err := s.put(int(di), raw[ci*size:(ci+run)*size], d.typ); err != nil {
			return err
		}
		k := rank - 2
		for ; k >= 0; k-- {
			if idx[k]++; idx[k] < lim[k] {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			return nil
		}
	}
}
