package graph

// op is the contract every primitive op meets. Op values are small
// comparable structs, so two nodes with equal ops and equal inputs compute
// the same value and can be merged.
type op interface {
	// String names the op with its parameters, e.g. "Sum{axes=[1]}".
	String() string
	// dtype checks the inputs' dtypes (and ranks or parameters) and returns
	// the output dtype.
	dtype(in []*Node) (DType, error)
	// shape computes the output shape into dst (allocating if it is too
	// small) from the inputs' shapes: static shapes with unknown dims when
	// the node is built, concrete shapes when a compiled function runs. n
	// gives access to the inputs' static shapes.
	shape(n *Node, dst []int, in [][]int) ([]int, error)
	// eval computes the output into out, whose shape is set and whose slice
	// is sized, from the input values. It does not allocate.
	eval(out *buf, in []*buf, x *ectx) error
	// grad returns, for each input, the gradient of a cost with respect to
	// it given the gradient g with respect to n, as graph nodes; nil means
	// zero (or not differentiable).
	grad(n, g *Node) []*Node
}

// viewOp marks ops whose output shares its first input's storage (reshapes
// and identities): they cost nothing at run time.
type viewOp interface{ view() }

// offsetView is implemented by views that start past the beginning of
// their input's storage: offset returns where, in elements, given the
// shapes of the view's inputs.
type offsetView interface {
	viewOp
	offset(in [][]int) int
}

// stateOp is implemented by ops that keep mutable state per frame, such
// as a scan's inner frame: newState makes it, and eval finds it in
// ectx.st.
type stateOp interface{ newState() any }

// randomOp marks ops that draw from a random stream of the graph; they are
// never folded or merged, and functions that contain them run exclusively.
type randomOp interface{ stream() int64 }

// scratchOp is implemented by ops that need temporary space while they
// run: scratch returns the number of elements of the output dtype needed
// for the given shapes.
type scratchOp interface {
	scratch(out []int, in [][]int) int
}

// ectx is what an op sees of the running function besides its values.
type ectx struct {
	g   *Graph
	st  any       // the running step's state, for a stateOp
	f32 []float32 // scratch, sized by scratchOp
	f64 []float64
	i32 []int32
	i64 []int64
}

// leafOp is shared by the leaves; they have no inputs and are never
// evaluated by a step.
type leafOp struct{}

func (leafOp) dtype([]*Node) (DType, error) { return 0, errorf(ErrGraph, "leaf built by apply") }
func (leafOp) shape(n *Node, dst []int, _ [][]int) ([]int, error) {
	return append(outShape(dst, len(n.shape))[:0], n.shape...), nil
}
func (leafOp) eval(*buf, []*buf, *ectx) error { return errorf(ErrRuntime, "leaf evaluated") }
func (leafOp) grad(*Node, *Node) []*Node      { return nil }

type (
	inputOp   struct{ leafOp }
	constOp   struct{ leafOp }
	sharedOp  struct{ leafOp }
	invalidOp struct{ leafOp }
)

func (inputOp) String() string   { return "Input" }
func (constOp) String() string   { return "Const" }
func (sharedOp) String() string  { return "Shared" }
func (invalidOp) String() string { return "Invalid" }
