package h5

// walkBTree1 calls fn for every leaf entry of the version 1 B-tree at addr:
// with the key to the entry's left and the entry's address (a symbol table
// node for group trees, type 0; a chunk for chunk trees, type 1). A node or
// entry address that appears twice is damage: following it again would let
// a small file describe an unbounded amount of work.
func (f *File) walkBTree1(addr uint64, typ, keySize int, fn func(key []byte, child uint64) error) error {
	seen := map[uint64]bool{}
	return f.btree1Node(addr, typ, keySize, -1, 0, seen, func(key []byte, child uint64) error {
		if seen[child] {
			return formatErr("B-tree entry address %d listed twice", child)
		}
		seen[child] = true
		return fn(key, child)
	})
}

func (f *File) btree1Node(addr uint64, typ, keySize, level, depth int, seen map[uint64]bool,
	fn func([]byte, uint64) error) error {
	if depth > maxDepth {
		return formatErr("B-tree deeper than %d levels", maxDepth)
	}
	if seen[addr] {
		return formatErr("B-tree node %d visited twice", addr)
	}
	seen[addr] = true
	head := uint64(8 + 2*f.offSize)
	b, err := f.readSig(addr, head, "TREE", "B-tree node")
	if err != nil {
		return err
	}
	t, lvl, used := int(b.u8()), int(b.u8()), uint64(b.u16())
	if b.err != nil {
		return b.err
	}
	if t != typ || (level >= 0 && lvl != level) {
		return formatErr("B-tree node %d: type %d level %d, expected type %d level %d", addr, t, lvl, typ, level)
	}
	entry := uint64(keySize + f.offSize)
	body, err := f.read(addr+head, used*entry+uint64(keySize), "B-tree node")
	if err != nil {
		return err
	}
	for i := uint64(0); i < used; i++ {
		e := &buf{b: body[i*entry : (i+1)*entry], what: "B-tree entry"}
		key := e.take(keySize)
		child := e.addr(f.offSize)
		if lvl == 0 {
			err = fn(key, child)
		} else {
			err = f.btree1Node(child, typ, keySize, lvl-1, depth+1, seen, fn)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// btree2 holds what is needed to walk a version 2 B-tree.
type btree2 struct {
	f        *File
	typ      int
	recSize  uint64
	nrecSize int      // bytes of a child's record count
	maxNrec  []uint64 // per depth: most records a node holds
	cumSize  []int    // per depth: bytes of a subtree's total record count
	seen     map[uint64]bool
	visit    func([]byte) error
	nvisited uint64
	total    uint64
}

// walkBTree2 calls fn with every record of the version 2 B-tree at addr,
// which must be of type typ.
func (f *File) walkBTree2(addr uint64, typ int, fn func(rec []byte) error) error {
	b, err := f.readSig(addr, uint64(4+2+4+2+2+2+f.offSize+2+f.lenSize+4), "BTHD", "B-tree v2 header")
	if err != nil {
		return err
	}
	version, t := b.u8(), int(b.u8())
	nodeSize, recSize, depth := uint64(b.u32()), uint64(b.u16()), int(b.u16())
	b.skip(2)
	root, rootN, total := b.addr(f.offSize), uint64(b.u16()), b.uN(f.lenSize)
	switch {
	case b.err != nil:
		return b.err
	case version != 0 || t != typ:
		return formatErr("B-tree v2 at %d: version %d type %d, expected type %d", addr, version, t, typ)
	case recSize == 0 || nodeSize < 10+recSize || nodeSize > 1<<20 || depth > maxDepth:
		return formatErr("B-tree v2 at %d: node size %d, record size %d, depth %d", addr, nodeSize, recSize, depth)
	}
	bt := &btree2{f: f, typ: t, recSize: recSize, seen: map[uint64]bool{}, visit: fn, total: total}
	bt.layout(nodeSize, depth)
	if root == undef {
		return nil
	}
	return bt.node(root, depth, rootN)
}

// layout computes, as libhdf5 does, how many records fit in a node at each
// depth and how many bytes the record counts of child pointers take.
func (bt *btree2) layout(nodeSize uint64, depth int) {
	encSize := func(v uint64) int { return log2(v)/8 + 1 }
	leaf := (nodeSize - 10) / bt.recSize
	bt.maxNrec = []uint64{leaf}
	bt.cumSize = []int{0}
	bt.nrecSize = encSize(leaf)
	cum := leaf
	for d := 1; d <= depth; d++ {
		ptr := uint64(bt.f.offSize + bt.nrecSize)
		if d > 1 {
			ptr += uint64(bt.cumSize[d-1])
		}
		n := uint64(0)
		if nodeSize > 10+ptr {
			n = (nodeSize - 10 - ptr) / (bt.recSize + ptr)
		}
		if next, ok := mulCheck(n+1, cum, 1<<62); ok {
			cum = next + n
		} else {
			cum = 1 << 62
		}
		bt.maxNrec = append(bt.maxNrec, n)
		bt.cumSize = append(bt.cumSize, encSize(cum))
	}
}

func (bt *btree2) node(addr uint64, depth int, nrec uint64) error {
	if bt.seen[addr] {
		return formatErr("B-tree v2 node %d visited twice", addr)
	}
	bt.seen[addr] = true
	if nrec > bt.maxNrec[depth] {
		return formatErr("B-tree v2 node %d: %d records, at most %d fit", addr, nrec, bt.maxNrec[depth])
	}
	sig, ptr := "BTLF", uint64(0)
	if depth > 0 {
		sig, ptr = "BTIN", uint64(bt.f.offSize+bt.nrecSize)
		if depth > 1 {
			ptr += uint64(bt.cumSize[depth-1])
		}
	}
	size := 6 + nrec*bt.recSize + (nrec+1)*ptr
	b, err := bt.f.readSig(addr, size, sig, "B-tree v2 node")
	if err != nil {
		return err
	}
	b.skip(2) // version, type
	recs := b.take(int(nrec * bt.recSize))
	if b.err != nil {
		return b.err
	}
	for i := uint64(0); i <= nrec; i++ {
		if depth > 0 {
			child, n := b.addr(bt.f.offSize), b.uN(bt.nrecSize)
			if depth > 1 {
				b.skip(bt.cumSize[depth-1])
			}
			if b.err != nil {
				return b.err
			}
			if err := bt.node(child, depth-1, n); err != nil {
				return err
			}
		}
		if i < nrec {
			if bt.nvisited++; bt.nvisited > bt.total {
				return formatErr("B-tree v2 holds more records than its header's %d", bt.total)
			}
			if err := bt.visit(recs[i*bt.recSize : (i+1)*bt.recSize]); err != nil {
				return err
			}
		}
	}
	return nil
}
