package graph

// Arithmetic and element-wise math. Binary ops broadcast as numpy does,
// except that a dimension broadcasts only if it is statically 1 (see
// Input); Div, Pow and the transcendental functions need floating-point
// inputs.

// Add returns a + b.
func Add(a, b *Node) *Node { return ew(kAdd, a, b) }

// Sub returns a − b.
func Sub(a, b *Node) *Node { return ew(kSub, a, b) }

// Mul returns a · b element-wise.
func Mul(a, b *Node) *Node { return ew(kMul, a, b) }

// Div returns a / b element-wise.
func Div(a, b *Node) *Node { return ew(kDiv, a, b) }

// Pow returns a raised to the power b element-wise.
func Pow(a, b *Node) *Node { return ew(kPow, a, b) }

// Minimum returns the element-wise minimum of a and b; NaN wins.
func Minimum(a, b *Node) *Node { return ew(kMinimum, a, b) }

// Maximum returns the element-wise maximum of a and b; NaN wins.
func Maximum(a, b *Node) *Node { return ew(kMaximum, a, b) }

// Neg returns −x.
func Neg(x *Node) *Node { return ew(kNeg, x) }

// Abs returns |x|.
func Abs(x *Node) *Node { return ew(kAbs, x) }

// Sign returns −1, 0 or 1 as x is negative, zero or positive.
func Sign(x *Node) *Node { return ew(kSign, x) }

// Sqrt returns √x.
func Sqrt(x *Node) *Node { return ew(kSqrt, x) }

// Square returns x².
func Square(x *Node) *Node { return ew(kSquare, x) }

// Exp returns eˣ.
func Exp(x *Node) *Node { return ew(kExp, x) }

// Log returns the natural logarithm of x.
func Log(x *Node) *Node { return ew(kLog, x) }

// Log1p returns log(1 + x), accurate for small x.
func Log1p(x *Node) *Node { return ew(kLog1p, x) }

// Expm1 returns eˣ − 1, accurate for small x.
func Expm1(x *Node) *Node { return ew(kExpm1, x) }

// Erf returns the error function of x.
func Erf(x *Node) *Node { return ew(kErf, x) }

// Floor returns the greatest integer value not above x; its gradient is 0.
func Floor(x *Node) *Node { return ew(kFloor, x) }

// Ceil returns the least integer value not below x; its gradient is 0.
func Ceil(x *Node) *Node { return ew(kCeil, x) }

// Round rounds x to the nearest integer value, halves to even as numpy
// does; its gradient is 0.
func Round(x *Node) *Node { return ew(kRound, x) }

// Clip limits x to [lo, hi]. Its gradient passes where lo ≤ x ≤ hi and is
// 0 elsewhere.
func Clip(x *Node, lo, hi float64) *Node {
	if lo > hi {
		return failf("Clip", []*Node{x}, errorf(ErrArg, "expected lo ≤ hi, received %g > %g", lo, hi))
	}
	return apply(ewOp{k: kClip, p0: lo, p1: hi}, x)
}

// Reciprocal returns 1/x.
func Reciprocal(x *Node) *Node { return Div(ScalarLike(x, 1), x) }

// BroadcastLike returns x broadcast to the shape of like, whose values are
// not read.
func BroadcastLike(x, like *Node) *Node { return ew(kIdentity, x, like) }

// ZerosLike returns zeros of the shape and dtype of x.
func ZerosLike(x *Node) *Node { return FillLike(x, 0) }

// OnesLike returns ones of the shape and dtype of x.
func OnesLike(x *Node) *Node { return FillLike(x, 1) }

// FillLike returns v in every element of a value of the shape and dtype of
// x.
func FillLike(x *Node, v float64) *Node { return BroadcastLike(ScalarLike(x, v), x) }
