package graph

import (
	"fmt"
)

// Scan runs step once for each position t along the first axis of the
// sequences, as Theano's scan: step receives the t-th slices of seqs and
// the current carries (init at the first step) and returns the next
// carries, one per initial value with its dtype and shape, and any
// per-step outputs. Scan returns, for each carry, its values after every
// step stacked along a new first axis — the last one, Slice(c, 0, -1,
// math.MaxInt), is the final state — and the per-step outputs stacked the
// same way. Carries and outputs share one floating-point dtype.
//
// step is called once, on placeholders, to build the loop's body; nodes it
// uses from outside (weights, constants) are read by every step. Random
// ops in the body draw new numbers at every step. Grad differentiates
// through the loop by running it backwards (backpropagation through time);
// such a gradient is not differentiable again.
//
// Keras's recurrent layers are batch-major (batch, time, features): they
// scan over Transpose(x, 1, 0, 2).
func Scan(step func(xs, carry []*Node) (next, outs []*Node), seqs, init []*Node) (carries, outs []*Node) {
	b, blob := buildScan("Scan", step, seqs, init, false, true)
	if b == nil {
		return invalids(blob, len(init)), nil
	}
	all := make([]*Node, 0, b.ncarry+b.nout)
	for k := range b.ncarry + b.nout {
		all = append(all, apply(scanPartOp{b: b, k: int16(k)}, append([]*Node{blob}, blob.in...)...))
	}
	return all[:b.ncarry], all[b.ncarry:]
}

// invalids returns n copies of an invalid node (or nil without a graph).
func invalids(bad *Node, n int) []*Node {
	out := make([]*Node, n)
	for i := range out {
		out[i] = bad
	}
	return out
}

// buildScan traces step over placeholders, finds the outside nodes it
// reads, compiles the body and returns it with the scan node. On failure
// it records the error and returns a nil body and an invalid (or nil) node.
func buildScan(name string, step func(xs, carry []*Node) ([]*Node, []*Node), seqs, init []*Node, reverse, stacked bool) (*scanBody, *Node) {
	ins := append(append([]*Node{}, seqs...), init...)
	g, err := graphOf(ins)
	if g == nil {
		return nil, nil
	}
	if err == nil {
		err = checkScanArgs(seqs, init)
	}
	if err != nil {
		return nil, failf(name, ins, err)
	}
	for _, x := range ins {
		if x.bad {
			return nil, g.invalid()
		}
	}
	b := &scanBody{nseq: len(seqs), ncarry: len(init), reverse: reverse, stacked: stacked}
	xs := make([]*Node, len(seqs))
	for i, s := range seqs {
		xs[i] = g.Input(fmt.Sprintf("scan/x%d", i), s.dt, s.shape[1:]...)
	}
	cs := make([]*Node, len(init))
	for j, c := range init {
		cs[j] = g.Input(fmt.Sprintf("scan/carry%d", j), c.dt, c.shape...)
	}
	next, outs := step(xs, cs)
	if err := checkScanStep(init, next, outs); err != nil {
		return nil, failf(name, ins, err)
	}
	results := append(append([]*Node{}, next...), outs...)
	for _, r := range results {
		if r == nil || r.bad || r.g != g {
			return nil, failf(name, ins, errorf(ErrGraph, "the scan step returned an invalid node"))
		}
	}
	b.nout, b.dt = len(outs), results[0].dt
	consts := outsideNodes(results, append(append([]*Node{}, xs...), cs...))
	ks := make([]*Node, len(consts))
	rw := newRewriter(g, nil, allRules)
	for m, c := range consts {
		ks[m] = g.Input(fmt.Sprintf("scan/const%d", m), c.dt, c.shape...)
		rw.memo[c] = ks[m]
	}
	for i, r := range results {
		results[i] = rw.node(r)
	}
	b.nconst = len(consts)
	b.ins = append(append(append([]*Node{}, xs...), cs...), ks...)
	b.outs = results
	if err := g.Err(); err != nil {
		return nil, g.invalid()
	}
	p, err := compile(g, b.ins, b.outs, nil)
	if err != nil {
		return nil, failf(name, ins, err)
	}
	b.prog = p
	return b, apply(scanOp{b}, append(ins, consts...)...)
}

