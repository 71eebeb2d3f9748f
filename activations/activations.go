// Package activations holds Keras's activation functions as graph
// builders: each takes a symbolic node and returns the node of the
// activation applied element-wise (softmax and its kin along the last
// axis). Get resolves Keras's string identifiers ("relu", "sigmoid",
// "softmax", …) to these functions, so layers can take an activation by
// name as Keras's do.
//
// Nothing here computes on numbers: every function adds nodes to the graph
// of its input, and the graph compiles, differentiates and runs them.
package activations

import (
	"fmt"

	"sort"
	"strings"

	"github.com/gokeras/gokeras/graph"
)

// Func is an activation function: it maps a symbolic tensor to the
// symbolic result of the activation.
type Func func(x *graph.Node) *graph.Node

// Linear returns x unchanged (Keras's "linear", the default of Dense).
func Linear(x *graph.Node) *graph.Node { return x }

// Relu returns max(x, 0).
func Relu(x *graph.Node) *graph.Node { return graph.Relu(x) }

// Relu6 returns min(max(x, 0), 6).
func Relu6(x *graph.Node) *graph.Node { return graph.Relu6(x) }

// Sigmoid returns 1/(1 + e^−x).
func Sigmoid(x *graph.Node) *graph.Node { return graph.Sigmoid(x) }

// Tanh returns the hyperbolic tangent of x.
func Tanh(x *graph.Node) *graph.Node { return graph.Tanh(x) }

// Softmax returns exp(x)/sum(exp(x)) along the last axis.
func Softmax(x *graph.Node) *graph.Node { return graph.Softmax(x, -1) }

// LogSoftmax returns x − logsumexp(x) along the last axis.
func LogSoftmax(x *graph.Node) *graph.Node { return graph.LogSoftmax(x, -1) }

// Softplus returns log(1 + eˣ).
func Softplus(x *graph.Node) *graph.Node { return graph.Softplus(x) }

// Softsign returns x/(1 + |x|).
func Softsign(x *graph.Node) *graph.Node { return graph.Softsign(x) }

// Silu returns x·sigmoid(x) (Keras's "silu", also named "swish").
func Silu(x *graph.Node) *graph.Node { return graph.Silu(x) }

// Gelu returns x·Φ(x) in its exact erf form, Keras's default for the gelu
// activation.
func Gelu(x *graph.Node) *graph.Node { return graph.Gelu(x, false) }

// Elu returns x where x > 0 and eˣ − 1 elsewhere (alpha 1).
func Elu(x *graph.Node) *graph.Node { return graph.Elu(x, 1) }

// Selu returns scale·elu(x, alpha) with the self-normalising constants
// alpha ≈ 1.6733 and scale ≈ 1.0507.
func Selu(x *graph.Node) *graph.Node { return graph.Selu(x) }

// Celu returns max(x, 0) + min(0, eˣ − 1) (alpha 1).
func Celu(x *graph.Node) *graph.Node { return graph.Elu(x, 1) }

// Exponential returns eˣ.
func Exponential(x *graph.Node) *graph.Node { return graph.Exp(x) }

// HardSigmoid returns clip(x/6 + 1/2, 0, 1), Keras 3's hard_sigmoid.
func HardSigmoid(x *graph.Node) *graph.Node { return graph.HardSigmoid(x) }

// Keras2HardSigmoid names Keras 2's hard_sigmoid, clip(0.2x + 1/2, 0, 1),
// which differs from Keras 3's (HardSigmoid). Models read from Keras 2
// files (legacy .h5, TensorFlow.js) that use hard_sigmoid get it under
// this name; Keras 3 has no equivalent, so such a model cannot be written
// in Keras 3's formats.
const Keras2HardSigmoid = "keras2_hard_sigmoid"

// HardSigmoidKeras2 returns clip(0.2x + 1/2, 0, 1), Keras 2's
// hard_sigmoid.
func HardSigmoidKeras2(x *graph.Node) *graph.Node {
	return graph.Clip(graph.Add(graph.Mul(x, graph.ScalarLike(x, 0.2)), graph.ScalarLike(x, 0.5)), 0, 1)
}

// HardSilu returns x·hard_sigmoid(x) (Keras's "hard_silu", also
// "hard_swish").
func HardSilu(x *graph.Node) *graph.Node { return graph.HardSilu(x) }

