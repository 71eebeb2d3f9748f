package graph

import (
	"fmt"
)

// storage tells where a node's value lives while a compiled function runs.
type storage uint8

const (
	sNone   storage = iota // fused away: the value only exists chunk by chunk
	sInput                 // the caller's tensor
	sShared                // the shared variable's own storage
	sConst                 // the constant's value
	sSlot                  // a buffer of the frame, shared by liveness
	sView                  // the storage of another node, reshaped
	sUpdate                // the storage of the shared variable it updates
)

// program is a compiled graph: a schedule of steps over nodes, and a plan
// saying where each node's value lives. It is immutable and shared by the
// frames that run it.
type program struct {
	g       *Graph
	nodes   []*Node // topological order
	index   map[*Node]int
	store   []storage
	base    []int // the node owning the storage (itself unless a view)
	slot    []int // the slot of slot-owning nodes
	slotDT  []DType
	inputs  []int // node of each function input
	outputs []int
	updates []update
	steps   []step
	views   []int // view nodes, in order
	groups  []*group
	groupOf []int
	inplace []bool     // step k writes over its input's storage
	pair    []int      // the step run chunk by chunk with step k, or -1 (see pairUpdates)
	paired  []bool     // step k runs with an earlier step
	fused   []*ewFused // the group led by step k runs on a fused kernel (see fuseUpdates), or nil
	excl    bool       // needs the graph's state exclusively
}

// update is a compiled update: the shared variable and the node holding
// its new value.
type update struct {
	shared *Node
	node   int
	direct bool // the value is computed straight into the variable's storage
}

// step computes one node: an op, or a fused element-wise group.
type step struct {
	node int
	op   op
	in   []int // inputs passed to eval: all inputs of an op, the data operands of a group
	prog *ewProgram
	gid  int // group index, or -1
}

// compile schedules the graph of outputs and updates and plans its buffers.
func compile(g *Graph, inputs, outputs []*Node, upds []Update) (*program, error) {
	roots := append([]*Node(nil), outputs...)
	for _, u := range upds {
		roots = append(roots, u.Value)
	}
	p := &program{g: g, nodes: topoSort(roots)}
	p.index = make(map[*Node]int, len(p.nodes))
	for i, n := range p.nodes {
		p.index[n] = i
	}
	if err := p.bindInputs(inputs); err != nil {
		return nil, err
	}
	for _, o := range outputs {
		p.outputs = append(p.outputs, p.index[o])
	}
	for _, u := range upds {
		p.updates = append(p.updates, update{shared: u.Var, node: p.index[u.Value]})
	}
	pinned := make([]bool, len(p.nodes))
	for _, o := range p.outputs {
		pinned[o] = true
	}
	for _, u := range p.updates {
		pinned[u.node] = true
	}
	consumers := make([][]int, len(p.nodes))
	for i, n := range p.nodes {
		if isRandom(n.op) {
			p.excl = true
		}
		for k, x := range n.in {
			if isData(n, k) {
				j := p.index[x]
				consumers[j] = append(consumers[j], i)
			}
		}
	}
	if len(upds) > 0 {
		p.excl = true
	}
	p.groupOf, p.groups = fuseGroups(p.nodes, p.index, consumers, pinned)
	for gid, gr := range p.groups {
		buildProgram(p.nodes, p.index, gr, p.groupOf, gid)
	}
	p.classify()
	p.schedule()
	p.plan()
	p.directUpdates()
	p.fuseUpdates()
	p.pairUpdates()
	return p, nil
}

