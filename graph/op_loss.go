package graph

// Cross-entropies with Keras's semantics (keras.ops.binary_crossentropy
// and friends): element-wise or per-sample losses, not reduced over the
// batch. With probabilities as input they clip them to [ε, 1−ε] with
// Keras's ε = 1e-7, and Function's rewrites turn a probability that comes
// straight from Sigmoid or Softmax into the stable form on the logits, so
// that logits of ±100 give finite losses and gradients.

// Epsilon is Keras's fuzz factor, used to clip probabilities.
const Epsilon = 1e-7

// BinaryCrossentropy returns −(t·log p + (1−t)·log(1−p)) element-wise for
// targets t and predictions p. If fromLogits, output holds logits x and the
// loss is computed as softplus(x) − x·t; otherwise output holds
// probabilities, clipped to [ε, 1−ε].
func BinaryCrossentropy(target, output *Node, fromLogits bool) *Node {
	if fromLogits {
		return Sub(Softplus(output), Mul(output, target))
	}
	p := Clip(output, Epsilon, 1-Epsilon)
	one := ScalarLike(target, 1)
	pos := Mul(target, Log(p))
	neg := Mul(Sub(one, target), Log(Sub(ScalarLike(p, 1), p)))
	return Neg(Add(pos, neg))
}

// CategoricalCrossentropy returns −Σ t·log p along axis for one-hot (or
// soft) targets t. If fromLogits, output holds logits and log p is their
// log-softmax; otherwise output holds probabilities, renormalised to sum to
// 1 along axis and clipped to [ε, 1−ε].
func CategoricalCrossentropy(target, output *Node, fromLogits bool, axis int) *Node {
	return Neg(Sum(Mul(target, logProbs(output, fromLogits, axis)), []int{axis}, false))
}

// logProbs returns the log-probabilities along axis of logits or
// probabilities, as the categorical cross-entropies take them.
func logProbs(output *Node, fromLogits bool, axis int) *Node {
	if fromLogits {
		return LogSoftmax(output, axis)
	}
	p := Div(output, Sum(output, []int{axis}, true))
	return Log(Clip(p, Epsilon, 1-Epsilon))
}

// SparseCategoricalCrossentropy is CategoricalCrossentropy with integer
// class indices as targets (int32 or int64, the shape of output without its
// last axis, or with a last axis of size 1). The class axis is the last one
// and its size must be known.
func SparseCategoricalCrossentropy(target, output *Node, fromLogits bool) *Node {
	if target == nil || output == nil || target.bad || output.bad {
		return apply(oneHotOp{}, target, output)
	}
	r := output.Rank()
	if target.Rank() == r && r > 0 && target.shape[r-1] == 1 {
		target = Squeeze(target, -1)
	}
	if r == 0 || output.shape[r-1] < 0 {
		return failf("SparseCategoricalCrossentropy", []*Node{target, output},
			errorf(ErrShape, "expected predictions with a known last axis, received %s", shapeStr(output.shape)))
	}
	oh := OneHot(target, output.shape[r-1], output.dt)
	return Neg(Sum(Mul(oh, logProbs(output, fromLogits, -1)), []int{-1}, false))
}
