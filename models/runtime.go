package models

import (
	"fmt"
	"slices"

	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/losses"
	"github.com/gokeras/gokeras/metrics"
	"github.com/gokeras/gokeras/tensor"
)

// compiled is the compiled side of a model: the graph its variables live
// in and the functions compiled there.
type compiled struct {
	g       *graph.Graph
	bound   map[*layers.Variable]*graph.Node
	predict *graph.Func
	train   *stepFunc
	test    *stepFunc
	labels  []labelSpec // what train and test were built for
	metrics []metrics.Metric
	names   []string
}

// stepFunc is a compiled train or test function and the buffers of its
// outputs: the running value of each metric.
type stepFunc struct {
	fn   *graph.Func
	outs []any
}

// labelSpec describes the labels of one output as the functions take them.
type labelSpec struct {
	dtype  graph.DType
	shape  []int // static, batch first
	given  []int // the shape of the labels as given, for "accuracy"
	sparse bool
}

// valid reports whether every variable the runtime bound still lives
// where it was bound.
func (rt *compiled) valid() bool {
	for v, n := range rt.bound {
		if cur, _ := v.Bound(); cur != n {
			return false
		}
	}
	return rt.g.Err() == nil
}

// bind binds v into the compiled's graph and remembers it.
func (rt *compiled) bind(v *layers.Variable) *graph.Node {
	n := v.Node(rt.g)
	rt.bound[v] = n
	return n
}

// ensureRuntime returns the model's compiled, making a new one if there is
// none or its variables moved to another graph. The caller holds m.mu.
func (m *Model) ensureRuntime() *compiled {
	if m.rt != nil && m.rt.valid() {
		return m.rt
	}
	vars := m.Weights()
	if m.comp != nil {
		vars = append(vars, m.comp.optimizer.Variables()...)
	}
	var g *graph.Graph
	mixed := false
	for _, v := range vars {
		if n, ok := v.Bound(); ok {
			if g == nil {
				g = n.Graph()
			} else if n.Graph() != g {
				mixed = true
			}
		}
	}
	if g == nil || mixed || g.Err() != nil {
		g = graph.New()
		g.SetSeed(m.seed)
	}
	m.rt = &compiled{g: g, bound: map[*layers.Variable]*graph.Node{}}
	return m.rt
}

// inputNodes returns fresh input nodes for the model's inputs.
func (m *Model) inputNodes(g *graph.Graph) []*graph.Node {
	xs := make([]*graph.Node, len(m.inputs))
	for i, t := range m.inputs {
		xs[i] = g.Input(fmt.Sprintf("x%d", i), t.DType(), t.Shape()...)
	}
	return xs
}

// bindWeights binds every weight of the model into the compiled's graph.
func (m *Model) bindWeights(rt *compiled) {
	for _, v := range m.Weights() {
		rt.bind(v)
	}
}

// predictFunc returns the compiled predict function. The caller holds m.mu.
func (m *Model) predictFunc() (*graph.Func, error) {
	rt := m.ensureRuntime()
	if rt.predict != nil {
		return rt.predict, nil
	}
	m.bindWeights(rt)
	c := layers.NewContext(rt.g, false)
	xs := m.inputNodes(rt.g)
	outs, err := m.run(c, xs)
	if err != nil {
		return nil, err
	}
	fn, err := graph.Function(xs, outs, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("models: %q: compiling the predict function: %w", m.Name(), err)
	}
	rt.predict = fn
	return fn, nil
}

// labelSpecs works out how each output takes its labels, given the shapes
// of the labels passed.
func (m *Model) labelSpecs(given [][]int) ([]labelSpec, error) {
	if len(given) != len(m.outputs) {
		return nil, fmt.Errorf("models: %q: expected labels for %d outputs, received %d", m.Name(), len(m.outputs), len(given))
	}
	specs := make([]labelSpec, len(m.outputs))
	for i, o := range m.outputs {
		out := o.Shape()
		s := labelSpec{given: given[i], sparse: losses.IsSparse(m.comp.losses[i])}
		if s.sparse {
			s.dtype, s.shape = graph.Int32, out[:len(out)-1]
		} else {
			s.dtype, s.shape = graph.Float32, out
		}
		if !labelsFit(given[i], s.shape) {
			return nil, fmt.Errorf("models: %q: labels for output %d (%s, loss %s): expected shape %s, received %s",
				m.Name(), i, tensor.ShapeString(o.Shape()), m.comp.losses[i].Name(), tensor.ShapeString(s.shape), tensor.ShapeString(given[i]))
		}
		specs[i] = s
	}
	return specs, nil
}

