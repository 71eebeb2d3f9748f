package graph

import (
	"fmt"
)

// Scan is Theano's symbolic loop, the backbone of recurrent layers: a step
// function traced once into a graph of its own, run once per position of
// the leading axis of its sequences, threading carried values from step to
// step. Its gradient is another scan, running backwards through time.
//
// A scan node yields a single flat buffer, its blob, holding every carry's
// value after each step and every per-step output; views at offsets
// (scanPartOp) cut them out, so scans fit the one-output nodes of the rest
// of the package.

// scanBody is a step function traced over placeholders and compiled.
type scanBody struct {
	nseq, ncarry, nconst, nout int
	ins                        []*Node // placeholders: sequence slices, carries, constants
	outs                       []*Node // next carries, then per-step outputs
	prog                       *program
	dt                         DType
	reverse                    bool // run from the last position to the first
	stacked                    bool // keep every carry's value after each step, not only the last
}

// scanOp runs a body over its inputs: sequences, initial carries, then the
// constants the body reads.
type scanOp struct{ b *scanBody }

func (o scanOp) String() string {
	s := fmt.Sprintf("Scan{%d sequences, %d carries, %d outputs", o.b.nseq, o.b.ncarry, o.b.nout)
	if o.b.reverse {
		s += ", reverse"
	}
	return s + "}"
}

func (o scanOp) random() bool { return o.b.prog.excl }

func (o scanOp) mayFail() bool {
	for _, s := range o.b.prog.steps {
		if f, ok := s.op.(failOp); ok && f.mayFail() {
			return true
		}
	}
	return false
}

func (o scanOp) dtype(in []*Node) (DType, error) {
	for i, x := range in {
		if x.dt != o.b.ins[i].dt {
			return 0, errorf(ErrDType, "scan input %d: expected %s, received %s", i, o.b.ins[i].dt, x.dt)
		}
	}
	return o.b.dt, nil
}

func (o scanOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	_, _, total, err := o.b.parts(in)
	if err != nil {
		return nil, err
	}
	dst = outShape(dst, 1)
	dst[0] = total
	return dst, nil
}

// parts returns the shapes and offsets in the blob of the carries (T×S
// when stacked, else S, for a carry of shape S) and of the per-step outputs
// (T×Y), given the shapes of the scan's inputs. With unknown dimensions the
// total and the offsets past them are -1.
func (b *scanBody) parts(in [][]int) (shapes [][]int, offs []int, total int, err error) {
	t := in[0][0]
	for i := 1; i < b.nseq; i++ {
		m, ok := mergeDim(t, in[i][0])
		if !ok {
			return nil, nil, 0, errorf(ErrShape, "scan sequences of different lengths %d and %d", t, in[i][0])
		}
		t = m
	}
	ph := make([][]int, len(b.ins))
	for i := range b.nseq {
		ph[i] = in[i][1:]
	}
	copy(ph[b.nseq:], in[b.nseq:])
	inner, err := b.innerShapes(ph)
	if err != nil {
		return nil, nil, 0, err
	}
	for j := range b.ncarry {
		s := in[b.nseq+j]
		for d, x := range inner[j] {
			if _, ok := mergeDim(x, s[d]); !ok || len(inner[j]) != len(s) {
				return nil, nil, 0, errorf(ErrShape, "scan step returns carry %d of shape %s for an initial value of shape %s", j, shapeStr(inner[j]), shapeStr(s))
			}
		}
		if b.stacked {
			s = append([]int{t}, s...)
		}
		shapes = append(shapes, s)
	}
	for k := range b.nout {
		shapes = append(shapes, append([]int{t}, inner[b.ncarry+k]...))
	}
	for _, s := range shapes {
		offs = append(offs, total)
		if n := numel(s); n < 0 || total < 0 {
			total = -1
		} else {
			total += n
		}
	}
	return shapes, offs, total, nil
}

