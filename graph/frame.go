package graph

import (
	"fmt"
	"time"

	"github.com/gokeras/gokeras/tensor"
)

// frame is the mutable state of one running call of a compiled function:
// every node's value (shape and slice), the slot buffers, and the scratch
// of each step. A function keeps a pool of frames; a frame serves one call
// at a time and is reused, so a warm call allocates nothing.
type frame struct {
	p      *program
	vals   []buf
	shapes [][][]int // per node, its inputs' shapes (views of vals[j].shape)
	args   [][]*buf  // per step, the values it reads
	state  []any     // per step, a fused program's scratch
	slots  []buf
	off    []int // per node, the offset of a view into its base's storage
	ctx    ectx
	ready  bool // shapes and layout match the bound inputs
}

func newFrame(p *program) *frame {
	fr := &frame{p: p, vals: make([]buf, len(p.nodes)), off: make([]int, len(p.nodes)), ctx: ectx{g: p.g}}
	for i, n := range p.nodes {
		v := &fr.vals[i]
		v.dt = n.dt
		v.shape = make([]int, len(n.shape))
		copy(v.shape, n.shape)
		if n.val != nil {
			v.shareData(n.val)
		}
	}
	fr.shapes = make([][][]int, len(p.nodes))
	for i, n := range p.nodes {
		fr.shapes[i] = make([][]int, len(n.in))
		for k, x := range n.in {
			fr.shapes[i][k] = fr.vals[p.index[x]].shape
		}
	}
	fr.args = make([][]*buf, len(p.steps))
	fr.state = make([]any, len(p.steps))
	for k, s := range p.steps {
		fr.args[k] = make([]*buf, len(s.in))
		for a, j := range s.in {
			fr.args[k][a] = &fr.vals[j]
		}
		if s.prog != nil {
			fr.state[k] = s.prog.newState()
		} else if so, ok := s.op.(stateOp); ok {
			fr.state[k] = so.newState()
		}
	}
	fr.slots = make([]buf, len(p.slotDT))
	for s, dt := range p.slotDT {
		fr.slots[s].dt = dt
	}
	return fr
}

// shareData points b at the elements of src.
func (b *buf) shareData(src *buf) {
	b.f32, b.f64, b.i32, b.i64 = src.f32, src.f64, src.i32, src.i64
}

// sliceRange points b at n elements of src from off.
func (b *buf) sliceRange(src *buf, off, n int) {
	switch b.dt {
	case Float32:
		b.f32 = src.f32[off : off+n]
	case Float64:
		b.f64 = src.f64[off : off+n]
	case Int32:
		b.i32 = src.i32[off : off+n]
	default:
		b.i64 = src.i64[off : off+n]
	}
}

// sliceOf points b at the first n elements of src.
func (b *buf) sliceOf(src *buf, n int) {
	switch b.dt {
	case Float32:
		b.f32 = src.f32[:n]
	case Float64:
		b.f64 = src.f64[:n]
	case Int32:
		b.i32 = src.i32[:n]
	default:
		b.i64 = src.i64[:n]
	}
}

// reserve makes room for n elements in b, keeping a larger capacity.
func (b *buf) reserve(n int) {
	switch b.dt {
	case Float32:
		b.f32 = grow(b.f32, n)
	case Float64:
		b.f64 = grow(b.f64, n)
	case Int32:
		b.i32 = grow(b.i32, n)
	default:
		b.i64 = grow(b.i64, n)
	}
}

// prepare binds the inputs and recomputes shapes and the layout if the
// input shapes changed.
func (fr *frame) prepare(ins []any) error {
	p := fr.p
	for k, i := range p.inputs {
		changed, err := bindInput(&fr.vals[i], p.nodes[i], ins[k])
		if err != nil {
			return fmt.Errorf("graph: input %d (%q): %w", k, p.nodes[i].name, err)
		}
		if changed {
			fr.ready = false
		}
	}
	return fr.finish()
}

// prepareBufs is prepare for values already in buffers: the inputs of a
// scan's step, bound at every iteration without copying.
func (fr *frame) prepareBufs(ins []*buf) error {
	p := fr.p
	for k, i := range p.inputs {
		v := &fr.vals[i]
		if !equalInts(v.shape, ins[k].shape) {
			if len(v.shape) != len(ins[k].shape) {
				return errorf(ErrShape, "scan step input %d: expected rank %d, received %s", k, len(v.shape), shapeStr(ins[k].shape))
			}
			copy(v.shape, ins[k].shape)
			fr.ready = false
		}
		v.shareData(ins[k])
	}
	return fr.finish()
}

// finish lays the frame out if the input shapes changed and points the
// views at their storage.
func (fr *frame) finish() error {
	p := fr.p
	if !fr.ready {
		if err := fr.layout(); err != nil {
			return err
		}
		fr.ready = true
	}
	for _, v := range p.views {
		fr.vals[v].sliceRange(&fr.vals[p.base[v]], fr.off[v], numel(fr.vals[v].shape))
	}
	return nil
}

