package graph

import "math"

// allRules are the local rewrites Function and Grad apply, in the order
// they are tried at each node.
var allRules = []rule{
	{"stable_log_sigmoid", stableLogSigmoid},
	{"stable_log1m_sigmoid", stableLog1mSigmoid},
	{"stable_log_softmax", stableLogSoftmax},
	{"stable_softplus", stableSoftplus},
	{"softmax_renormalise", softmaxRenormalise},
	{"identity_arith", identityArith},
	{"double_neg", doubleNeg},
	{"broadcast_noop", broadcastNoop},
	{"reshape_chain", reshapeChain},
}

// ewKindOf returns the element-wise kind of n, or false.
func ewKindOf(n *Node) (ewOp, bool) {
	o, ok := n.op.(ewOp)
	return o, ok
}

func isKind(n *Node, k ewKind) bool {
	o, ok := n.op.(ewOp)
	return ok && o.k == k && len(n.in) == ewTable[k].arity
}

// isScalar reports whether n is a one-element constant equal to v.
func isScalar(n *Node, v float64) bool {
	return n.Kind() == KindConst && numel(n.shape) == 1 && n.val.at(0) == v
}

// negSoftplus returns −softplus(s·x) = log(sigmoid(−s·x))… built for the
// sigmoid rewrites: log(sigmoid(x)) = −softplus(−x) and
// log(1 − sigmoid(x)) = −softplus(x).
func negSoftplus(x *Node, negate bool) *Node {
	if negate {
		x = Neg(x)
	}
	return Neg(Softplus(x))
}

// stableLogSigmoid: log(sigmoid(x)) → −softplus(−x), and with the clip
// Keras puts around probabilities, log(clip(sigmoid(x), lo, hi)) →
// clip(−softplus(−x), log lo, log hi), which is the same function.
func stableLogSigmoid(n *Node) *Node {
	if !isKind(n, kLog) {
		return nil
	}
	p := n.in[0]
	if isKind(p, kSigmoid) {
		return negSoftplus(p.in[0], true)
	}
	if c, ok := ewKindOf(p); ok && c.k == kClip && c.p0 > 0 && isKind(p.in[0], kSigmoid) {
		return Clip(negSoftplus(p.in[0].in[0], true), math.Log(c.p0), math.Log(c.p1))
	}
	return nil
}

// stableLog1mSigmoid: log(1 − sigmoid(x)) → −softplus(x), also through a
// clip: log(1 − clip(sigmoid(x), lo, hi)) → clip(−softplus(x),
// log(1−hi), log(1−lo)); and log1p(−sigmoid(x)) → −softplus(x).
func stableLog1mSigmoid(n *Node) *Node {
	var q *Node
	switch {
	case isKind(n, kLog) && isKind(n.in[0], kSub) && isScalar(n.in[0].in[0], 1):
		q = n.in[0].in[1]
	case isKind(n, kLog1p) && isKind(n.in[0], kNeg):
		q = n.in[0].in[0]
	default:
		return nil
	}
	if !sameShape(q.shape, n.shape) {
		return nil
	}
	if isKind(q, kSigmoid) {
		return negSoftplus(q.in[0], false)
	}
	if c, ok := ewKindOf(q); ok && c.k == kClip && c.p1 < 1 && isKind(q.in[0], kSigmoid) {
		return Clip(negSoftplus(q.in[0].in[0], false), math.Log(1-c.p1), math.Log(1-c.p0))
	}
	return nil
}

// stableLogSoftmax: log(softmax(x)) → log_softmax(x), and
// log(clip(softmax(x), lo, hi)) → clip(log_softmax(x), log lo, log hi).
func stableLogSoftmax(n *Node) *Node {
	if !isKind(n, kLog) {
		return nil
	}
	p := n.in[0]
	if o, ok := p.op.(softmaxOp); ok && !o.log {
		return LogSoftmax(p.in[0], int(o.axis))
	}
	if c, ok := ewKindOf(p); ok && c.k == kClip && c.p0 > 0 {
		if o, ok := p.in[0].op.(softmaxOp); ok && !o.log {
			return Clip(LogSoftmax(p.in[0].in[0], int(o.axis)), math.Log(c.p0), math.Log(c.p1))
		}
	}
	return nil
}

