package graph

import (
	"slices"

	"github.com/gokeras/gokeras/internal/kernels"
)

// Fused update kernels. An optimiser's update of one weight is two or
// three element-wise programs computed straight into the weight and its
// slots; some are the update rule of a well-known optimiser, for which the
// kernels have one fused pass that computes every element in registers
// with the same IEEE operations, in the same order, as the programs run
// chunk by chunk. When the programs match such a rule, with its scalars
// and same-shape operands where the rule wants them, and may run together,
// they run on the fused kernel: the results are bit for bit the same, the
// work several times smaller (one pass over memory instead of one per
// instruction over cache-resident chunks). The rules are RMSprop's
// (without momentum) and Adam's (without amsgrad), as optimizers writes
// them.

// ewPat is a pattern over a program's expression: an instruction kind and
// its argument patterns, or (leaf != "") any program input, named; a
// scalar leaf matches only inputs of one element, any other leaf only
// inputs of the program's output shape.
type ewPat struct {
	k      ewKind
	args   []ewPat
	leaf   string
	scalar bool
}

func pat(k ewKind, args ...ewPat) ewPat { return ewPat{k: k, args: args} }
func leaf(name string) ewPat            { return ewPat{leaf: name} }
func scalarLeaf(name string) ewPat      { return ewPat{leaf: name, scalar: true} }

// ewMatcher matches patterns against a program, binding leaf names to
// input indices (a name seen twice must be the same input).
type ewMatcher struct {
	pg             *ewProgram
	isScalar, full func(in int) bool
	bind           map[string]int
}

// match reports whether operand a matches pt with bindings for which k
// returns true, searching every way to match: Add and Mul match their
// arguments in either order. The bindings stay as k saw them when it
// returned true.
func (m *ewMatcher) match(a int, pt ewPat, k func() bool) bool {
	pg := m.pg
	if pt.leaf != "" {
		if a >= pg.nin || pt.scalar && !m.isScalar(a) || !pt.scalar && !m.full(a) {
			return false
		}
		if b, ok := m.bind[pt.leaf]; ok {
			return b == a && k()
		}
		m.bind[pt.leaf] = a
		if k() {
			return true
		}
		delete(m.bind, pt.leaf)
		return false
	}
	if a < pg.nin {
		return false
	}
	ins := &pg.instrs[a-pg.nin]
	if ins.k == kIdentity {
		return m.match(int(ins.args[0]), pt, k)
	}
	if ins.k != pt.k || ewTable[ins.k].arity != len(pt.args) {
		return false
	}
	var seq func(order []int, i int) bool
	seq = func(order []int, i int) bool {
		if i == len(order) {
			return k()
		}
		return m.match(int(ins.args[order[i]]), pt.args[i], func() bool { return seq(order, i+1) })
	}
	if seq([]int{0, 1, 2}[:len(pt.args)], 0) {
		return true
	}
	return (pt.k == kAdd || pt.k == kMul) && seq([]int{1, 0}, 0)
}

// The rules. A rule's programs compute its outputs in order (the last is
// the weight's); leaf names shared by programs must be the same node, and
// a leaf named after an earlier program's output ("vNew") must be that
// program's result.
var (
	rmspropRule = ewRule{
		kind:  fusedRMSprop,
		names: []string{"vNew"},
		progs: []ewPat{
			pat(kAdd, pat(kMul, scalarLeaf("rho"), leaf("v")), pat(kMul, scalarLeaf("t"), pat(kSquare, leaf("g")))),
			pat(kSub, leaf("w"), pat(kDiv, pat(kMul, scalarLeaf("lr"), leaf("g")), pat(kSqrt, pat(kAdd, leaf("vNew"), scalarLeaf("eps"))))),
		},
		operands: []string{"w", "v", "g"},
		scalars:  []string{"lr", "rho", "t", "eps"},
	}
	adamRule = ewRule{
		kind:  fusedAdam,
		names: []string{"mNew", "vNew"},
		progs: []ewPat{
			pat(kAdd, leaf("m"), pat(kMul, pat(kSub, leaf("g"), leaf("m")), scalarLeaf("c1"))),
			pat(kAdd, leaf("v"), pat(kMul, pat(kSub, pat(kSquare, leaf("g")), leaf("v")), scalarLeaf("c2"))),
			pat(kSub, leaf("w"), pat(kDiv, pat(kMul, leaf("mNew"), scalarLeaf("alpha")), pat(kAdd, pat(kSqrt, leaf("vNew")), scalarLeaf("eps")))),
		},
		operands: []string{"w", "m", "v", "g"},
		scalars:  []string{"alpha", "c1", "c2", "eps"},
	}
)

