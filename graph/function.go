package graph

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Update asks a compiled function to replace the value of the shared
// variable Var with the value of Value after each call.
type Update struct {
	Var, Value *Node
}

// Given asks Function to compile the graph with Value in place of Var.
type Given struct {
	Var, Value *Node
}

// Func is a compiled function from input values to output values, with
// updates of shared variables: Theano's function. Build one with Function.
//
// A call binds the input tensors without copying them, runs a fixed
// schedule of kernels over buffers planned by liveness, copies the outputs
// out and then applies the updates. Buffers are sized for the largest batch
// seen and reused, so a warm call whose inputs are no larger than before
// allocates nothing (CallInto; Call allocates only its result tensors).
//
// A Func is safe for concurrent use. Each concurrent call runs in its own
// frame of buffers from a pool. Calls of functions that update shared
// variables or draw random numbers hold their graph's state exclusively;
// other calls share it, so many goroutines can predict at once while a
// training call waits for them, and none of them sees an update half done.
type Func struct {
	p    *program
	mu   sync.Mutex
	free []*frame
	prof atomic.Pointer[profData] // step timings, while profiling
}

// Function compiles a function of the given inputs (nodes made by
// Graph.Input) that computes outputs and then applies updates, every update
// reading the values from before the call. givens replace nodes by others
// before compiling.
//
// Compiling rewrites the graph — constant folding, merging of identical
// sub-expressions, numerically stable forms, algebraic simplification —,
// fuses chains of element-wise ops into single passes over memory, orders
// the steps and plans the buffers. It returns the graph's first build error
// if there is one, or an error for an input that is missing or not an
// Input, an update of something other than a shared variable or with a
// value of another dtype or shape, or nodes of different graphs.
func Function(inputs, outputs []*Node, updates []Update, givens []Given) (*Func, error) {
	g, err := checkFunction(inputs, outputs, updates, givens)
	if err != nil {
		return nil, err
	}
	rw := newRewriter(g, nil, allRules)
	for _, gv := range givens {
		rw.memo[gv.Var] = rw.node(gv.Value)
	}
	outs := make([]*Node, len(outputs))
	for i, o := range outputs {
		outs[i] = rw.node(o)
	}
	upds := make([]Update, len(updates))
	for i, u := range updates {
		v := rw.node(u.Value)
		if ownsNoStorage(v) {
			v = apply(copyOp{}, v)
		}
		upds[i] = Update{Var: u.Var, Value: v}
	}
	if err := g.Err(); err != nil {
		return nil, err
	}
	p, err := compile(g, inputs, outs, upds)
	if err != nil {
		return nil, fmt.Errorf("graph: Function: %w", err)
	}
	return &Func{p: p}, nil
}

// checkFunction validates the arguments of Function and returns their
// graph.
func checkFunction(inputs, outputs []*Node, updates []Update, givens []Given) (*Graph, error) {
	var all []*Node
	all = append(append(all, inputs...), outputs...)
	for _, u := range updates {
		all = append(all, u.Var, u.Value)
	}
	for _, gv := range givens {
		all = append(all, gv.Var, gv.Value)
	}
	g, err := graphOf(all)
	if g == nil {
		return nil, errorf(ErrArg, "Function: no nodes")
	}
	if err != nil {
		return nil, fmt.Errorf("graph: Function: %w", err)
	}
	if err := g.Err(); err != nil {
		return nil, err
	}
	seen := map[*Node]bool{}
	for i, u := range updates {
		if u.Var.Kind() != KindShared {
			return nil, errorf(ErrArg, "Function: updates[%d] updates %v, which is not a shared variable", i, u.Var)
		}
		if seen[u.Var] {
			return nil, errorf(ErrArg, "Function: shared variable %q is updated twice", u.Var.name)
		}
		seen[u.Var] = true
		if err := compatible(u.Var, u.Value); err != nil {
			return nil, fmt.Errorf("graph: Function: updates[%d] of %q: %w", i, u.Var.name, err)
		}
	}
	for i, gv := range givens {
		if err := compatible(gv.Var, gv.Value); err != nil {
			return nil, fmt.Errorf("graph: Function: givens[%d]: %w", i, err)
		}
	}
	return g, nil
}

