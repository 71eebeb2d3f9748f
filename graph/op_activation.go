package graph

import "math"

// The activations Keras needs. Relu, Sigmoid, Tanh and Softplus are
// primitives with their own kernels and gradients; the others are
// composites of primitives, differentiated through them.

// Relu returns max(x, 0).
func Relu(x *Node) *Node { return ew(kRelu, x) }

// Sigmoid returns 1/(1 + e^−x).
func Sigmoid(x *Node) *Node { return ew(kSigmoid, x) }

// Tanh returns the hyperbolic tangent of x.
func Tanh(x *Node) *Node { return ew(kTanh, x) }

// Softplus returns log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so
// that it is finite for every finite x. Its gradient is sigmoid(x).
func Softplus(x *Node) *Node { return ew(kSoftplus, x) }

// Relu6 returns min(max(x, 0), 6).
func Relu6(x *Node) *Node { return Clip(x, 0, 6) }

// LeakyRelu returns x where x > 0 and alpha·x elsewhere (Keras's
// leaky_relu with negative_slope alpha; the LeakyReLU layer's default is
// 0.3, the function's 0.2).
func LeakyRelu(x *Node, alpha float64) *Node {
	return Where(Greater(x, ScalarLike(x, 0)), x, Mul(ScalarLike(x, alpha), x))
}

// Elu returns x where x > 0 and alpha·(eˣ − 1) elsewhere. The exponential
// is taken of min(x, 0), so large x cannot poison the gradient with
// infinities.
func Elu(x *Node, alpha float64) *Node {
	neg := Mul(ScalarLike(x, alpha), Expm1(Minimum(x, ScalarLike(x, 0))))
	return Where(Greater(x, ScalarLike(x, 0)), x, neg)
}

// The SELU constants of Klambauer et al., as Keras uses them.
const (
	seluAlpha = 1.6732632423543772848170429916717
	seluScale = 1.0507009873554804934193349852946
)

// Selu returns scale·elu(x, alpha) with the self-normalising constants
// alpha ≈ 1.6733 and scale ≈ 1.0507.
func Selu(x *Node) *Node { return Mul(ScalarLike(x, seluScale), Elu(x, seluAlpha)) }

// HardSigmoid returns relu6(x + 3)/6 = clip(x/6 + 1/2, 0, 1), Keras 3's
// piecewise-linear sigmoid.
func HardSigmoid(x *Node) *Node {
	return Clip(Add(Mul(x, ScalarLike(x, 1.0/6)), ScalarLike(x, 0.5)), 0, 1)
}

// HardSilu returns x·hard_sigmoid(x) (Keras's hard_silu, or hard_swish).
func HardSilu(x *Node) *Node { return Mul(x, HardSigmoid(x)) }

// Softsign returns x/(1 + |x|).
func Softsign(x *Node) *Node { return Div(x, Add(ScalarLike(x, 1), Abs(x))) }

// Silu returns x·sigmoid(x) (Keras's silu, also called swish).
func Silu(x *Node) *Node { return Mul(x, Sigmoid(x)) }

// Mish returns x·tanh(softplus(x)).
func Mish(x *Node) *Node { return Mul(x, Tanh(Softplus(x))) }

// Gelu returns the Gaussian error linear unit x·Φ(x): exactly
// x/2·(1 + erf(x/√2)) or, if approximate, with the tanh approximation
// x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Keras's gelu activation
// defaults to the exact form, keras.ops.gelu to the approximation.
func Gelu(x *Node, approximate bool) *Node {
	half := Mul(ScalarLike(x, 0.5), x)
	if !approximate {
		return Mul(half, Add(ScalarLike(x, 1), Erf(Mul(x, ScalarLike(x, 1/math.Sqrt2)))))
	}
	cube := Mul(ScalarLike(x, 0.044715), Mul(x, Square(x)))
	inner := Mul(ScalarLike(x, math.Sqrt(2/math.Pi)), Add(x, cube))
	return Mul(half, Add(ScalarLike(x, 1), Tanh(inner)))
}
