package graph

import (
	"slices"
)

// Input returns a symbolic input of g: a value passed to each call of a
// compiled function. Any dimension of shape may be Unknown (-1), typically
// the batch dimension; the others are checked against every value passed.
func (g *Graph) Input(name string, dt DType, shape ...int) *Node {
	if err := checkLeaf(dt, shape, true); err != nil {
		g.fail(newOpError("Input", nil, err))
		return g.invalid()
	}
	n := g.newNode(inputOp{}, nil, dt, slices.Clone(shape))
	n.name = name
	return n
}

// checkLeaf validates a leaf's dtype and shape.
func checkLeaf(dt DType, shape []int, unknownOK bool) error {
	if !dt.valid() {
		return errorf(ErrDType, "unknown dtype %v", dt)
	}
	if len(shape) > maxRank {
		return errorf(ErrShape, "rank %d exceeds the maximum of %d", len(shape), maxRank)
	}
	for _, d := range shape {
		if d < -1 || (d == -1 && !unknownOK) {
			return errorf(ErrShape, "invalid dimension %d in %s", d, shapeStr(shape))
		}
	}
	return nil
}

// Const returns a constant holding a copy of value, a *tensor.Tensor of any
// element type.
func (g *Graph) Const(value any) *Node {
	b, err := bufOf(value)
	if err == nil {
		err = checkLeaf(b.dt, b.shape, false)
	}
	if err != nil {
		g.fail(newOpError("Const", nil, err))
		return g.invalid()
	}
	return g.constBuf(b)
}

// constBuf makes a constant node that owns b.
func (g *Graph) constBuf(b *buf) *Node {
	n := g.newNode(constOp{}, nil, b.dt, slices.Clone(b.shape))
	n.val = b
	return n
}

// Scalar returns a rank-0 constant of dtype dt holding v.
func (g *Graph) Scalar(v float64, dt DType) *Node {
	if !dt.valid() {
		g.fail(newOpError("Scalar", nil, errorf(ErrDType, "unknown dtype %v", dt)))
		return g.invalid()
	}
	b := newBuf(dt, nil)
	b.fill(v)
	return g.constBuf(b)
}

// ScalarLike returns a rank-0 constant holding v in the graph and dtype of
// x, for arithmetic with x: Mul(x, ScalarLike(x, 0.5)).
func ScalarLike(x *Node, v float64) *Node {
	if x == nil {
		return nil
	}
	if x.bad {
		return x.g.invalid()
	}
	return x.g.Scalar(v, x.dt)
}

// Shared returns a shared variable of g named name, holding a copy of
// value, a *tensor.Tensor of any element type. Its value outlives calls of
// compiled functions: the functions read it and their updates replace it.
// Its shape is fixed.
func (g *Graph) Shared(name string, value any) *Node {
	b, err := bufOf(value)
	if err == nil {
		err = checkLeaf(b.dt, b.shape, false)
	}
	if err != nil {
		g.fail(newOpError("Shared", nil, err))
		return g.invalid()
	}
	n := g.newNode(sharedOp{}, nil, b.dt, slices.Clone(b.shape))
	n.name = name
	n.val = b
	return n
}

// Value returns a copy of the value of a shared variable or a constant, as
// a *tensor.Tensor of its element type (for example
// *tensor.Tensor[float32]), or nil for other nodes. It waits for running
// functions that update shared variables.
func (n *Node) Value() any {
	if n == nil || n.val == nil {
		return nil
	}
	n.g.state.RLock()
	defer n.g.state.RUnlock()
	return n.val.tensorOf()
}

// SetValue replaces the value of the shared variable n with a copy of v, a
// *tensor.Tensor of n's element type and shape. It waits for running
// functions that use shared variables.
func (n *Node) SetValue(v any) error {
	if n == nil || n.Kind() != KindShared {
		return errorf(ErrGraph, "SetValue: %v is not a shared variable", n)
	}
	b, err := bufOf(v)
	if err != nil {
		return err
	}
	if b.dt != n.dt || !slices.Equal(b.shape, n.shape) {
		return errorf(ErrInput, "SetValue of %q: expected %s %s, received %s %s",
			n.name, n.dt, shapeStr(n.shape), b.dt, shapeStr(b.shape))
	}
	n.g.state.Lock()
	n.val.copyFrom(b)
	n.g.state.Unlock()
	return nil
}