func checkScanArgs(seqs, init []*Node) error {
	if len(seqs) == 0 {
		return errorf(ErrArg, "expected at least one sequence")
	}
	for i, s := range seqs {
		if s.Rank() == 0 {
			return errorf(ErrShape, "sequence %d is a scalar", i)
		}
	}
	return nil
}

func checkScanStep(init, next, outs []*Node) error {
	if len(next) != len(init) {
		return errorf(ErrArg, "the scan step returned %d carries for %d initial values", len(next), len(init))
	}
	if len(next)+len(outs) == 0 {
		return errorf(ErrArg, "the scan step returned nothing")
	}
	var dt DType
	for i, r := range append(append([]*Node{}, next...), outs...) {
		if r == nil {
			return errorf(ErrGraph, "the scan step returned a nil node")
		}
		if i == 0 {
			dt = r.dt
		}
		if r.dt != dt || !dt.IsFloat() {
			return errorf(ErrDType, "the scan step's carries and outputs must share one floating-point dtype, received %s and %s", dt, r.dt)
		}
		if i < len(init) {
			if err := compatible(init[i], r); err != nil {
				return fmt.Errorf("carry %d: %w", i, err)
			}
		}
	}
	return nil
}

// outsideNodes lists the nodes the results read that do not depend on the
// placeholders (constants aside): the values every step shares.
func outsideNodes(results, placeholders []*Node) []*Node {
	dep := map[*Node]bool{}
	for _, p := range placeholders {
		dep[p] = true
	}
	order := topoSort(results)
	for _, n := range order {
		for _, x := range n.in {
			if dep[x] {
				dep[n] = true
				break
			}
		}
	}
	var out []*Node
	seen := map[*Node]bool{}
	add := func(x *Node) {
		if !dep[x] && !seen[x] && x.Kind() != KindConst {
			seen[x] = true
			out = append(out, x)
		}
	}
	for _, n := range order {
		if dep[n] {
			for _, x := range n.in {
				add(x)
			}
		}
	}
	for _, r := range results {
		add(r)
	}
	return out
}

// scanPartOp views part k of a scan's blob: a carry's values or a per-step
// output. Its inputs are the blob and, for their shapes, the scan's inputs.
type scanPartOp struct {
	b *scanBody
	k int16
}

func (scanPartOp) view() {}

func (scanPartOp) shapeOnly(i int) bool { return i > 0 }

func (o scanPartOp) String() string { return fmt.Sprintf("ScanPart{%d}", o.k) }

func (o scanPartOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o scanPartOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	shapes, _, _, err := o.b.parts(in[1:])
	if err != nil {
		return nil, err
	}
	s := shapes[o.k]
	dst = outShape(dst, len(s))
	copy(dst, s)
	return dst, nil
}

func (o scanPartOp) offset(in [][]int) int {
	_, offs, _, _ := o.b.parts(in[1:])
	return offs[o.k]
}

func (scanPartOp) eval(*buf, []*buf, *ectx) error { return nil }

func (o scanPartOp) grad(n, g *Node) []*Node {
	gs := make([]*Node, len(n.in))
	gs[0] = apply(scanPadOp(o), append([]*Node{g}, n.in...)...)
	return gs
}

// scanPadOp is the gradient of a scanPartOp: a blob of zeros with its first
// input as part k. Its other inputs, the blob and the scan's inputs, give
// shapes only.
type scanPadOp scanPartOp

func (o scanPadOp) String() string { return fmt.Sprintf("ScanPad{%d}", o.k) }

func (scanPadOp) shapeOnly(i int) bool { return i > 0 }

func (scanPadOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (scanPadOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, 1)
	dst[0] = in[1][0]
	return dst, nil
}

// newState keeps the offsets of the blob's parts for the last shapes seen.
func (scanPadOp) newState() any { return new(scanState) }

func (o scanPadOp) eval(out *buf, in []*buf, x *ectx) error {
	st := x.st.(*scanState)
	if err := st.locate(o.b, in[2:]); err != nil {
		return err
	}
	out.fill(0)
	st.dst.dt = out.dt
	st.dst.sliceRange(out, st.offs[o.k], in[0].size())
	st.dst.copyFrom(in[0])
	return nil
}

func (o scanPadOp) grad(n, g *Node) []*Node {
	gs := make([]*Node, len(n.in))
	gs[0] = apply(scanPartOp(o), append([]*Node{g}, n.in[2:]...)...)
	return gs
}