// labelsFit reports whether labels of shape given can be reshaped to want:
// equal but for the batch dimension, or with a trailing axis of size 1
// added or removed.
func labelsFit(given, want []int) bool {
	if len(given) == 0 {
		return false
	}
	eq := func(a, b []int) bool {
		if len(a) != len(b) {
			return false
		}
		for i := 1; i < len(a); i++ {
			if b[i] != -1 && a[i] != b[i] {
				return false
			}
		}
		return true
	}
	switch {
	case eq(given, want):
		return true
	case len(given) == len(want)+1 && given[len(given)-1] == 1:
		return eq(given[:len(given)-1], want)
	case len(given)+1 == len(want) && want[len(want)-1] == 1:
		return eq(given, want[:len(want)-1])
	}
	return false
}

// buildMetrics creates the metric objects and their state once per
// compiled: the loss tracker, per-output loss trackers when there are
// several outputs, then the compiled metrics of each output.
func (m *Model) buildMetrics(rt *compiled, specs []labelSpec) {
	multi := len(m.outputs) > 1
	add := func(mt metrics.Metric, name string) {
		mt.Build(rt.g)
		rt.metrics = append(rt.metrics, mt)
		rt.names = append(rt.names, name)
	}
	add(metrics.NewMean("loss"), "loss")
	if multi {
		for i := range m.outputs {
			n := m.outputName(i) + "_loss"
			add(metrics.NewMean(n), n)
		}
	}
	for i, o := range m.outputs {
		for _, spec := range m.comp.metrics {
			var mt metrics.Metric
			name := ""
			switch s := spec.(type) {
			case string:
				name = s
				if s == "accuracy" || s == "acc" {
					mt = metrics.ResolveAccuracy(s, specs[i].given, o.Shape(), specs[i].sparse)
				} else {
					mt, _ = metrics.Get(s)
				}
			case metrics.Metric:
				mt, name = s, s.Name()
			}
			if multi {
				name = m.outputName(i) + "_" + name
			}
			add(mt, name)
		}
	}
}

// outputName names output i after the layer that computes it.
func (m *Model) outputName(i int) string {
	c, _ := m.outputs[i].Source()
	return c.Layer.LayerBase().Name()
}

// stepFuncs returns the compiled train and test functions for labels of
// the given shapes. The caller holds m.mu.
func (m *Model) stepFuncs(given [][]int) (*compiled, error) {
	if m.comp == nil {
		return nil, fmt.Errorf("models: %q: the model must be compiled before training or evaluating: call Compile", m.Name())
	}
	if err := m.comp.check(m); err != nil {
		return nil, err
	}
	specs, err := m.labelSpecs(given)
	if err != nil {
		return nil, err
	}
	rt := m.ensureRuntime()
	if rt.train != nil && slices.EqualFunc(rt.labels, specs, sameSpec) {
		return rt, nil
	}
	if rt.metrics != nil {
		rt = &compiled{g: rt.g, bound: rt.bound, predict: rt.predict}
		m.rt = rt
	}
	m.bindWeights(rt)
	m.buildMetrics(rt, specs)
	if rt.train, err = m.buildStep(rt, specs, true); err != nil {
		return nil, err
	}
	if rt.test, err = m.buildStep(rt, specs, false); err != nil {
		return nil, err
	}
	for _, v := range m.comp.optimizer.Variables() {
		if n, ok := v.Bound(); ok && n.Graph() == rt.g {
			rt.bound[v] = n
		}
	}
	rt.labels = specs
	if err := m.applyPendingOptimizer(); err != nil {
		return nil, err
	}
	return rt, nil
}

func sameSpec(a, b labelSpec) bool {
	return a.dtype == b.dtype && a.sparse == b.sparse && slices.Equal(a.shape, b.shape) && len(a.given) == len(b.given) &&
		(len(a.given) == 0 || a.given[len(a.given)-1] == b.given[len(b.given)-1])
}

