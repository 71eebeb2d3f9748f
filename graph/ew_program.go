package graph

import (
	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// ewChunk is the number of elements a fused element-wise program computes
// at a time: small enough that every intermediate stays in the L1 cache,
// large enough that the vector kernels amortise their call overhead.
const ewChunk = 1024

// ewInstr is one step of a fused program: a kind, its parameters and its
// operands. Operands 0..nin-1 are the program's inputs; operand nin+i is
// the result of instruction i.
type ewInstr struct {
	k      ewKind
	p0, p1 float64
	args   [3]int32 // -1 when unused
}

// ewProgram is a chain of element-wise instructions over one dtype that a
// compiled function runs in one pass over memory, chunk by chunk. The last
// instruction's result is the program's output. Inputs broadcast to the
// output shape as they are loaded.
type ewProgram struct {
	dt      DType
	nin     int
	instrs  []ewInstr
	isConst []bool // input k is a constant: a broadcast copy is made once
}

// singleProgram wraps one element-wise op over in as a program.
func singleProgram(o ewOp, in []*buf) *ewProgram {
	nin := ewTable[o.k].arity
	p := &ewProgram{dt: in[0].dt, nin: nin, isConst: make([]bool, nin)}
	ins := ewInstr{k: o.k, p0: o.p0, p1: o.p1, args: [3]int32{-1, -1, -1}}
	for i := range nin {
		ins.args[i] = int32(i)
	}
	p.instrs = []ewInstr{ins}
	return p
}

// Input load modes, chosen per call from the shapes.
const (
	loadFull   uint8 = iota // same size as the output: read in place
	loadScalar              // one element: a register filled once
	loadGather              // a true broadcast: gathered chunk by chunk
)

// ewState is the per-frame scratch of a program for element type T.
type ewState[T tensor.Elem] struct {
	fns    []ewFn[T]
	regs   [][]T // per operand, nil until needed
	views  [][]T // per operand, the current chunk
	mode   []uint8
	filled []bool
	bc     []bcIter
	shapes [][]int // input shapes the modes were computed for, then the output's
	ready  bool    // modes and registers are set up
	par    *ewPar[T]
	pair   *ewPairPar[T] // a paired pass (see runPair) led by this program
	fused  any           // *ewFusedRun[T] of a fused group (see runFused) led by this program
}

// newState returns fresh scratch for p.
func (p *ewProgram) newState() any {
	switch p.dt {
	case Float32:
		return newEWState[float32](p)
	case Float64:
		return newEWState[float64](p)
	case Int32:
		return newEWState[int32](p)
	}
	return newEWState[int64](p)
}

func newEWState[T tensor.Elem](p *ewProgram) *ewState[T] {
	nop := p.nin + len(p.instrs)
	st := &ewState[T]{
		fns:    make([]ewFn[T], len(p.instrs)),
		regs:   make([][]T, nop),
		views:  make([][]T, nop),
		mode:   make([]uint8, p.nin),
		filled: make([]bool, p.nin),
		bc:     make([]bcIter, p.nin),
		shapes: make([][]int, p.nin+1),
	}
	for i, ins := range p.instrs {
		st.fns[i] = fnOf[T](ins.k)
	}
	for i := range st.shapes {
		st.shapes[i] = make([]int, 0, maxRank)
	}
	return st
}

// run computes the program's output into out from the inputs in.
func (p *ewProgram) run(st any, out *buf, in []*buf) error {
	switch p.dt {
	case Float32:
		runEW(p, st.(*ewState[float32]), out, in)
	case Float64:
		runEW(p, st.(*ewState[float64]), out, in)
	case Int32:
		runEW(p, st.(*ewState[int32]), out, in)
	default:
		runEW(p, st.(*ewState[int64]), out, in)
	}
	return nil
}

func runEW[T tensor.Elem](p *ewProgram, st *ewState[T], out *buf, in []*buf) {
	dst := data[T](out)
	n := len(dst)
	if n == 0 {
		return
	}
	c := min(n, ewChunk)
	st.prepare(p, out.shape, in, c)
	if chunks := (n + c - 1) / c; chunks >= ewParallelChunks && kernels.Threads() > 1 {
		st.runParallel(p, dst, in, c, chunks)
		return
	}
	for start := 0; start < n; start += c {
		st.chunk(p, dst, in, start, min(c, n-start))
	}
}

// ewParallelChunks is the number of chunks from which a program's pass is
// shared with the kernels' worker pool: below it, waking a worker costs
// more than the half of the pass it would take.
const ewParallelChunks = 32

// ewPar is a program's pass shared over the worker pool, chunk by chunk.
// Every element is computed by the same instructions whichever part runs
// its chunk, so results do not depend on the number of threads.
type ewPar[T tensor.Elem] struct {
	st     *ewState[T]
	p      *ewProgram
	dst    []T
	in     []*buf
	c, n   int
	group  kernels.Group
	helper []*ewState[T] // scratch of parts 1.., created on first need
}

// Item runs chunk item on part's scratch.
func (j *ewPar[T]) Item(part, item int) {
	st := j.st
	if part > 0 {
		st = j.helper[part-1]
	}
	start := item * j.c
	st.chunk(j.p, j.dst, j.in, start, min(j.c, j.n-start))
}

// runParallel computes the program's output chunk by chunk on up to
// kernels.Threads() goroutines, each with scratch of its own.
func (st *ewState[T]) runParallel(p *ewProgram, dst []T, in []*buf, c, chunks int) {
	if st.par == nil {
		st.par = &ewPar[T]{st: st}
	}
	j := st.par
	parts := min(kernels.Threads(), chunks)
	for len(j.helper) < parts-1 {
		j.helper = append(j.helper, newEWState[T](p))
	}
	for _, h := range j.helper[:parts-1] {
		h.prepare(p, st.shapes[p.nin], in, c)
	}
	j.p, j.dst, j.in, j.c, j.n = p, dst, in, c, len(dst)
	j.group.For(chunks, parts, j)
	j.dst, j.in = nil, nil
}

// chunk computes the m output elements from start on st's registers.
func (st *ewState[T]) chunk(p *ewProgram, dst []T, in []*buf, start, m int) {
	last := len(p.instrs) - 1
	for k, b := range in {
		switch st.mode[k] {
		case loadFull:
			st.views[k] = data[T](b)[start : start+m]
		case loadScalar:
			st.views[k] = st.regs[k][:m]
		default:
			gather(&st.bc[k], st.regs[k][:m], data[T](b), start)
			st.views[k] = st.regs[k][:m]
		}
	}
	for i := range p.instrs {
		ins := &p.instrs[i]
		o := p.nin + i
		var d []T
		switch {
		case i == last:
			d = dst[start : start+m]
		case ins.k == kIdentity:
			st.views[o] = st.views[ins.args[0]]
			continue
		default:
			d = st.regs[o][:m]
		}
		st.fns[i](d, st.arg(ins.args[0]), st.arg(ins.args[1]), st.arg(ins.args[2]), ins.p0, ins.p1)
		st.views[o] = d
	}
}

// arg returns the current view of operand a, or nil if unused.
func (st *ewState[T]) arg(a int32) []T {
	if a < 0 {
		return nil
	}
	return st.views[a]
}

// prepare chooses the load mode of each input for the current shapes,
// sizes the registers for chunks of c elements and fills scalar registers.
func (st *ewState[T]) prepare(p *ewProgram, out []int, in []*buf, c int) {
	changed := !st.ready || !equalInts(st.shapes[p.nin], out)
	for k, b := range in {
		if !equalInts(st.shapes[k], b.shape) {
			changed = true
		}
	}
	if changed {
		st.ready = true
		st.shapes[p.nin] = append(st.shapes[p.nin][:0], out...)
		for k, b := range in {
			st.shapes[k] = append(st.shapes[k][:0], b.shape...)
			st.filled[k] = false
			switch sz := b.size(); {
			case sz == numel(out):
				st.mode[k] = loadFull
			case sz == 1:
				st.mode[k] = loadScalar
			default:
				st.mode[k] = loadGather
				st.bc[k].init(b.shape, out)
			}
			if st.mode[k] != loadFull {
				st.regs[k] = grow(st.regs[k], c)
			}
		}
		for i, ins := range p.instrs {
			if i < len(p.instrs)-1 && ins.k != kIdentity {
				st.regs[p.nin+i] = grow(st.regs[p.nin+i], c)
			}
		}
	}
	for k, b := range in {
		if st.mode[k] == loadScalar && !(st.filled[k] && p.isConst[k]) {
			fillT(st.regs[k][:c], data[T](b)[0])
			st.filled[k] = true
		}
	}
}

// grow returns s with length at least n, reallocating only when its
// capacity is too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:cap(s)]
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// bcIter walks the elements of an input broadcast to an output shape, with
// its dimensions coalesced: the innermost stride is 0 (repeat) or 1 (copy).
type bcIter struct {
	nd     int
	dims   [maxRank]int
	stride [maxRank]int
}

// init sets up the walk of a value of shape in broadcast to shape out.
func (it *bcIter) init(in, out []int) {
	it.nd = 0
	lead := len(out) - len(in)
	// Row-major strides of the input, 0 on broadcast dimensions.
	var strides [maxRank]int
	s := 1
	for i := len(out) - 1; i >= 0; i-- {
		j := i - lead
		if j < 0 || in[j] == 1 {
			strides[i] = 0
		} else {
			strides[i] = s
			s *= in[j]
		}
	}
	for i, d := range out {
		if d == 1 {
			continue
		}
		if it.nd > 0 {
			if it.stride[it.nd-1] == strides[i]*d {
				it.dims[it.nd-1] *= d
				it.stride[it.nd-1] = strides[i]
				continue
			}
		}
		it.dims[it.nd], it.stride[it.nd] = d, strides[i]
		it.nd++
	}
	if it.nd == 0 {
		it.dims[0], it.stride[0], it.nd = 1, 0, 1
	}
}

// gather copies the elements start, start+1, … of the broadcast walk it
// over src into dst.
func gather[T tensor.Elem](it *bcIter, dst, src []T, start int) {
	var idx [maxRank]int
	off, rem := 0, start
	for d := it.nd - 1; d >= 0; d-- {
		idx[d] = rem % it.dims[d]
		rem /= it.dims[d]
		off += idx[d] * it.stride[d]
	}
	last := it.nd - 1
	dl, sl := it.dims[last], it.stride[last]
	for pos := 0; pos < len(dst); {
		run := min(dl-idx[last], len(dst)-pos)
		if sl == 0 {
			fillT(dst[pos:pos+run], src[off])
		} else {
			copy(dst[pos:pos+run], src[off:off+run])
		}
		pos += run
		off += run * sl
		idx[last] += run
		for d := last; d > 0 && idx[d] == it.dims[d]; d-- {
			off -= it.dims[d] * it.stride[d]
			idx[d] = 0
			idx[d-1]++
			off += it.stride[d-1]
		}
	}
}
