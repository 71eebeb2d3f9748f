package losses

import "github.com/gokeras/gokeras/graph"

// BinaryFocalCrossentropy is Keras's BinaryFocalCrossentropy (Lin et al.,
// 2018): the binary cross-entropy of each value scaled by the focal factor
// (1 − pₜ)^γ, where pₜ = y·p + (1−y)·(1−p), averaged over the last axis.
// With ApplyClassBalancing each value is further weighted by α for y = 1
// and 1 − α for y = 0 (α·y + (1−α)·(1−y)). With FromLogits the
// predictions are logits (p = sigmoid); LabelSmoothing s replaces y by
// y·(1−s) + s/2 before everything else. Keras's defaults: α 0.25, γ 2.0,
// no class balancing, probabilities, no smoothing.
type BinaryFocalCrossentropy struct {
	ApplyClassBalancing bool
	Alpha, Gamma        float64
	FromLogits          bool
	LabelSmoothing      float64
}

// NewBinaryFocalCrossentropy returns the loss with Keras's defaults
// (Alpha 0.25, Gamma 2).
func NewBinaryFocalCrossentropy() *BinaryFocalCrossentropy {
	return &BinaryFocalCrossentropy{Alpha: 0.25, Gamma: 2}
}

func init() {
	register("binary_focal_crossentropy", func() Loss { return NewBinaryFocalCrossentropy() })
}

// Name returns "binary_focal_crossentropy".
func (*BinaryFocalCrossentropy) Name() string { return "binary_focal_crossentropy" }

// Call returns the loss of each sample.
func (l *BinaryFocalCrossentropy) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := castLike(yTrue, yPred)
	y = smoothBinary(y, l.LabelSmoothing)
	bce := graph.BinaryCrossentropy(y, yPred, l.FromLogits)
	p := yPred
	if l.FromLogits {
		p = graph.Sigmoid(yPred)
	}
	one := scalar(p, 1)
	pt := graph.Add(graph.Mul(y, p), graph.Mul(graph.Sub(one, y), graph.Sub(one, p)))
	focal := graph.Mul(graph.Pow(graph.Sub(one, pt), scalar(p, l.Gamma)), bce)
	if l.ApplyClassBalancing {
		w := graph.Add(graph.Mul(y, scalar(y, l.Alpha)), graph.Mul(graph.Sub(one, y), scalar(y, 1-l.Alpha)))
		focal = graph.Mul(w, focal)
	}
	return meanLast(focal)
}

// castLike returns x in the dtype of like.
func castLike(x, like *graph.Node) *graph.Node {
	if x.DType() != like.DType() {
		return graph.Cast(x, like.DType())
	}
	return x
}