// ewRule is an optimiser's update rule that a fused kernel computes.
type ewRule struct {
	kind     ewFusedKind
	names    []string // the leaf naming each program's result, but the last's
	progs    []ewPat
	operands []string // the kernel's tensor inputs, in its order
	scalars  []string // the kernel's scalar inputs, in its order
}

// ewFusedKind selects a fused kernel.
type ewFusedKind uint8

const (
	fusedRMSprop ewFusedKind = iota
	fusedAdam
)

func (k ewFusedKind) String() string {
	if k == fusedAdam {
		return "Adam"
	}
	return "RMSprop"
}

// ewFused is a group of update steps that runs on a fused kernel.
type ewFused struct {
	kind    ewFusedKind
	steps   []int   // the rule's programs' steps: the kernel's outputs are the last's, then the others'
	ins     []ewRef // the kernel's tensor inputs
	scalars []ewRef // the kernel's scalar inputs
}

// ewRef names input in of the group's step steps[prog].
type ewRef struct{ prog, in int }

// ewFuseKernels enables fused groups; tests turn it off to compare.
var ewFuseKernels = true

// matchRule reports whether steps (one per program of r, in order) match r
// and returns the group if so.
func (p *program) matchRule(r *ewRule, steps []int) *ewFused {
	if !ewFuseKernels || len(steps) != len(r.progs) {
		return nil
	}
	out := p.nodes[p.steps[steps[0]].node]
	if out.dt != Float32 && out.dt != Float64 {
		return nil
	}
	ms := make([]*ewMatcher, len(steps))
	for i, k := range steps {
		s := &p.steps[k]
		if s.prog == nil || !sameShape(p.nodes[s.node].shape, out.shape) {
			return nil
		}
		ms[i] = &ewMatcher{pg: s.prog, bind: map[string]int{},
			isScalar: func(in int) bool {
				sh := p.nodes[s.in[in]].shape
				return staticShape(sh) && numel(sh) == 1
			},
			full: func(in int) bool { return sameShape(p.nodes[s.in[in]].shape, out.shape) },
		}
	}
	// A name bound in several programs must be one node; an earlier
	// program's result name must be that program's node.
	consistent := func() bool {
		node := map[string]int{}
		for i, m := range ms {
			s := &p.steps[steps[i]]
			for name, in := range m.bind {
				n := s.in[in]
				if prev, ok := node[name]; ok && prev != n {
					return false
				}
				node[name] = n
			}
		}
		for i, name := range r.names {
			if n, ok := node[name]; !ok || n != p.steps[steps[i]].node {
				return false
			}
		}
		return true
	}
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(ms) {
			return consistent()
		}
		pg := ms[i].pg
		return ms[i].match(pg.nin+len(pg.instrs)-1, r.progs[i], func() bool { return try(i + 1) })
	}
	if !try(0) {
		return nil
	}
	ref := func(name string) ewRef {
		for i, m := range ms {
			if in, ok := m.bind[name]; ok {
				return ewRef{i, in}
			}
		}
		panic("graph: fused rule without " + name)
	}
	f := &ewFused{kind: r.kind, steps: steps}
	for _, name := range r.operands {
		f.ins = append(f.ins, ref(name))
	}
	for _, name := range r.scalars {
		f.scalars = append(f.scalars, ref(name))
	}
	return f
}

// members returns the steps of the group (none for nil).
func (f *ewFused) members() []int {
	if f == nil {
		return nil
	}
	return f.steps
}

// fuseUpdates finds the groups of update steps that match a rule and may
// run together at the place of their first step: every value a later
// member reads is computed before that place or by the group, no member
// reads the variable another overwrites, and no step in between reads a
// moved member's variable. It sets fused for each group's first step and
// paired for the others.
func (p *program) fuseUpdates() {
	p.paired = make([]bool, len(p.steps))
	p.fused = make([]*ewFused, len(p.steps))
	if !ewFuseKernels {
		return
	}
	stepOf := p.stepOfNodes()
	used := make([]bool, len(p.steps))
	for b := range p.steps {
		if used[b] || p.directVar(b) == nil || !staticShape(p.nodes[p.steps[b].node].shape) {
			continue
		}
		// Candidates: the in-place update steps whose results b reads.
		var cands []int
		for _, in := range p.steps[b].in {
			if k, ok := stepOf[in]; ok && k != b && !used[k] && p.directVar(k) != nil && !slices.Contains(cands, k) {
				cands = append(cands, k)
			}
		}
		var f *ewFused
		for _, x := range cands {
			for _, y := range cands {
				if f == nil && x != y {
					f = p.matchRule(&adamRule, []int{x, y, b})
				}
			}
			if f == nil {
				f = p.matchRule(&rmspropRule, []int{x, b})
			}
		}
		if f == nil || !p.canRunTogether(f.steps, stepOf) {
			continue
		}
		lead := slices.Min(f.steps)
		p.fused[lead] = f
		for _, k := range f.steps {
			used[k] = true
			if k != lead {
				p.paired[k] = true
			}
		}
	}
}

