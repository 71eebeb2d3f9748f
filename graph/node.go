package graph

import (
	"fmt"
	"slices"
)

// Node is a symbolic value: an input, a constant, a shared variable, or the
// result of an op applied to other nodes. It has a dtype and a static shape
// in which a dimension may be Unknown (-1). Nodes are immutable; building
// them never computes.
type Node struct {
	g     *Graph
	id    int64
	op    op
	in    []*Node
	dt    DType
	shape []int
	name  string
	val   *buf // a constant's value or a shared variable's storage
	bad   bool // stands for a failed build
}

// Kind tells what a node is.
type Kind uint8

// The kinds of nodes.
const (
	KindOp     Kind = iota // the result of an op
	KindInput              // a value passed to each call of a compiled function
	KindConst              // a constant
	KindShared             // a shared variable
)

// Graph returns the graph n belongs to.
func (n *Node) Graph() *Graph { return n.g }

// DType returns the element type of n.
func (n *Node) DType() DType { return n.dt }

// Shape returns a copy of the static shape of n; unknown dimensions are -1.
func (n *Node) Shape() []int { return slices.Clone(n.shape) }

// Rank returns the number of dimensions of n.
func (n *Node) Rank() int { return len(n.shape) }

// Dim returns the static size of dimension i of n (-1 if unknown); a
// negative i counts from the end. It panics if i is out of range, as slice
// indexing does.
func (n *Node) Dim(i int) int {
	if i < 0 {
		i += len(n.shape)
	}
	return n.shape[i]
}

// Name returns the name given to an input or shared variable, or "".
func (n *Node) Name() string { return n.name }

// Kind reports whether n is an input, a constant, a shared variable or the
// result of an op.
func (n *Node) Kind() Kind {
	switch n.op.(type) {
	case inputOp:
		return KindInput
	case constOp:
		return KindConst
	case sharedOp:
		return KindShared
	}
	return KindOp
}

// Op returns the name of the op that computes n with its parameters, as
// printed in graphs: "Input", "Const", "Shared", "MatMul", "Sum{axes=[1]}".
func (n *Node) Op() string { return n.op.String() }

// Inputs returns the nodes n is computed from.
func (n *Node) Inputs() []*Node { return slices.Clone(n.in) }

// Valid reports whether n was built without error. A node returned by an op
// given wrong inputs is invalid; the error is in its graph's Err.
func (n *Node) Valid() bool { return n != nil && !n.bad }

// String returns a one-line description: the name or op, the dtype and the
// shape, e.g. "x float32 (None, 100)".
func (n *Node) String() string {
	if n == nil {
		return "<nil>"
	}
	label := n.name
	if label == "" {
		label = n.op.String()
	}
	return fmt.Sprintf("%s %s", label, n.typeString())
}

// typeString returns the dtype and shape, e.g. "float32 (None, 100)".
func (n *Node) typeString() string {
	if n.bad {
		return "invalid"
	}
	return n.dt.String() + " " + shapeStr(n.shape)
}
