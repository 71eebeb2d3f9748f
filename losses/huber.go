package losses

import "github.com/gokeras/gokeras/graph"

// Huber is Keras's Huber loss, averaged over the last axis: with
// e = p − y, ½e² where |e| ≤ Delta and Delta·|e| − ½Delta² elsewhere.
// Keras's default Delta is 1.0.
type Huber struct {
	Delta float64
}

// NewHuber returns the loss with Keras's default Delta 1.
func NewHuber() *Huber { return &Huber{Delta: 1} }

func init() { register("huber", func() Loss { return NewHuber() }) }

// Name returns "huber".
func (*Huber) Name() string { return "huber" }

// Call returns the loss of each sample.
func (l *Huber) Call(yTrue, yPred *graph.Node) *graph.Node {
	e := graph.Sub(yPred, castLike(yTrue, yPred))
	a := graph.Abs(e)
	quad := graph.Mul(scalar(e, 0.5), graph.Square(e))
	lin := graph.Sub(graph.Mul(scalar(a, l.Delta), a), scalar(a, 0.5*l.Delta*l.Delta))
	return meanLast(graph.Where(graph.LessEqual(a, scalar(a, l.Delta)), quad, lin))
}