// canRunTogether reports whether the steps may all run at the place of the
// first of them (see fuseUpdates).
func (p *program) canRunTogether(steps []int, stepOf map[int]int) bool {
	lead := slices.Min(steps)
	member := func(k int) bool { return slices.Contains(steps, k) }
	for _, k := range steps {
		v := p.directVar(k)
		for _, j := range steps {
			if j != k && p.readsVar(j, v) {
				return false
			}
		}
		if k == lead {
			continue
		}
		for _, in := range p.steps[k].in {
			if j, ok := stepOf[p.base[in]]; ok && j > lead && !member(j) {
				return false // computed after the first member
			}
		}
		for j := lead + 1; j < k; j++ {
			if !member(j) && p.readsVar(j, v) {
				return false // reads the variable's old value
			}
		}
	}
	return true
}

// ewFusedItem is the number of elements in one work item of a fused pass.
const ewFusedItem = 16 * ewChunk

// ewFusedRun is a fused group bound to one call's buffers.
type ewFusedRun[T flo] struct {
	kind  ewFusedKind
	outs  [3][]T // the weight's new value, then the slots'
	ins   [4][]T
	sc    [4]T
	c, n  int
	group kernels.Group
}

// Item runs chunk item.
func (r *ewFusedRun[T]) Item(_, item int) {
	lo := item * r.c
	hi := min(lo+r.c, r.n)
	o, in, sc := &r.outs, &r.ins, &r.sc
	if r.kind == fusedAdam {
		kernels.Adam(o[0][lo:hi], o[1][lo:hi], o[2][lo:hi], in[0][lo:hi], in[1][lo:hi], in[2][lo:hi], in[3][lo:hi], sc[0], sc[1], sc[2], sc[3])
		return
	}
	kernels.RMSprop(o[0][lo:hi], o[1][lo:hi], in[0][lo:hi], in[1][lo:hi], in[2][lo:hi], sc[0], sc[1], sc[2], sc[3])
}

// runFused runs the fused group f of frame fr, sharing the work over the
// worker pool when the weight is large enough.
func runFused(fr *frame, f *ewFused) {
	if fr.p.nodes[fr.p.steps[f.steps[0]].node].dt == Float32 {
		runFusedT[float32](fr, f)
	} else {
		runFusedT[float64](fr, f)
	}
}

func runFusedT[T flo](fr *frame, f *ewFused) {
	st := fr.state[f.steps[0]].(*ewState[T])
	if st.fused == nil {
		st.fused = &ewFusedRun[T]{}
	}
	r := st.fused.(*ewFusedRun[T])
	r.kind = f.kind
	last := len(f.steps) - 1
	r.outs[0] = data[T](&fr.vals[fr.p.steps[f.steps[last]].node])
	for i, k := range f.steps[:last] {
		r.outs[i+1] = data[T](&fr.vals[fr.p.steps[k].node])
	}
	for i, x := range f.ins {
		r.ins[i] = data[T](fr.args[f.steps[x.prog]][x.in])
	}
	for i, x := range f.scalars {
		r.sc[i] = data[T](fr.args[f.steps[x.prog]][x.in])[0]
	}
	r.n = len(r.outs[0])
	if r.n > 0 {
		// The kernel streams through memory: its items need not fit a
		// cache, and larger ones cost the parts fewer trips to the shared
		// counter.
		r.c = min(r.n, ewFusedItem)
		items := (r.n + r.c - 1) / r.c
		parts := 1
		if r.n >= ewParallelChunks*ewChunk {
			parts = kernels.Threads()
		}
		r.group.For(items, parts, r)
	}
	r.outs, r.ins = [3][]T{}, [4][]T{}
}