// bindInputs checks that the graph needs no input besides the given ones
// and records where each input is.
func (p *program) bindInputs(inputs []*Node) error {
	given := make(map[*Node]bool, len(inputs))
	for i, in := range inputs {
		if in.Kind() != KindInput {
			return errorf(ErrArg, "inputs[%d] (%v) is not an Input node", i, in)
		}
		if given[in] {
			return errorf(ErrArg, "inputs[%d] (%v) is given twice", i, in)
		}
		given[in] = true
		j, ok := p.index[in]
		if !ok {
			j = len(p.nodes) // an unused input still gets a place for its value
			p.nodes = append(p.nodes, in)
			p.index[in] = j
		}
		p.inputs = append(p.inputs, j)
	}
	for _, n := range p.nodes {
		if n.Kind() == KindInput && !given[n] {
			return errorf(ErrArg, "the graph needs input %q, which is not among the inputs", n.name)
		}
	}
	return nil
}

// classify decides each node's storage.
func (p *program) classify() {
	p.store = make([]storage, len(p.nodes))
	p.base = make([]int, len(p.nodes))
	for i, n := range p.nodes {
		p.base[i] = i
		switch n.Kind() {
		case KindInput:
			p.store[i] = sInput
		case KindShared:
			p.store[i] = sShared
		case KindConst:
			p.store[i] = sConst
		default:
			_, view := n.op.(viewOp)
			switch {
			case p.groupOf[i] >= 0 && p.groups[p.groupOf[i]].root != i:
				p.store[i] = sNone
			case view:
				p.store[i] = sView
				p.base[i] = p.base[p.index[n.in[0]]]
				p.views = append(p.views, i)
			default:
				p.store[i] = sSlot
			}
		}
	}
}

// schedule lists the steps in topological order.
func (p *program) schedule() {
	// Steps on single values computed only from other single values and
	// leaves (an optimiser's bias-corrected step size, a step counter) run
	// first: they cost nothing, and run early they leave the larger steps
	// that read them free to run side by side (see fuseUpdates).
	scalar := make([]bool, len(p.nodes))
	for i, n := range p.nodes {
		scalar[i] = len(n.in) > 0 && staticShape(n.shape) && numel(n.shape) <= 1
		for _, x := range n.in {
			j := p.index[x]
			if len(p.nodes[j].in) > 0 && !scalar[j] {
				scalar[i] = false
			}
		}
	}
	for _, early := range []bool{true, false} {
		for i, n := range p.nodes {
			if p.store[i] != sSlot || scalar[i] != early {
				continue
			}
			if gid := p.groupOf[i]; gid >= 0 {
				gr := p.groups[gid]
				p.steps = append(p.steps, step{node: i, in: gr.inputs, prog: gr.prog, gid: gid})
				continue
			}
			in := make([]int, len(n.in))
			for k, x := range n.in {
				in[k] = p.index[x]
			}
			p.steps = append(p.steps, step{node: i, op: n.op, in: in, gid: -1})
		}
	}
}

// plan assigns slots to the nodes computed by steps, reusing a slot once
// its last reader has run, and letting an element-wise group write over an
// input that dies with it.
func (p *program) plan() {
	const forever = 1 << 30
	last := make([]int, len(p.nodes))
	for k, s := range p.steps {
		for _, j := range s.in {
			if isDataOf(p, s, j) {
				b := p.base[j]
				last[b] = max(last[b], k)
			}
		}
	}
	for _, o := range p.outputs {
		last[p.base[o]] = forever
	}
	for _, u := range p.updates {
		last[p.base[u.node]] = forever
	}
	p.slot = make([]int, len(p.nodes))
	p.inplace = make([]bool, len(p.steps))
	free := map[DType][]int{}
	for k, s := range p.steps {
		o := s.node
		if j, ok := p.inplaceInput(s, k, last); ok {
			p.slot[o] = p.slot[p.base[j]]
			p.inplace[k] = true
		} else if f := free[p.nodes[o].dt]; len(f) > 0 {
			p.slot[o] = f[len(f)-1]
			free[p.nodes[o].dt] = f[:len(f)-1]
		} else {
			p.slot[o] = len(p.slotDT)
			p.slotDT = append(p.slotDT, p.nodes[o].dt)
		}
		seen := map[int]bool{}
		for _, j := range s.in {
			b := p.base[j]
			if p.store[b] != sSlot || last[b] != k || seen[b] || (p.inplace[k] && p.slot[b] == p.slot[o]) {
				continue
			}
			seen[b] = true
			free[p.nodes[b].dt] = append(free[p.nodes[b].dt], p.slot[b])
		}
	}
}

