package graph

import (
	"sync"
	"sync/atomic"

	"github.com/gokeras/gokeras/tensor"
)

// Graph owns a family of nodes: it numbers them, holds the first error made
// while building them, and guards the state that compiled functions share —
// the values of shared variables and the streams of random ops.
//
// Nodes may be built, differentiated and compiled from several goroutines,
// but a graph is usually built by one. Compiled functions may be called
// concurrently; see Func for the rules.
type Graph struct {
	ids     atomic.Int64
	streams atomic.Int64 // random streams handed out

	errMu sync.Mutex
	err   error

	// state guards shared values and random streams. Functions that update
	// shared variables or draw random numbers hold it exclusively while
	// they run; the others hold it shared.
	state sync.RWMutex
	seed  uint64
	rngs  map[int64]*tensor.RNG
}

// New returns an empty graph whose random ops are seeded with 0; see
// Graph.SetSeed.
func New() *Graph { return &Graph{} }

// Err returns the first error made while building nodes of g, or nil. The
// error is an *OpError naming the op, its inputs and the caller's file and
// line. Function refuses to compile a graph with an error.
func (g *Graph) Err() error {
	g.errMu.Lock()
	defer g.errMu.Unlock()
	return g.err
}

// fail records err if it is the first error of g.
func (g *Graph) fail(err error) {
	g.errMu.Lock()
	if g.err == nil {
		g.err = err
	}
	g.errMu.Unlock()
}

// SetSeed restarts every random stream of g from seed: the random ops of
// compiled functions then draw the same numbers as in any other run that
// set the same seed and made the same calls. It waits for running functions
// that use the streams.
func (g *Graph) SetSeed(seed uint64) {
	g.state.Lock()
	g.seed = seed
	g.rngs = nil
	g.state.Unlock()
}

// rng returns the generator of a random stream, creating it from the seed
// on first use. The caller holds g.state exclusively.
func (g *Graph) rng(stream int64) *tensor.RNG {
	r := g.rngs[stream]
	if r == nil {
		if g.rngs == nil {
			g.rngs = make(map[int64]*tensor.RNG)
		}
		r = tensor.NewRNG(g.seed).Child(uint64(stream))
		g.rngs[stream] = r
	}
	return r
}

// newNode returns a node of g with a fresh id.
func (g *Graph) newNode(o op, ins []*Node, dt DType, shape []int) *Node {
	return &Node{g: g, id: g.ids.Add(1), op: o, in: ins, dt: dt, shape: shape}
}

// invalid returns the placeholder node that stands for a failed build; ops
// given one return another without recording a second error.
func (g *Graph) invalid() *Node {
	n := g.newNode(invalidOp{}, nil, Float32, nil)
	n.bad = true
	return n
}

// graphOf returns the graph the nodes belong to, an error if some are nil
// or from different graphs, or a nil graph if every node is nil.
func graphOf(ins []*Node) (*Graph, error) {
	var g *Graph
	var err error
	for i, n := range ins {
		switch {
		case n == nil:
			err = errorf(ErrGraph, "input %d is nil", i)
		case g == nil:
			g = n.g
		case n.g != g:
			err = errorf(ErrGraph, "input %d belongs to another graph", i)
		}
	}
	return g, err
}

// apply builds the node of op o over ins after checking their types. On
// failure it records an *OpError in the graph and returns an invalid node;
// if every input is nil there is no graph to record the error in and it
// returns nil.
func apply(o op, ins ...*Node) *Node {
	g, err := graphOf(ins)
	if g == nil {
		return nil
	}
	if err != nil {
		g.fail(newOpError(o.String(), ins, err))
		return g.invalid()
	}
	for _, x := range ins {
		if x.bad {
			return g.invalid()
		}
	}
	ins = append([]*Node(nil), ins...)
	n, err := build(g, o, ins)
	if err != nil {
		g.fail(newOpError(o.String(), ins, err))
		return g.invalid()
	}
	return n
}

// build infers the dtype and static shape of o over ins and makes the node.
func build(g *Graph, o op, ins []*Node) (*Node, error) {
	dt, err := o.dtype(ins)
	if err != nil {
		return nil, err
	}
	n := g.newNode(o, ins, dt, nil)
	st := make([][]int, len(ins))
	for i, x := range ins {
		st[i] = x.shape
	}
	shape, err := o.shape(n, nil, st)
	if err != nil {
		return nil, err
	}
	if len(shape) > maxRank {
		return nil, errorf(ErrShape, "rank %d exceeds the maximum of %d", len(shape), maxRank)
	}
	n.shape = shape
	return n, nil
}

// failf records an error for op over ins, unless an input is already
// invalid, and returns an invalid node (nil if there is no graph).
func failf(opName string, ins []*Node, err error) *Node {
	g, gerr := graphOf(ins)
	if g == nil {
		return nil
	}
	if gerr != nil {
		err = gerr
	}
	for _, x := range ins {
		if x != nil && x.bad {
			return g.invalid()
		}
	}
	g.fail(newOpError(opName, ins, err))
	return g.invalid()
}