// innerShapes infers the shapes of the body's results for placeholders of
// the given shapes.
func (b *scanBody) innerShapes(ph [][]int) ([][]int, error) {
	p := b.prog
	shapes := make([][]int, len(p.nodes))
	for k, i := range p.inputs {
		shapes[i] = ph[k]
	}
	for i, n := range p.nodes {
		if shapes[i] != nil || len(n.in) == 0 {
			if shapes[i] == nil {
				shapes[i] = n.shape
			}
			continue
		}
		in := make([][]int, len(n.in))
		for k, x := range n.in {
			in[k] = shapes[p.index[x]]
		}
		s, err := n.op.shape(n, nil, in)
		if err != nil {
			return nil, fmt.Errorf("in the scan step, %s: %w", n.op.String(), err)
		}
		shapes[i] = s
	}
	res := make([][]int, len(p.outputs))
	for k, o := range p.outputs {
		res[k] = shapes[o]
	}
	return res, nil
}

// scanState is a scan's per-frame state: the frame its body runs in and
// the buffers that show it each step's slices.
type scanState struct {
	fr    *frame
	ins   []*buf
	views []buf
	last  [][]int // the input shapes offs were computed for
	offs  []int   // where each part starts in the blob
	per   []int   // elements of one position of each part
	dst   buf
}

func (o scanOp) newState() any {
	b := o.b
	st := &scanState{fr: newFrame(b.prog), ins: make([]*buf, len(b.ins)), views: make([]buf, len(b.ins))}
	for i, ph := range b.ins {
		st.views[i] = buf{dt: ph.dt}
	}
	return st
}

func (o scanOp) eval(out *buf, in []*buf, x *ectx) error {
	b, st := o.b, x.st.(*scanState)
	if err := st.locate(b, in); err != nil {
		return err
	}
	t := in[0].shape[0]
	if t == 0 && !b.stacked {
		for j := range b.ncarry {
			st.part(out, j, st.at(b, j, 0)).copyFrom(in[b.nseq+j])
		}
	}
	prev := 0
	for s := range t {
		pos := s
		if b.reverse {
			pos = t - 1 - s
		}
		for i := range b.nseq {
			v := &st.views[i]
			v.shape = in[i].shape[1:]
			n := numel(v.shape)
			v.sliceRange(in[i], pos*n, n)
			st.ins[i] = v
		}
		for j := range b.ncarry {
			k := b.nseq + j
			if s == 0 {
				st.ins[k] = in[k]
				continue
			}
			v := &st.views[k]
			v.shape = in[k].shape
			v.sliceRange(out, st.at(b, j, prev), st.per[j])
			st.ins[k] = v
		}
		copy(st.ins[b.nseq+b.ncarry:], in[b.nseq+b.ncarry:])
		if err := st.fr.prepareBufs(st.ins); err != nil {
			return err
		}
		if err := st.fr.exec(nil); err != nil {
			return err
		}
		for j, o := range b.prog.outputs {
			st.part(out, j, st.at(b, j, pos)).copyFrom(&st.fr.vals[o])
		}
		prev = pos
	}
	return nil
}

// at returns the offset in the blob of part j's value at position pos.
func (st *scanState) at(b *scanBody, j, pos int) int {
	if j < b.ncarry && !b.stacked {
		return st.offs[j]
	}
	return st.offs[j] + pos*st.per[j]
}

// part returns a buffer viewing one position's value of part j of the blob,
// at off.
func (st *scanState) part(blob *buf, j, off int) *buf {
	st.dst.dt = blob.dt
	st.dst.sliceRange(blob, off, st.per[j])
	return &st.dst
}

// locate computes the parts' offsets and per-position sizes when the input
// shapes change.
func (st *scanState) locate(b *scanBody, in []*buf) error {
	same := len(st.last) == len(in)
	for i := 0; same && i < len(in); i++ {
		same = equalInts(st.last[i], in[i].shape)
	}
	if same {
		return nil
	}
	shapes := make([][]int, len(in))
	for i, x := range in {
		shapes[i] = append([]int(nil), x.shape...)
	}
	ps, offs, _, err := b.parts(shapes)
	if err != nil {
		return err
	}
	st.last, st.offs, st.per = shapes, offs, make([]int, len(ps))
	for j, s := range ps {
		if j < b.ncarry && !b.stacked {
			st.per[j] = numel(s)
		} else {
			st.per[j] = numel(s[1:])
		}
	}
	return nil
}