// isDataOf reports whether step s reads node j's values.
func isDataOf(p *program, s step, j int) bool {
	if s.prog != nil {
		return true
	}
	n := p.nodes[s.node]
	for k, x := range n.in {
		if p.index[x] == j && isData(n, k) {
			return true
		}
	}
	return false
}

// inplaceInput finds an input of a fused step whose storage dies at step k
// and has the output's dtype and static shape, used by no other operand.
func (p *program) inplaceInput(s step, k int, last []int) (int, bool) {
	if s.prog == nil {
		return 0, false
	}
	out := p.nodes[s.node]
	count := map[int]int{}
	for _, j := range s.in {
		count[p.base[j]]++
	}
	for _, j := range s.in {
		b := p.base[j]
		x := p.nodes[j]
		if p.store[b] == sSlot && last[b] == k && count[b] == 1 && x.dt == out.dt && sameShape(x.shape, out.shape) {
			return j, true
		}
	}
	return 0, false
}

// nodeLabel describes node i for run-time errors.
func (p *program) nodeLabel(i int) string {
	n := p.nodes[i]
	return fmt.Sprintf("%s (node %d)", n.op.String(), i)
}

// failOp marks ops that can fail while the function runs (an index out of
// range). A program with one never writes into shared variables before
// its end, so that a failed call changes nothing.
type failOp interface{ mayFail() bool }

func (gatherOp) mayFail() bool     { return true }
func (scatterAddOp) mayFail() bool { return true }

// directUpdates lets an update's value be computed straight into the
// storage of the shared variable it replaces, saving a copy per call, when
// that cannot change what the function computes: the value comes from an
// element-wise step of the variable's shape, every other step reading the
// variable comes before it, the step reads the variable element by element
// in place (so each element is read before it is overwritten), and the
// variable's old value is not an output.
func (p *program) directUpdates() {
	for _, s := range p.steps {
		if f, ok := s.op.(failOp); ok && f.mayFail() {
			return
		}
	}
	stepOf := make(map[int]int, len(p.steps))
	for k, s := range p.steps {
		stepOf[s.node] = k
	}
	for ui := range p.updates {
		u := &p.updates[ui]
		k, ok := stepOf[u.node]
		if !ok || p.steps[k].prog == nil || !sameShape(p.nodes[u.node].shape, u.shared.shape) {
			continue
		}
		if p.readsAfter(u.shared, k) {
			continue
		}
		u.direct = true
		p.store[u.node] = sUpdate
		p.inplace[k] = false
	}
}

// readsAfter reports whether the old value of shared variable v could be
// read after step k has started writing: by a later step, by step k other
// than element by element, by an output, or by another update.
func (p *program) readsAfter(v *Node, k int) bool {
	vi, ok := p.index[v]
	if !ok {
		return false // nothing reads it
	}
	for _, o := range p.outputs {
		if p.base[o] == vi {
			return true
		}
	}
	for _, u := range p.updates {
		if p.base[u.node] == vi {
			return true
		}
	}
	for j, s := range p.steps {
		count := 0
		for _, in := range s.in {
			if p.base[in] == vi && isDataOf(p, s, in) {
				count++
				if j > k || (j == k && !sameShape(p.nodes[in].shape, p.nodes[s.node].shape)) {
					return true
				}
			}
		}
		if j == k && count > 1 {
			return true
		}
	}
	return false
}

// isRandom reports whether an op draws random numbers, itself or in a
// scan's step.
func isRandom(o op) bool {
	if r, ok := o.(interface{ random() bool }); ok {
		return r.random()
	}
	_, ok := o.(randomOp)
	return ok
}