// compatible checks that value can stand where v is: same dtype and rank,
// and dimensions that can be equal.
func compatible(v, value *Node) error {
	ok := v.dt == value.dt && len(v.shape) == len(value.shape)
	for i := 0; ok && i < len(v.shape); i++ {
		_, ok = mergeDim(v.shape[i], value.shape[i])
	}
	if !ok {
		return errorf(ErrShape, "expected %s, received %s", v.typeString(), value.typeString())
	}
	return nil
}

// ownsNoStorage reports whether n's value lives in a leaf (possibly
// through views), so that an update of it needs its own copy.
func ownsNoStorage(n *Node) bool {
	for {
		if len(n.in) == 0 {
			return true
		}
		if _, ok := n.op.(viewOp); !ok {
			return false
		}
		n = n.in[0]
	}
}

// Call runs the function on the input tensors (one *tensor.Tensor per
// input, of its dtype and a shape matching its static shape) and returns
// the outputs as new tensors the caller owns.
func (f *Func) Call(inputs ...any) ([]any, error) {
	outs := make([]any, len(f.p.outputs))
	if err := f.call(outs, true, inputs); err != nil {
		return nil, err
	}
	return outs, nil
}

// CallInto runs the function on the input tensors and copies the outputs
// into the caller's tensors, which must have the outputs' dtypes and
// shapes. Once warm it allocates nothing.
func (f *Func) CallInto(outputs []any, inputs ...any) error {
	if len(outputs) != len(f.p.outputs) {
		return errorf(ErrInput, "CallInto: expected %d outputs, received %d", len(f.p.outputs), len(outputs))
	}
	return f.call(outputs, false, inputs)
}

func (f *Func) call(outs []any, fresh bool, ins []any) error {
	p := f.p
	if len(ins) != len(p.inputs) {
		return errorf(ErrInput, "expected %d inputs, received %d", len(p.inputs), len(ins))
	}
	if p.excl {
		p.g.state.Lock()
		defer p.g.state.Unlock()
	} else {
		p.g.state.RLock()
		defer p.g.state.RUnlock()
	}
	fr := f.get()
	defer f.put(fr)
	// Everything that can be checked is checked before any step runs, so
	// that a failed call changes no shared variable.
	if err := fr.prepare(ins); err != nil {
		return err
	}
	for i, o := range p.outputs {
		if !fresh {
			if err := copyOut(outs[i], &fr.vals[o], true); err != nil {
				return fmt.Errorf("graph: output %d: %w", i, err)
			}
		}
	}
	for _, u := range p.updates {
		if v := &fr.vals[u.node]; !equalInts(v.shape, u.shared.shape) {
			return errorf(ErrShape, "update of %q: expected shape %s, computed %s", u.shared.name, shapeStr(u.shared.shape), shapeStr(v.shape))
		}
	}
	if err := fr.exec(f.prof.Load()); err != nil {
		return err
	}
	for i, o := range p.outputs {
		if fresh {
			outs[i] = fr.vals[o].tensorOf()
		} else {
			_ = copyOut(outs[i], &fr.vals[o], false) // checked above
		}
	}
	for _, u := range p.updates {
		if !u.direct {
			u.shared.val.copyFrom(&fr.vals[u.node])
		}
	}
	return nil
}

// get takes a frame from the pool, or makes one.
func (f *Func) get() *frame {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := len(f.free); n > 0 {
		fr := f.free[n-1]
		f.free = f.free[:n-1]
		return fr
	}
	return newFrame(f.p)
}

// put returns a frame to the pool.
func (f *Func) put(fr *frame) {
	f.mu.Lock()
	f.free = append(f.free, fr)
	f.mu.Unlock()
}

// copyOp copies its input into a buffer of its own; the compiler inserts it
// where an update's value would otherwise live in another variable.
type copyOp struct{}

func (copyOp) String() string                  { return "Copy" }
func (copyOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }
func (copyOp) grad(_, g *Node) []*Node         { return []*Node{g} }
func (copyOp) eval(out *buf, in []*buf, _ *ectx) error {
	out.copyFrom(in[0])
	return nil
}

func (copyOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0]))
	copy(dst, in[0])
	return dst, nil
}