// exec runs every step, timing each into prof unless it is nil.
func (fr *frame) exec(prof *profData) error {
	p := fr.p
	var start, t0 time.Time
	if prof != nil {
		start = time.Now()
		t0 = start
	}
	for k := range p.steps {
		s := &p.steps[k]
		var err error
		switch {
		case p.paired[k]:
			// run with the step it is paired or fused with
		case p.fused[k] != nil:
			runFused(fr, p.fused[k])
		case p.pair[k] >= 0:
			j := p.pair[k]
			b := &p.steps[j]
			runPair(s.prog, fr.state[k], &fr.vals[s.node], fr.args[k], b.prog, fr.state[j], &fr.vals[b.node], fr.args[j])
		case s.prog != nil:
			err = s.prog.run(fr.state[k], &fr.vals[s.node], fr.args[k])
		default:
			fr.ctx.st = fr.state[k]
			err = s.op.eval(&fr.vals[s.node], fr.args[k], &fr.ctx)
		}
		if err != nil {
			return fmt.Errorf("graph: %s: %w", p.nodeLabel(s.node), err)
		}
		if prof != nil {
			t1 := time.Now()
			prof.steps[k].Add(int64(t1.Sub(t0)))
			t0 = t1
		}
	}
	if prof != nil {
		prof.calls.Add(1)
		prof.total.Add(int64(t0.Sub(start)))
	}
	return nil
}

// layout infers every node's shape from the inputs' shapes, sizes the slots
// (growing them only when a larger batch is seen) and the scratch, and
// points each node at its storage.
func (fr *frame) layout() error {
	p := fr.p
	for i, n := range p.nodes {
		if len(n.in) == 0 {
			continue
		}
		s, err := n.op.shape(n, fr.vals[i].shape, fr.shapes[i])
		if err != nil {
			return fmt.Errorf("graph: %s: %w", p.nodeLabel(i), err)
		}
		fr.vals[i].shape = s
	}
	need := make([]int, len(fr.slots))
	for i := range p.nodes {
		if p.store[i] == sSlot {
			need[p.slot[i]] = max(need[p.slot[i]], numel(fr.vals[i].shape))
		}
	}
	for s := range fr.slots {
		fr.slots[s].reserve(need[s])
	}
	for i := range p.nodes {
		if p.store[i] == sSlot {
			fr.vals[i].sliceOf(&fr.slots[p.slot[i]], numel(fr.vals[i].shape))
		}
	}
	for _, u := range p.updates {
		if u.direct {
			fr.vals[u.node].shareData(u.shared.val)
		}
	}
	for _, v := range p.views {
		n := p.nodes[v]
		fr.off[v] = fr.off[p.index[n.in[0]]]
		if ov, ok := n.op.(offsetView); ok {
			fr.off[v] += ov.offset(fr.shapes[v])
		}
	}
	for _, s := range p.steps {
		if so, ok := s.op.(scratchOp); ok {
			fr.ctx.sizeScratch(p.nodes[s.node].dt, so.scratch(fr.vals[s.node].shape, fr.shapes[s.node]))
		}
	}
	return nil
}

// bindInput points v at the elements of the caller's tensor after checking
// its dtype and shape against the input node, and reports whether the shape
// differs from the previous call's.
func bindInput(v *buf, n *Node, x any) (bool, error) {
	switch t := x.(type) {
	case *tensor.Tensor[float32]:
		return bindT(v, n, t)
	case *tensor.Tensor[float64]:
		return bindT(v, n, t)
	case *tensor.Tensor[int32]:
		return bindT(v, n, t)
	case *tensor.Tensor[int64]:
		return bindT(v, n, t)
	}
	return false, errorf(ErrInput, "expected a *tensor.Tensor[%s], received %T", n.dt, x)
}

func bindT[T tensor.Elem](v *buf, n *Node, t *tensor.Tensor[T]) (bool, error) {
	if t == nil {
		return false, errorf(ErrInput, "expected a *tensor.Tensor[%s], received nil", n.dt)
	}
	if dt := dtypeOf[T](); dt != n.dt {
		return false, errorf(ErrInput, "expected dtype %s, received %s", n.dt, dt)
	}
	if t.Rank() != len(n.shape) {
		return false, errorf(ErrInput, "expected shape %s, received %s", shapeStr(n.shape), shapeStr(t.Shape()))
	}
	changed := false
	for i, d := range n.shape {
		td := t.Dim(i)
		if d >= 0 && td != d {
			return false, errorf(ErrInput, "expected shape %s, received %s", shapeStr(n.shape), shapeStr(t.Shape()))
		}
		if v.shape[i] != td {
			v.shape[i] = td
			changed = true
		}
	}
	setData(v, t.Data())
	return changed, nil
}

// copyOut copies a value into the caller's tensor, which must have its
// dtype and shape; with check set it only checks that.
func copyOut(dst any, v *buf, check bool) error {
	switch t := dst.(type) {
	case *tensor.Tensor[float32]:
		return copyOutT(t, v, check)
	case *tensor.Tensor[float64]:
		return copyOutT(t, v, check)
	case *tensor.Tensor[int32]:
		return copyOutT(t, v, check)
	case *tensor.Tensor[int64]:
		return copyOutT(t, v, check)
	}
	return errorf(ErrInput, "expected a *tensor.Tensor[%s] to receive an output, received %T", v.dt, dst)
}

func copyOutT[T tensor.Elem](t *tensor.Tensor[T], v *buf, check bool) error {
	ok := t != nil && dtypeOf[T]() == v.dt && t.Rank() == len(v.shape)
	for i := 0; ok && i < len(v.shape); i++ {
		ok = t.Dim(i) == v.shape[i]
	}
	if !ok {
		return errorf(ErrInput, "expected a %s tensor of shape %s to receive an output", v.dt, shapeStr(v.shape))
	}
	if !check {
		copy(t.Data(), data[T](v))
	}
	return nil
}
