package graph

import (
	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// Fused update kernels. Some paired updates (see pairUpdates) are the
// update rule of a well-known optimiser, for which the kernels have one
// fused pass that computes every element in registers with the same IEEE
// operations, in the same order, as the two programs run chunk by chunk.
// When a pair's programs match such a rule, with its scalars and
// same-shape operands where the rule wants them, the pair runs on the
// fused kernel instead: the results are bit for bit the same, the work
// several times smaller (one pass instead of one per instruction over
// cache-resident chunks).

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

// The RMSprop rule without momentum, as optimizers.RMSprop writes it:
// A computes v' and B the new weight from it.
var (
	rmspropA = pat(kAdd, pat(kMul, scalarLeaf("rho"), leaf("v")), pat(kMul, scalarLeaf("t"), pat(kSquare, leaf("g"))))
	rmspropB = pat(kSub, leaf("w"), pat(kDiv, pat(kMul, scalarLeaf("lr"), leaf("g")), pat(kSqrt, pat(kAdd, leaf("vNew"), scalarLeaf("eps")))))
)

// ewFusedPair is a pair of update steps that runs on the fused RMSprop
// kernel: for each operand, the program (0 for A, 1 for B) and its input.
type ewFusedPair struct {
	w, v, g, lr, rho, t, eps ewRef
}

// ewRef names input in of program prog (0: A, 1: B) of a pair.
type ewRef struct{ prog, in int }

// ewFuseKernels enables fusePair; tests turn it off to compare.
var ewFuseKernels = true

// fusePair returns the fused form of the pair of steps a and b, or nil.
func (p *program) fusePair(a, b int) *ewFusedPair {
	if !ewFuseKernels {
		return nil
	}
	sa, sb := &p.steps[a], &p.steps[b]
	if dt := p.nodes[sa.node].dt; dt != Float32 && dt != Float64 {
		return nil
	}
	out := p.nodes[sa.node].shape
	matcher := func(s *step) *ewMatcher {
		return &ewMatcher{pg: s.prog, bind: map[string]int{},
			isScalar: func(in int) bool {
				sh := p.nodes[s.in[in]].shape
				return staticShape(sh) && numel(sh) == 1
			},
			full: func(in int) bool { return sameShape(p.nodes[s.in[in]].shape, out) },
		}
	}
	ma, mb := matcher(sa), matcher(sb)
	// B's g must be A's g, and B must read A's result as v'.
	same := func() bool { return sa.in[ma.bind["g"]] == sb.in[mb.bind["g"]] && sb.in[mb.bind["vNew"]] == sa.node }
	if !ma.match(sa.prog.nin+len(sa.prog.instrs)-1, rmspropA, func() bool {
		return mb.match(sb.prog.nin+len(sb.prog.instrs)-1, rmspropB, same)
	}) {
		return nil
	}
	ba, bb := ma.bind, mb.bind
	return &ewFusedPair{
		v: ewRef{0, ba["v"]}, g: ewRef{0, ba["g"]}, rho: ewRef{0, ba["rho"]}, t: ewRef{0, ba["t"]},
		w: ewRef{1, bb["w"]}, lr: ewRef{1, bb["lr"]}, eps: ewRef{1, bb["eps"]},
	}
}

// ewFusedItem is the number of elements in one work item of a fused pass.
const ewFusedItem = 16 * ewChunk

// ewFusedRun is a fused pair bound to one call's buffers.
type ewFusedRun[T tensor.Elem] struct {
	wOut, vOut, w, v, g []T
	lr, rho, t, eps     T
	c, n                int
	group               kernels.Group
}

// bind points r at the call's operands.
func (r *ewFusedRun[T]) bind(f *ewFusedPair, outA, outB *buf, inA, inB []*buf) {
	get := func(x ewRef) *buf {
		if x.prog == 0 {
			return inA[x.in]
		}
		return inB[x.in]
	}
	r.vOut, r.wOut = data[T](outA), data[T](outB)
	r.w, r.v, r.g = data[T](get(f.w)), data[T](get(f.v)), data[T](get(f.g))
	r.lr, r.rho, r.t, r.eps = data[T](get(f.lr))[0], data[T](get(f.rho))[0], data[T](get(f.t))[0], data[T](get(f.eps))[0]
	r.n = len(r.vOut)
}

// Item runs chunk item.
func (r *ewFusedRun[T]) Item(_, item int) {
	lo := item * r.c
	hi := min(lo+r.c, r.n)
	rmspropStep(r.wOut[lo:hi], r.vOut[lo:hi], r.w[lo:hi], r.v[lo:hi], r.g[lo:hi], r.lr, r.rho, r.t, r.eps)
}

// rmspropStep calls the kernel for the float types; fusePair admits no
// other.
func rmspropStep[T tensor.Elem](wOut, vOut, w, v, g []T, lr, rho, t, eps T) {
	switch wo := any(wOut).(type) {
	case []float32:
		kernels.RMSprop(wo, any(vOut).([]float32), any(w).([]float32), any(v).([]float32), any(g).([]float32),
			any(lr).(float32), any(rho).(float32), any(t).(float32), any(eps).(float32))
	case []float64:
		kernels.RMSprop(wo, any(vOut).([]float64), any(w).([]float64), any(v).([]float64), any(g).([]float64),
			any(lr).(float64), any(rho).(float64), any(t).(float64), any(eps).(float64))
	}
}

// runFused runs the fused pair over the call's buffers, sharing the work
// over the worker pool when runEWPair would.
func runFused[T tensor.Elem](st *ewState[T], f *ewFusedPair, outA, outB *buf, inA, inB []*buf) {
	if st.fused == nil {
		st.fused = &ewFusedRun[T]{}
	}
	r := st.fused
	r.bind(f, outA, outB, inA, inB)
	if r.n == 0 {
		return
	}
	// The kernel streams through memory: its items need not fit a cache,
	// and larger ones cost the parts fewer trips to the shared counter.
	r.c = min(r.n, ewFusedItem)
	items := (r.n + r.c - 1) / r.c
	parts := 1
	if r.n >= ewParallelChunks*ewChunk {
		parts = kernels.Threads()
	}
	r.group.For(items, parts, r)
	r.wOut, r.vOut, r.w, r.v, r.g = nil, nil, nil, nil, nil
}
