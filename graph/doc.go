// Package graph is gokeras's symbolic compiler, in the manner of Theano: a
// program declares symbolic inputs and shared variables, builds expressions
// over them, asks for gradients, and compiles a function from inputs to
// outputs with updates that then runs on the kernels without allocating.
//
// # Building
//
// A Graph holds nodes. Inputs (Graph.Input) stand for values passed to each
// call and may have unknown dimensions (Unknown, -1), typically the batch
// dimension; constants (Graph.Const, Graph.Scalar, ScalarLike) hold fixed
// values; shared variables (Graph.Shared) hold state that outlives calls —
// weights, optimiser slots, statistics. Ops are package functions over
// nodes — Add, MatMul, Sum, Softmax, Gather, Relu … — that check dtypes and
// shapes and infer the result's static shape; they never compute.
//
// Convolutions and pooling (Conv2D, MaxPool2D, AvgPool2D) work on
// channels-last data as Keras does. Scan is Theano's symbolic loop for
// recurrent layers: a step function run over the leading axis of its
// sequences, carrying state from step to step.
//
// Element types are Float32 (the fast path), Float64 (used by gradient
// checks), Int32 and Int64 (labels, indices, counters). Binary ops
// broadcast as numpy does, except that a dimension broadcasts only if it is
// statically 1, as in Theano: which axes a gradient sums over is then known
// when the graph is built.
//
// Building never returns errors and never panics on a mistake: an op given
// inputs that cannot work records an *OpError in its graph — the op, the
// inputs' dtypes and shapes, and the caller's file and line — and returns an
// invalid node, which later ops pass along silently. Graph.Err reports the
// first error and Function refuses to compile a graph that has one.
//
// # Differentiating
//
// Grad(cost, wrt...) returns the gradients of a scalar cost as nodes of the
// same graph, so they are rewritten and compiled with everything else and
// can be differentiated again.
//
// # Compiling
//
// Function(inputs, outputs, updates, givens) compiles a Func: it rewrites
// the graph (constant folding, merging identical sub-expressions,
// numerically stable forms such as log(sigmoid(x)) → −softplus(−x) and
// log(softmax(x)) → log_softmax(x), algebraic simplification), fuses trees
// of element-wise ops into programs that run chunk by chunk in one pass
// over memory, orders the steps, and assigns buffers by liveness, letting an
// element-wise step write over an input that dies with it. A warm call
// allocates nothing. Updates follow Theano's semantics: every output and
// every update is computed from the values before the call. Funcs are safe
// for concurrent use: calls that update shared variables or draw random
// numbers run one at a time, the others in parallel.
//
// An optimiser's update of a weight is two or three element-wise programs
// written into the weight and its slots. When they are RMSprop's or Adam's
// update rule, the compiler runs them as one fused kernel that computes
// every element in registers with the same operations in the same order:
// the same bits, a fraction of the time.
//
// # Seeing what runs
//
// DebugString and DOT print a graph as text or Graphviz source; the methods
// of Func of the same names print the compiled graph. Func.SetProfiling
// and Func.Profile time each compiled step over the calls, as Theano's
// profile=True.
package graph