// HardTanh returns clip(x, −1, 1).
func HardTanh(x *graph.Node) *graph.Node { return graph.Clip(x, -1, 1) }

// LeakyRelu returns x where x > 0 and 0.2·x elsewhere, the default slope of
// Keras's leaky_relu activation function.
func LeakyRelu(x *graph.Node) *graph.Node { return graph.LeakyRelu(x, 0.2) }

// LogSigmoid returns log(sigmoid(x)) = −softplus(−x).
func LogSigmoid(x *graph.Node) *graph.Node { return graph.Neg(graph.Softplus(graph.Neg(x))) }

// Mish returns x·tanh(softplus(x)).
func Mish(x *graph.Node) *graph.Node { return graph.Mish(x) }

// TanhShrink returns x − tanh(x).
func TanhShrink(x *graph.Node) *graph.Node { return graph.Sub(x, graph.Tanh(x)) }

// SoftShrink returns x − 0.5 where x > 0.5, x + 0.5 where x < −0.5, and 0
// elsewhere (threshold 0.5).
func SoftShrink(x *graph.Node) *graph.Node {
	t := graph.ScalarLike(x, 0.5)
	above := graph.Mul(graph.Sub(x, t), graph.Greater(x, t))
	below := graph.Mul(graph.Add(x, t), graph.Less(x, graph.Neg(t)))
	return graph.Add(above, below)
}

// HardShrink returns x where |x| > 0.5 and 0 elsewhere (threshold 0.5).
func HardShrink(x *graph.Node) *graph.Node {
	return graph.Mul(x, graph.Greater(graph.Abs(x), graph.ScalarLike(x, 0.5)))
}

// SquarePlus returns (x + √(x² + 4))/2 (b = 4), a smooth relu.
func SquarePlus(x *graph.Node) *graph.Node {
	r := graph.Sqrt(graph.Add(graph.Square(x), graph.ScalarLike(x, 4)))
	return graph.Mul(graph.Add(x, r), graph.ScalarLike(x, 0.5))
}

// SparsePlus returns 0 for x ≤ −1, (x + 1)²/4 for −1 < x < 1 and x for
// x ≥ 1.
func SparsePlus(x *graph.Node) *graph.Node {
	one := graph.ScalarLike(x, 1)
	mid := graph.Mul(graph.Square(graph.Add(x, one)), graph.ScalarLike(x, 0.25))
	inside := graph.Mul(graph.Greater(x, graph.Neg(one)), graph.Less(x, one))
	return graph.Add(graph.Mul(x, graph.GreaterEqual(x, one)), graph.Mul(mid, inside))
}

// byName maps Keras's identifiers to the functions.
var byName = map[string]Func{
	"linear":          Linear,
	"relu":            Relu,
	"relu6":           Relu6,
	"sigmoid":         Sigmoid,
	"tanh":            Tanh,
	"softmax":         Softmax,
	"log_softmax":     LogSoftmax,
	"softplus":        Softplus,
	"softsign":        Softsign,
	"silu":            Silu,
	"swish":           Silu,
	"gelu":            Gelu,
	"elu":             Elu,
	"selu":            Selu,
	"celu":            Celu,
	"exponential":     Exponential,
	"hard_sigmoid":    HardSigmoid,
	Keras2HardSigmoid: HardSigmoidKeras2,
	"hard_silu":       HardSilu,
	"hard_swish":      HardSilu,
	"hard_tanh":       HardTanh,
	"leaky_relu":      LeakyRelu,
	"log_sigmoid":     LogSigmoid,
	"mish":            Mish,
	"tanh_shrink":     TanhShrink,
	"soft_shrink":     SoftShrink,
	"hard_shrink":     HardShrink,
	"squareplus":      SquarePlus,
	"sparse_plus":     SparsePlus,
}

// Get returns the activation named by Keras's identifier, such as "relu"
// or "softmax"; "" and "linear" give Linear. Names are matched without
// regard to case. An unknown name is an error that lists the known ones.
func Get(name string) (Func, error) {
	if name == "" {
		return Linear, nil
	}
	if f, ok := byName[strings.ToLower(name)]; ok {
		return f, nil
	}
	return nil, fmt.Errorf("activations: unknown activation %q: expected one of %s", name, strings.Join(Names(), ", "))
}

// Names returns the identifiers Get accepts, sorted.
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
