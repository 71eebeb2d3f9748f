package graph

import (
	"math"
)

// rewriter applies local rewrites bottom-up to a graph: each node is
// rebuilt over its rewritten inputs, merged with an identical node seen
// before (common-subexpression elimination), offered to the rules, and
// folded to a constant if all its inputs are constants. The result is a new
// graph; the original nodes are not changed.
type rewriter struct {
	g      *Graph
	memo   map[*Node]*Node
	keep   map[*Node]bool // left as they are, and opaque to the rules
	cse    map[cseKey]*Node
	consts map[constKey]*Node
	rules  []rule
	fired  []string // names of the rules applied, in order
	depth  int
}

// rule is a named local rewrite: it returns a replacement for n, or nil.
type rule struct {
	name string
	fn   func(n *Node) *Node
}

// cseKey identifies a node by its op and inputs (up to four).
type cseKey struct {
	o          op
	n          int
	a, b, c, d *Node
}

// constKey identifies a scalar constant by dtype and value.
type constKey struct {
	dt   DType
	bits uint64
	r    int
}

func newRewriter(g *Graph, keep map[*Node]bool, rules []rule) *rewriter {
	return &rewriter{
		g: g, keep: keep, rules: rules,
		memo:   make(map[*Node]*Node),
		cse:    make(map[cseKey]*Node),
		consts: make(map[constKey]*Node),
	}
}

// node returns the rewritten form of n.
func (rw *rewriter) node(n *Node) *Node {
	if r, ok := rw.memo[n]; ok {
		return r
	}
	var r *Node
	switch {
	case rw.keep[n]:
		r = n
	case len(n.in) == 0:
		r = rw.leaf(n)
	default:
		r = rw.apply(n)
	}
	rw.memo[n] = r
	rw.memo[r] = r
	return r
}

// leaf merges equal scalar constants.
func (rw *rewriter) leaf(n *Node) *Node {
	if n.Kind() != KindConst || numel(n.shape) != 1 {
		return n
	}
	k := constKey{n.dt, math.Float64bits(n.val.at(0)), len(n.shape)}
	if c, ok := rw.consts[k]; ok && sameShape(c.shape, n.shape) {
		return c
	}
	rw.consts[k] = n
	return n
}

// apply rewrites an op node whose inputs may not be rewritten yet.
func (rw *rewriter) apply(n *Node) *Node {
	ins := make([]*Node, len(n.in))
	changed := false
	for i, x := range n.in {
		ins[i] = rw.node(x)
		changed = changed || ins[i] != x
	}
	r := n
	if changed {
		var err error
		if r, err = build(rw.g, n.op, ins); err != nil {
			rw.g.fail(newOpError(n.op.String(), ins, err))
			return n
		}
	}
	key, ok := cseKeyOf(r)
	if ok {
		if c, seen := rw.cse[key]; seen {
			return c
		}
	}
	if rw.depth < 64 {
		for _, ru := range rw.rules {
			if x := ru.fn(r); x != nil && x != r {
				rw.fired = append(rw.fired, ru.name)
				rw.depth++
				x = rw.node(x)
				rw.depth--
				if ok {
					rw.cse[key] = x
				}
				return x
			}
		}
	}
	if f := rw.fold(r); f != nil {
		r = f
	}
	if ok {
		rw.cse[key] = r
	}
	return r
}

// cseKeyOf returns the merge key of n, if it has one.
func cseKeyOf(n *Node) (cseKey, bool) {
	if isRandom(n.op) || len(n.in) > 4 {
		return cseKey{}, false
	}
	k := cseKey{o: n.op, n: len(n.in)}
	ptrs := [4]**Node{&k.a, &k.b, &k.c, &k.d}
	for i, x := range n.in {
		*ptrs[i] = x
	}
	return k, true
}

// maxFold is the largest constant, in elements, that folding creates.
const maxFold = 1 << 16

// fold evaluates n if all its inputs are constants.
func (rw *rewriter) fold(n *Node) *Node {
	if isRandom(n.op) || !known(n.shape) || numel(n.shape) > maxFold {
		return nil
	}
	in := make([]*buf, len(n.in))
	for i, x := range n.in {
		if x.Kind() != KindConst {
			return nil
		}
		in[i] = x.val
	}
	out := newBuf(n.dt, n.shape)
	if _, ok := n.op.(viewOp); ok {
		off := 0
		if ov, ok := n.op.(offsetView); ok {
			shapes := make([][]int, len(in))
			for i, b := range in {
				shapes[i] = b.shape
			}
			off = ov.offset(shapes)
		}
		var src buf
		src.dt = n.dt
		src.sliceRange(in[0], off, numel(n.shape))
		out.copyFrom(&src)
	} else {
		x := &ectx{g: rw.g}
		if so, ok := n.op.(stateOp); ok {
			x.st = so.newState()
		}
		if s, ok := n.op.(scratchOp); ok {
			shapes := make([][]int, len(in))
			for i, b := range in {
				shapes[i] = b.shape
			}
			x.sizeScratch(n.dt, s.scratch(n.shape, shapes))
		}
		if err := n.op.eval(out, in, x); err != nil {
			return nil
		}
	}
	return rw.leaf(rw.g.constBuf(out))
}

// sizeScratch makes room for n scratch elements of dtype dt.
func (x *ectx) sizeScratch(dt DType, n int) {
	switch dt {
	case Float32:
		x.f32 = grow(x.f32, n)
	case Float64:
		x.f64 = grow(x.f64, n)
	case Int32:
		x.i32 = grow(x.i32, n)
	default:
		x.i64 = grow(x.i64, n)
	}
}
