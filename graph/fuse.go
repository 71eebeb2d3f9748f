package graph

// Element-wise fusion: maximal trees of element-wise nodes of one dtype and
// one shape become a single step that runs an ewProgram chunk by chunk, so
// intermediate values never leave the L1 cache. A node joins the group of
// its consumer only if all its consumers are in that group and it is not an
// output: each group then has one output, its root, and grouping cannot
// create a cycle.

// shapeInputs is implemented by ops that read only the shape of some
// inputs; those inputs are not data dependencies.
type shapeInputs interface{ shapeOnly(i int) bool }

func (o ewOp) shapeOnly(i int) bool        { return o.k == kIdentity && i == 1 }
func (countOp) shapeOnly(int) bool         { return true }
func (reshapeLikeOp) shapeOnly(i int) bool { return i == 1 }

// isData reports whether input i of n is read for its values.
func isData(n *Node, i int) bool {
	if s, ok := n.op.(shapeInputs); ok {
		return !s.shapeOnly(i)
	}
	return true
}

// group is a set of fused element-wise nodes, by index in the schedule.
type group struct {
	root    int
	members []int // ascending, so inputs come before their users
	inputs  []int // data operands computed outside the group
	prog    *ewProgram
}

// fuseGroups partitions the element-wise nodes of a topologically sorted
// node list into groups. index maps nodes to positions; consumers lists the data consumers of each node;
// pinned marks nodes that must keep their own storage (outputs, update
// values). It returns each node's group (-1 for none) and the groups.
func fuseGroups(nodes []*Node, index map[*Node]int, consumers [][]int, pinned []bool) ([]int, []*group) {
	groupOf := make([]int, len(nodes))
	for i := range groupOf {
		groupOf[i] = -1
	}
	var groups []*group
	for i := len(nodes) - 1; i >= 0; i-- {
		n := nodes[i]
		if _, ok := n.op.(ewOp); !ok || groupOf[i] >= 0 {
			continue
		}
		gid := len(groups)
		gr := &group{root: i}
		groups = append(groups, gr)
		groupOf[i] = gid
		ext := map[int]bool{} // the group's data operands from outside
		addExt(ext, nodes, index, i, groupOf, gid)
		stack := []int{i}
		for len(stack) > 0 {
			m := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			gr.members = append(gr.members, m)
			for k, x := range nodes[m].in {
				j := index[x]
				if !isData(nodes[m], k) || !canJoin(nodes, j, gid, n, groupOf, consumers, pinned) {
					continue
				}
				if len(ext)-1+newExt(ext, nodes, index, j) > maxFusedInputs {
					continue
				}
				groupOf[j] = gid
				delete(ext, j)
				addExt(ext, nodes, index, j, groupOf, gid)
				stack = append(stack, j)
			}
		}
		sortInts(gr.members)
	}
	return groupOf, groups
}

// maxFusedInputs bounds the operands a fused group reads: each needs a
// register while the group runs, and all stay alive until it does, so a
// long chain (a sum of many gradients) is cut into several groups.
const maxFusedInputs = 16

// addExt records the data inputs of node m that are outside group gid.
func addExt(ext map[int]bool, nodes []*Node, index map[*Node]int, m int, groupOf []int, gid int) {
	for k, x := range nodes[m].in {
		if j := index[x]; isData(nodes[m], k) && groupOf[j] != gid {
			ext[j] = true
		}
	}
}

// newExt counts the data inputs of node j not yet among ext.
func newExt(ext map[int]bool, nodes []*Node, index map[*Node]int, j int) int {
	n := 0
	for k, x := range nodes[j].in {
		if i := index[x]; isData(nodes[j], k) && !ext[i] {
			n++
		}
	}
	return n
}

// canJoin reports whether node j may join group gid rooted at root.
func canJoin(nodes []*Node, j, gid int, root *Node, groupOf []int, consumers [][]int, pinned []bool) bool {
	p := nodes[j]
	if _, ok := p.op.(ewOp); !ok || groupOf[j] >= 0 || pinned[j] {
		return false
	}
	if p.dt != root.dt || !sameShape(p.shape, root.shape) {
		return false
	}
	for _, c := range consumers[j] {
		if groupOf[c] != gid {
			return false
		}
	}
	return true
}

func sortInts(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// buildProgram turns a group into an ewProgram.
func buildProgram(nodes []*Node, index map[*Node]int, gr *group, groupOf []int, gid int) {
	operand := make(map[int]int32)
	for _, m := range gr.members {
		n := nodes[m]
		for k, x := range n.in {
			j := index[x]
			if !isData(n, k) || groupOf[j] == gid {
				continue
			}
			if _, ok := operand[j]; !ok {
				operand[j] = int32(len(gr.inputs))
				gr.inputs = append(gr.inputs, j)
			}
		}
	}
	root := nodes[gr.root]
	p := &ewProgram{dt: root.dt, nin: len(gr.inputs), isConst: make([]bool, len(gr.inputs))}
	for k, j := range gr.inputs {
		p.isConst[k] = nodes[j].Kind() == KindConst
	}
	for pos, m := range gr.members {
		operand[m] = int32(p.nin + pos)
	}
	for _, m := range gr.members {
		n := nodes[m]
		o := n.op.(ewOp)
		ins := ewInstr{k: o.k, p0: o.p0, p1: o.p1, args: [3]int32{-1, -1, -1}}
		a := 0
		for k, x := range n.in {
			if isData(n, k) {
				ins.args[a] = operand[index[x]]
				a++
			}
		}
		p.instrs = append(p.instrs, ins)
	}
	gr.prog = p
}
