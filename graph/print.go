package graph

import (
	"fmt"
	"strconv"
	"strings"
)

// Seeing graphs: DebugString prints nodes as indented trees in the spirit
// of theano.printing.debugprint, DOT as Graphviz source; the methods of
// Func of the same names show the graph after rewriting and fusion.

// printer walks a graph for printing: children and labels may describe the
// compiled form of a graph rather than its nodes.
type printer struct {
	children func(n *Node) []*Node
	label    func(n *Node) string
	ids      map[*Node]string
}

func plainPrinter() *printer {
	return &printer{children: func(n *Node) []*Node { return n.in }, label: nodeLabel, ids: map[*Node]string{}}
}

// nodeLabel names a node for printing: the op with its parameters, the
// name of an input or shared variable, the value of a small constant.
func nodeLabel(n *Node) string {
	switch n.Kind() {
	case KindInput, KindShared:
		return fmt.Sprintf("%s %q", n.op.String(), n.name)
	case KindConst:
		if numel(n.shape) == 1 {
			return "Const{" + strconv.FormatFloat(n.val.at(0), 'g', 6, 64) + "}"
		}
	}
	if n.bad {
		return "Invalid"
	}
	return n.op.String()
}

// id returns the printed id of n (A, B, …, Z, BA, …), and whether it is
// new.
func (p *printer) id(n *Node) (string, bool) {
	if s, ok := p.ids[n]; ok {
		return s, false
	}
	k := len(p.ids)
	s := ""
	for {
		s = string(rune('A'+k%26)) + s
		k /= 26
		if k == 0 {
			break
		}
	}
	p.ids[n] = s
	return s, true
}

// tree writes n and, the first time it is seen, its inputs below it.
func (p *printer) tree(b *strings.Builder, n *Node, prefix, branch, indent string) {
	if n == nil {
		b.WriteString(prefix + branch + "<nil>\n")
		return
	}
	id, fresh := p.id(n)
	fmt.Fprintf(b, "%s%s%s [id %s] %s", prefix, branch, p.label(n), id, n.typeString())
	kids := p.children(n)
	if !fresh && len(kids) > 0 {
		b.WriteString(" ···\n")
		return
	}
	b.WriteString("\n")
	for i, x := range kids {
		if i == len(kids)-1 {
			p.tree(b, x, prefix+indent, "└─ ", "   ")
		} else {
			p.tree(b, x, prefix+indent, "├─ ", "│  ")
		}
	}
}

// DebugString prints the graphs computing nodes as indented trees, one line
// per node with its op, an id, its dtype and its static shape. A node
// already printed is shown again only by its id, followed by "···".
func DebugString(nodes ...*Node) string {
	var b strings.Builder
	p := plainPrinter()
	for _, n := range nodes {
		p.tree(&b, n, "", "", "")
	}
	return b.String()
}

// DOT returns Graphviz source drawing the graphs computing nodes, edges
// pointing from inputs to the ops that use them.
func DOT(nodes ...*Node) string {
	return plainPrinter().dot(nodes, nil)
}

// dot writes the graph as Graphviz source; extra adds lines (such as
// update edges) before the closing brace.
func (p *printer) dot(roots []*Node, extra func(*strings.Builder, func(*Node) string)) string {
	var b strings.Builder
	b.WriteString("digraph G {\n  rankdir=BT;\n  node [shape=box, fontname=\"monospace\"];\n")
	seen := map[*Node]bool{}
	var walk func(n *Node)
	name := func(n *Node) string { id, _ := p.id(n); return "n" + id }
	walk = func(n *Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		shape := "box"
		switch n.Kind() {
		case KindInput:
			shape = "ellipse"
		case KindShared:
			shape = "cylinder"
		case KindConst:
			shape = "plaintext"
		}
		fmt.Fprintf(&b, "  %s [label=%q, shape=%s];\n", name(n), p.label(n)+"\n"+n.typeString(), shape)
		for _, x := range p.children(n) {
			walk(x)
			if x != nil {
				fmt.Fprintf(&b, "  %s -> %s;\n", name(x), name(n))
			}
		}
	}
	for _, r := range roots {
		walk(r)
	}
	if extra != nil {
		extra(&b, name)
	}
	b.WriteString("}\n")
	return b.String()
}