// stableSoftplus: log1p(exp(x)) and log(1 + exp(x)) → softplus(x).
func stableSoftplus(n *Node) *Node {
	switch {
	case isKind(n, kLog1p) && isKind(n.in[0], kExp):
		return Softplus(n.in[0].in[0])
	case isKind(n, kLog) && isKind(n.in[0], kAdd):
		a, b := n.in[0].in[0], n.in[0].in[1]
		if isScalar(a, 1) && isKind(b, kExp) && sameShape(b.shape, n.shape) {
			return Softplus(b.in[0])
		}
		if isScalar(b, 1) && isKind(a, kExp) && sameShape(a.shape, n.shape) {
			return Softplus(a.in[0])
		}
	}
	return nil
}

// softmaxRenormalise: softmax(x)/Σsoftmax(x) over the same axis (what
// Keras's categorical cross-entropy does to its input) → softmax(x).
func softmaxRenormalise(n *Node) *Node {
	if !isKind(n, kDiv) {
		return nil
	}
	p, s := n.in[0], n.in[1]
	o, ok := p.op.(softmaxOp)
	r, ok2 := s.op.(reduceOp)
	if ok && !o.log && ok2 && r.k == rSum && r.keep && r.axes == 1<<o.axis && s.in[0] == p {
		return p
	}
	return nil
}

// identityArith: x+0, 0+x, x−0, x·1, 1·x, x/1 → x when the constant does
// not change the shape.
func identityArith(n *Node) *Node {
	o, ok := ewKindOf(n)
	if !ok || len(n.in) != 2 {
		return nil
	}
	a, b := n.in[0], n.in[1]
	pick := func(x *Node) *Node {
		if sameShape(x.shape, n.shape) {
			return x
		}
		return nil
	}
	switch o.k {
	case kAdd:
		if isScalar(b, 0) {
			return pick(a)
		}
		if isScalar(a, 0) {
			return pick(b)
		}
	case kSub:
		if isScalar(b, 0) {
			return pick(a)
		}
	case kMul:
		if isScalar(b, 1) {
			return pick(a)
		}
		if isScalar(a, 1) {
			return pick(b)
		}
	case kDiv:
		if isScalar(b, 1) {
			return pick(a)
		}
	}
	return nil
}

// doubleNeg: −(−x) → x.
func doubleNeg(n *Node) *Node {
	if isKind(n, kNeg) && isKind(n.in[0], kNeg) {
		return n.in[0].in[0]
	}
	return nil
}

// broadcastNoop: broadcasting x to its own shape → x.
func broadcastNoop(n *Node) *Node {
	if o, ok := ewKindOf(n); ok && o.k == kIdentity && len(n.in) == 2 && sameShape(n.in[0].shape, n.shape) {
		return n.in[0]
	}
	return nil
}

// reshapeChain: a view of a view collapses, and a view to the same static
// shape with no unknown dimension disappears.
func reshapeChain(n *Node) *Node {
	if _, ok := n.op.(viewOp); !ok || len(n.in) == 0 {
		return nil
	}
	if _, ok := n.op.(stopGradOp); ok {
		return nil
	}
	if _, ok := n.op.(offsetView); ok {
		return nil
	}
	x := n.in[0]
	if sameShape(x.shape, n.shape) && known(n.shape) {
		return x
	}
	if _, ok := n.op.(reshapeOp); ok {
		if _, inner := x.op.(reshapeOp); inner {
			return apply(n.op, x.in[0])
		}
	}
	return nil
}
