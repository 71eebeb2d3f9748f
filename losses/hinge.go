package losses

import "github.com/gokeras/gokeras/graph"

// Hinge is Keras's Hinge: mean(max(1 − y·p, 0)) over the last axis. Labels
// are expected in {−1, 1}; when every label of the batch is 0 or 1 they
// are first mapped to 2y − 1, as Keras does.
type Hinge struct{}

func init() { register("hinge", func() Loss { return Hinge{} }) }

// Name returns "hinge".
func (Hinge) Name() string { return "hinge" }

// Call returns the loss of each sample.
func (Hinge) Call(yTrue, yPred *graph.Node) *graph.Node {
	y := hingeLabels(castLike(yTrue, yPred))
	return meanLast(graph.Maximum(graph.Sub(scalar(y, 1), graph.Mul(y, yPred)), scalar(y, 0)))
}

// hingeLabels maps labels to 2y − 1 when all of them are 0 or 1 (a test
// over the whole batch inside the graph), and leaves them otherwise.
func hingeLabels(y *graph.Node) *graph.Node {
	zero, one := scalar(y, 0), scalar(y, 1)
	isBin := graph.Where(graph.Equal(y, zero), graph.OnesLike(y),
		graph.Where(graph.Equal(y, one), graph.OnesLike(y), graph.ZerosLike(y)))
	all := graph.Min(isBin, nil, false) // 1 when every label is 0 or 1
	conv := graph.Sub(graph.Mul(scalar(y, 2), y), one)
	return graph.Where(graph.Equal(graph.BroadcastLike(all, y), one), conv, y)
}