// compiledPrinter shows a program's nodes as its steps see them: a fused
// group is one node whose label is its expression over its operands.
func (p *program) printer() *printer {
	pr := &printer{ids: map[*Node]string{}}
	pr.children = func(n *Node) []*Node {
		i := p.index[n]
		if gid := p.groupOf[i]; gid >= 0 && p.groups[gid].root == i {
			kids := make([]*Node, len(p.groups[gid].inputs))
			for k, j := range p.groups[gid].inputs {
				kids[k] = p.nodes[j]
			}
			return kids
		}
		return n.in
	}
	pr.label = func(n *Node) string {
		i := p.index[n]
		s := nodeLabel(n)
		if gid := p.groupOf[i]; gid >= 0 && p.groups[gid].root == i {
			if len(p.groups[gid].members) > 1 {
				s = "Fused{" + p.groups[gid].prog.expr(len(p.groups[gid].prog.instrs)-1+p.groups[gid].prog.nin) + "}"
			}
		}
		for k, st := range p.steps {
			if st.node == i && p.inplace[k] {
				s += " (in place)"
			}
		}
		for _, u := range p.updates {
			if u.direct && u.node == i {
				s += fmt.Sprintf(" (into %q)", u.shared.name)
			}
		}
		for _, f := range p.fused {
			for _, k := range f.members() {
				if p.steps[k].node == i {
					s += " (fused " + f.kind.String() + " kernel)"
				}
			}
		}
		return s
	}
	return pr
}

// expr writes operand a of a program as an expression over its inputs
// i0, i1, ….
func (pg *ewProgram) expr(a int) string {
	if a < pg.nin {
		return "i" + strconv.Itoa(a)
	}
	ins := pg.instrs[a-pg.nin]
	args := []string{}
	for _, x := range ins.args {
		if x >= 0 {
			args = append(args, pg.expr(int(x)))
		}
	}
	name := ewOp{k: ins.k, p0: ins.p0, p1: ins.p1}.String()
	return name + "(" + strings.Join(args, ", ") + ")"
}

// DebugString prints the compiled graph: the outputs and the updates after
// rewriting, with each fused element-wise group shown as one node
// Fused{expression} over its inputs i0, i1, …, "(in place)" where a step
// writes over an input's buffer and (into "v") where an update's value is
// computed straight into the shared variable v, "(fused RMSprop kernel)"
// or "(fused Adam kernel)" where updates run as one kernel. A line counts the steps
// and the buffers; the compiled step of each Scan follows.
func (f *Func) DebugString() string {
	p := f.p
	pr := p.printer()
	var b strings.Builder
	for i, o := range p.outputs {
		fmt.Fprintf(&b, "output %d:\n", i)
		pr.tree(&b, p.nodes[o], "", "", "")
	}
	for _, u := range p.updates {
		fmt.Fprintf(&b, "update %q:\n", u.shared.name)
		pr.tree(&b, p.nodes[u.node], "", "", "")
	}
	fmt.Fprintf(&b, "%d steps, %d buffers\n", len(p.steps), len(p.slotDT))
	for _, s := range p.steps {
		if so, ok := s.op.(scanOp); ok {
			id, _ := pr.id(p.nodes[s.node])
			fmt.Fprintf(&b, "step of Scan [id %s]:\n", id)
			b.WriteString((&Func{p: so.b.prog}).DebugString())
		}
	}
	return b.String()
}

// DOT returns Graphviz source for the compiled graph, as DebugString shows
// it, with dashed edges from each update's value to its shared variable.
func (f *Func) DOT() string {
	p := f.p
	var roots []*Node
	for _, o := range p.outputs {
		roots = append(roots, p.nodes[o])
	}
	for _, u := range p.updates {
		roots = append(roots, p.nodes[u.node])
	}
	return p.printer().dot(roots, func(b *strings.Builder, name func(*Node) string) {
		for _, u := range p.updates {
			fmt.Fprintf(b, "  %s -> %s [style=dashed, label=\"update\"];\n", name(p.nodes[u.node]), name(u.shared))
		}
	})
}