// grad differentiates the scan by a second scan that runs backwards: at
// each position it gets the step's inputs (the sequences' slices and the
// carries before the step), the gradient flowing into the carries from
// later steps and from outside, and returns the gradients of the carries
// before the step, of the slices, and of the constants, which it sums.
func (o scanOp) grad(n, g *Node) []*Node {
	b := o.b
	gs := make([]*Node, len(n.in))
	if !b.stacked {
		bad := failf("Grad", []*Node{n}, errorf(ErrArg, "the gradient of a scan's gradient is not supported"))
		for i := range gs {
			gs[i] = bad
		}
		return gs
	}
	seqs := n.in[:b.nseq]
	init := n.in[b.nseq : b.nseq+b.ncarry]
	consts := n.in[b.nseq+b.ncarry:]
	part := func(blob *Node, k int) *Node {
		return apply(scanPartOp{b: b, k: int16(k)}, append([]*Node{blob}, n.in...)...)
	}
	var bseqs []*Node
	bseqs = append(bseqs, seqs...)
	for j := range b.ncarry { // the carries before each step
		c := part(n, j)
		bseqs = append(bseqs, Concat([]*Node{ExpandDims(init[j], 0), Slice(c, 0, 0, -1)}, 0))
	}
	for k := range b.ncarry + b.nout { // the gradients from outside
		bseqs = append(bseqs, part(g, k))
	}
	var binit []*Node
	for _, c := range init {
		binit = append(binit, ZerosLike(c))
	}
	var fconsts []int // the constants with a gradient
	for m, c := range consts {
		if c.dt.IsFloat() {
			fconsts = append(fconsts, m)
			binit = append(binit, ZerosLike(c))
		}
	}
	var fseqs []int
	for i, s := range seqs {
		if s.dt.IsFloat() {
			fseqs = append(fseqs, i)
		}
	}
	step := func(xs, cs []*Node) ([]*Node, []*Node) {
		x, cprev := xs[:b.nseq], xs[b.nseq:b.nseq+b.ncarry]
		gout := xs[b.nseq+b.ncarry:]
		gc, acc := cs[:b.ncarry], cs[b.ncarry:]
		fwd := b.instantiate(x, cprev, consts)
		var cost *Node
		for k, r := range fwd {
			gk := gout[k]
			if k < b.ncarry {
				gk = Add(gk, gc[k])
			}
			cost = addOpt(cost, Sum(Mul(r, gk), nil, false))
		}
		wrt := append([]*Node{}, cprev...)
		for _, i := range fseqs {
			wrt = append(wrt, x[i])
		}
		for _, m := range fconsts {
			wrt = append(wrt, consts[m])
		}
		grads := Grad(cost, wrt...)
		next := append([]*Node{}, grads[:b.ncarry]...)
		for a := range fconsts {
			next = append(next, Add(acc[a], grads[b.ncarry+len(fseqs)+a]))
		}
		return next, grads[b.ncarry : b.ncarry+len(fseqs)]
	}
	bb, blob := buildScan("Grad", step, bseqs, binit, !b.reverse, false)
	if bb == nil {
		return invalids(blob, len(gs))
	}
	bpart := func(k int) *Node {
		return apply(scanPartOp{b: bb, k: int16(k)}, append([]*Node{blob}, blob.in...)...)
	}
	for j := range b.ncarry {
		gs[b.nseq+j] = bpart(j)
	}
	for a, m := range fconsts {
		gs[b.nseq+b.ncarry+m] = bpart(b.ncarry + a)
	}
	for a, i := range fseqs {
		gs[i] = bpart(bb.ncarry + a)
	}
	return gs
}

// addOpt adds b to a, or returns b if a is nil.
func addOpt(a, b *Node) *Node {
	if a == nil {
		return b
	}
	return Add(a, b)
}

// instantiate builds the body's results over other nodes: x for the
// sequences' slices, c for the carries, k for the constants.
func (b *scanBody) instantiate(x, c, k []*Node) []*Node {
	g := x[0].g
	rw := newRewriter(g, nil, allRules)
	for i, n := range append(append(append([]*Node{}, x...), c...), k...) {
		rw.memo[b.ins[i]] = n
	}
	out := make([]*Node, len(b.outs))
	for i, r := range b.outs {
		out[i] = rw.node(r)
	}
	return out
}
