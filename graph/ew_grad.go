package graph

import "math"

// grad returns the vector-Jacobian products of an element-wise op, built
// from graph nodes so that they can be differentiated again.
func (o ewOp) grad(n, g *Node) []*Node {
	in := n.in
	x := in[0]
	c := func(v float64) *Node { return ScalarLike(g, v) }
	switch o.k {
	case kIdentity:
		if len(in) == 2 {
			return []*Node{unbroadcast(g, x), nil}
		}
		return []*Node{g}
	case kNeg:
		return []*Node{Neg(g)}
	case kAbs:
		return []*Node{Mul(g, Sign(x))}
	case kSqrt:
		return []*Node{Div(g, Mul(c(2), n))}
	case kSquare:
		return []*Node{Mul(g, Mul(c(2), x))}
	case kExp:
		return []*Node{Mul(g, n)}
	case kLog:
		return []*Node{Div(g, x)}
	case kLog1p:
		return []*Node{Div(g, Add(x, c(1)))}
	case kExpm1:
		return []*Node{Mul(g, Add(n, c(1)))}
	case kErf:
		return []*Node{Mul(g, Mul(c(2/math.Sqrt(math.Pi)), Exp(Neg(Square(x)))))}
	case kRelu:
		return []*Node{ew(kReluGrad, n, g)}
	case kSigmoid:
		return []*Node{ew(kSigmoidGrad, n, g)}
	case kTanh:
		return []*Node{ew(kTanhGrad, n, g)}
	case kSoftplus:
		return []*Node{Mul(g, Sigmoid(x))}
	case kClip:
		return []*Node{Mul(g, Mul(GreaterEqual(x, c(o.p0)), LessEqual(x, c(o.p1))))}
	case kReluGrad:
		return []*Node{nil, ew(kReluGrad, x, g)}
	case kSigmoidGrad: // dy·y·(1−y)
		dy := in[1]
		return []*Node{Mul(Mul(g, dy), Sub(c(1), Mul(c(2), x))), ew(kSigmoidGrad, x, g)}
	case kTanhGrad: // dy·(1−y²)
		dy := in[1]
		return []*Node{Mul(Mul(g, dy), Mul(c(-2), x)), ew(kTanhGrad, x, g)}
	case kWhere:
		z := c(0)
		return []*Node{nil, unbroadcast(Where(x, g, z), in[1]), unbroadcast(Where(x, z, g), in[2])}
	}
	if len(in) == 2 {
		ga, gb := o.binaryGrad(n, g)
		return []*Node{unbroadcast(ga, in[0]), unbroadcast(gb, in[1])}
	}
	return nil // sign, floor, ceil, round: zero almost everywhere
}

// binaryGrad returns the gradients of a binary op before unbroadcasting.
func (o ewOp) binaryGrad(n, g *Node) (ga, gb *Node) {
	a, b := n.in[0], n.in[1]
	switch o.k {
	case kAdd:
		return g, g
	case kSub:
		return g, Neg(g)
	case kMul:
		return Mul(g, b), Mul(g, a)
	case kDiv:
		return Div(g, b), Neg(Div(Mul(g, n), b))
	case kPow:
		return Mul(g, Mul(b, Pow(a, Sub(b, ScalarLike(b, 1))))), Mul(g, Mul(n, Log(a)))
	case kMinimum:
		return Mul(g, LessEqual(a, b)), Mul(g, Greater(a, b))
	case kMaximum:
		return Mul(g, GreaterEqual(a, b)), Mul(g, Less(a, b))
	}
	return nil, nil // comparisons
}

// unbroadcast sums g, the gradient with respect to a broadcast value, back
// to the shape of x.
func unbroadcast(g, x *Node) *Node {
	if g == nil || g.bad || sameShape(g.shape, x.shape) {
		return g
	}
	lead := len(g.shape) - len(x.shape)
	var keep, drop []int
	for i, d := range x.shape {
		if d == 1 && g.shape[lead+i] != 1 {
			keep = append(keep, lead+i)
		}
	}
	for i := range lead {
		drop = append(drop, i)
	}
	r := g
	if len(keep) > 0 {
		r = Sum(r, keep, true)
	}
	if len(drop) > 0 {
		r = Sum(r, drop, false)
	}
	return r
}
