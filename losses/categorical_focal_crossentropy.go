package losses

import "github.com/gokeras/gokeras/graph"

// CategoricalFocalCrossentropy is Keras's CategoricalFocalCrossentropy:
// Σ over the last axis of −α·(1 − p)^γ·y·log p, where p are the
// predictions divided by their sum and clipped to [ε, 1−ε] (softmax of
// the logits first with FromLogits). LabelSmoothing s replaces y by
// y·(1−s) + s/classes. Keras's defaults: α 0.25, γ 2.0, probabilities,
// no smoothing.
type CategoricalFocalCrossentropy struct {
	Alpha, Gamma   float64
	FromLogits     bool
	LabelSmoothing float64
}

// NewCategoricalFocalCrossentropy returns the loss with Keras's defaults
// (Alpha 0.25, Gamma 2).
func NewCategoricalFocalCrossentropy() *CategoricalFocalCrossentropy {
	return &CategoricalFocalCrossentropy{Alpha: 0.25, Gamma: 2}
}

func init() {
	register("categorical_focal_crossentropy", func() Loss { return NewCategoricalFocalCrossentropy() })
}

// Name returns "categorical_focal_crossentropy".
func (*CategoricalFocalCrossentropy) Name() string { return "categorical_focal_crossentropy" }

// Call returns the loss of each sample.
func (l *CategoricalFocalCrossentropy) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := castLike(yTrue, yPred)
	if s := l.LabelSmoothing; s != 0 {
		classes := float64(yPred.Dim(-1))
		y = graph.Add(graph.Mul(y, scalar(y, 1-s)), scalar(y, s/classes))
	}
	p := yPred
	if l.FromLogits {
		p = graph.Softmax(p, -1)
	}
	p = graph.Div(p, graph.Sum(p, []int{-1}, true))
	p = graph.Clip(p, Epsilon, 1-Epsilon)
	ce := graph.Neg(graph.Mul(y, graph.Log(p)))
	mod := graph.Pow(graph.Sub(scalar(p, 1), p), scalar(p, l.Gamma))
	return graph.Sum(graph.Mul(graph.Mul(mod, scalar(p, l.Alpha)), ce), []int{-1}, false)
}