// buildStep builds and compiles the train (training true) or test
// function: inputs x…, y…, sample weights…; outputs the running value of
// each metric; updates of the metrics, the layers' state and, in training,
// the optimizer.
func (m *Model) buildStep(rt *compiled, specs []labelSpec, training bool) (*stepFunc, error) {
	g := rt.g
	c := layers.NewContext(g, training)
	xs := m.inputNodes(g)
	outs, err := m.run(c, xs)
	if err != nil {
		return nil, err
	}
	ys := make([]*graph.Node, len(outs))
	sws := make([]*graph.Node, len(outs))
	for i, s := range specs {
		ys[i] = g.Input(fmt.Sprintf("y%d", i), s.dtype, s.shape...)
		sws[i] = g.Input(fmt.Sprintf("sample_weight%d", i), graph.Float32, -1)
	}
	var total *graph.Node
	perOut := make([]*graph.Node, len(outs))
	for i, o := range outs {
		l := m.comp.losses[i].Call(ys[i], o)
		w := sws[i]
		for w.Rank() < l.Rank() {
			w = graph.ExpandDims(w, -1)
		}
		switch r := losses.ReductionOf(m.comp.losses[i]); r {
		case losses.ReductionSumOverBatchSize, "":
			perOut[i] = graph.Mean(graph.Mul(l, w), nil, false)
		case losses.ReductionNone:
			// As Keras: the gradient is that of the sum of the values.
			perOut[i] = graph.Sum(graph.Mul(l, w), nil, false)
		default:
			red, err := losses.Reduce(l, sws[i], r)
			if err != nil {
				return nil, fmt.Errorf("output %d: %w", i, err)
			}
			perOut[i] = red
		}
		term := perOut[i]
		if lw := m.comp.lossWeights[i]; lw != 1 {
			term = graph.Mul(graph.ScalarLike(term, lw), term)
		}
		total = addNode(total, term)
	}
	for _, v := range m.TrainableWeights() {
		if v.Regularizer != nil {
			total = addNode(total, v.Regularizer.Penalty(rt.bind(v)))
		}
	}
	for _, l := range c.Losses() {
		total = addNode(total, l)
	}
	bs := graph.Sum(graph.OnesLike(sws[0]), nil, false)
	var updates []graph.Update
	var results []*graph.Node
	k := 0
	track := func(ups []graph.Update, res *graph.Node) {
		updates = append(updates, ups...)
		results = append(results, res)
		k++
	}
	track(rt.metrics[0].(*metrics.Mean).UpdateWeighted(total, bs))
	if len(outs) > 1 {
		for i := range outs {
			track(rt.metrics[k].(*metrics.Mean).UpdateWeighted(perOut[i], bs))
		}
	}
	for i := range outs {
		for range m.comp.metrics {
			track(rt.metrics[k].Update(ys[i], outs[i], sws[i]))
		}
	}
	updates = append(updates, c.Updates()...)
	if training {
		vars := m.TrainableWeights()
		nodes := make([]*graph.Node, len(vars))
		for i, v := range vars {
			nodes[i] = rt.bind(v)
		}
		if len(vars) > 0 {
			// The gradients of the loss as the optimizer scales it (see
			// optimizers.Base.ScaleLoss); it divides them back.
			scaled := total
			if sc, ok := m.comp.optimizer.(interface{ ScaleLoss(*graph.Node) *graph.Node }); ok {
				scaled = sc.ScaleLoss(total)
			}
			grads := graph.Grad(scaled, nodes...)
			ups, err := m.comp.optimizer.Updates(g, vars, grads)
			if err != nil {
				return nil, err
			}
			updates = append(updates, layers.ConstrainUpdates(g, vars, ups)...)
		}
	}
	inputs := append(append(xs, ys...), sws...)
	fn, err := graph.Function(inputs, results, updates, nil)
	if err != nil {
		what := "test"
		if training {
			what = "train"
		}
		return nil, fmt.Errorf("models: %q: compiling the %s function: %w", m.Name(), what, err)
	}
	sf := &stepFunc{fn: fn, outs: make([]any, len(results))}
	for i := range sf.outs {
		sf.outs[i] = tensor.Scalar[float32](0)
	}
	return sf, nil
}

func addNode(a, b *graph.Node) *graph.Node {
	if a == nil {
		return b
	}
	return graph.Add(a, b)
}

// resetMetrics zeroes the state of every metric.
func (rt *compiled) resetMetrics() error {
	for _, mt := range rt.metrics {
		if err := mt.Reset(); err != nil {
			return err
		}
	}
	return nil
}

// read copies the function's outputs into logs.
func (rt *compiled) read(sf *stepFunc, logs map[string]float64, prefix string) {
	for i, o := range sf.outs {
		logs[prefix+rt.names[i]] = float64(o.(*tensor.Tensor[float32]).Data()[0])
	}
}
