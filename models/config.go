package models

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/tensor"
)

// ModelConfig returns the model's architecture as Keras's model config: a
// Sequential's stack of layers or a functional model's layers with the
// calls connecting them, each layer in Keras 3's serialized form. Write it
// with its MarshalJSON (Keras 3's config.json) or Encode. A layer without
// a config (a Lambda, a custom layer without a Config method) is an error
// naming it.
func (m *Model) ModelConfig() (*saving.ModelConfig, error) {
	sc := &configScope{seen: map[layers.Layer][]*saving.Object{}}
	mc, err := m.modelConfig(sc)
	if err != nil {
		return nil, err
	}
	sc.markShared()
	return mc, nil
}

func (m *Model) modelConfig(sc *configScope) (*saving.ModelConfig, error) {
	if err := m.Err(); err != nil {
		return nil, err
	}
	if m.sequential {
		return m.sequentialConfig(sc)
	}
	return m.functionalConfig(sc)
}

// configScope records where each layer is serialized in one model config:
// a layer written in two places (a layer of a nested model that the outer
// model also calls) gets, in both, the same "shared_object_id", as Keras
// 3's serializer marks objects it meets twice, so that FromConfig builds
// one layer again.
type configScope struct {
	seen  map[layers.Layer][]*saving.Object
	order []layers.Layer
}

func (sc *configScope) add(l layers.Layer, o *saving.Object) {
	if _, ok := sc.seen[l]; !ok {
		sc.order = append(sc.order, l)
	}
	sc.seen[l] = append(sc.seen[l], o)
}

func (sc *configScope) markShared() {
	id := 0
	for _, l := range sc.order {
		objs := sc.seen[l]
		if len(objs) < 2 {
			continue
		}
		id++
		for _, o := range objs {
			if o.Extra == nil {
				o.Extra = saving.NewParams("")
			}
			o.Extra.Set("shared_object_id", json.Number(strconv.Itoa(id)))
		}
	}
}

// modelObject starts the serialized object of the model itself.
func (m *Model) modelObject(kind saving.ModelKind) *saving.ModelConfig {
	o := saving.NewObject(m.ClassName())
	o.Module = "keras"
	if kind == saving.Functional {
		o.Module = "keras.src.models.functional"
	}
	o.Config = m.BaseConfig()
	o.Config.Delete("batch_shape")
	return &saving.ModelConfig{Object: *o, Kind: kind, Name: m.Name(), Dialect: saving.Keras3}
}

func layerConfig(l layers.Layer, sc *configScope) (*saving.LayerConfig, error) {
	if sub, ok := asModel(l); ok {
		mc, err := sub.modelConfig(sc)
		if err != nil {
			return nil, err
		}
		return &saving.LayerConfig{Object: mc.Object, Name: sub.Name(), Model: mc}, nil
	}
	o, err := layers.Serialize(l)
	if err != nil {
		return nil, err
	}
	lc := &saving.LayerConfig{Object: *o, Name: l.LayerBase().Name()}
	sc.add(l, &lc.Object)
	return lc, nil
}

// asModel returns the *Model of a layer that is a model.
func asModel(l layers.Layer) (*Model, bool) {
	switch x := l.(type) {
	case *Model:
		return x, true
	case *Sequential:
		return x.Model, true
	}
	return nil, false
}

func (m *Model) sequentialConfig(sc *configScope) (*saving.ModelConfig, error) {
	mc := m.modelObject(saving.Sequential)
	var list []layers.Layer
	if len(m.list) > 0 {
		list = m.list
	} else if m.pending != nil {
		list = m.pending()
	}
	for _, l := range list {
		lc, err := layerConfig(l, sc)
		if err != nil {
			return nil, err
		}
		mc.Layers = append(mc.Layers, lc)
	}
	if len(m.inputs) > 0 {
		mc.BuildConfig = saving.NewParams("build_config").Set("input_shape", shapeList(m.inputs[0].Shape()))
	}
	return mc, nil
}

func shapeList(s layers.Shape) []any {
	out := make([]any, len(s))
	for i, d := range s {
		if d >= 0 {
			out[i] = json.Number(strconv.Itoa(d))
		}
	}
	return out
}

// functionalConfig writes the layers in order of first use and each call
// of a layer as a node; a tensor is named by its layer, the index of its
// call among that layer's calls in this model, and its output index.
func (m *Model) functionalConfig(sc *configScope) (*saving.ModelConfig, error) {
	mc := m.modelObject(saving.Functional)
	nodeOf := map[*layers.Call]int{}
	perLayer := map[layers.Layer]int{}
	byLayer := map[layers.Layer]*saving.LayerConfig{}
	for _, l := range m.list {
		lc, err := layerConfig(l, sc)
		if err != nil {
			return nil, err
		}
		lc.Inbound = []saving.Node{}
		byLayer[l] = lc
		mc.Layers = append(mc.Layers, lc)
	}
	ref := func(t *layers.KerasTensor) saving.TensorRef {
		c, idx := t.Source()
		node := nodeOf[c] // input layers: node 0
		return saving.TensorRef{Layer: c.Layer.LayerBase().Name(), Node: node, Index: idx, Shape: t.Shape(), DType: t.DType().String()}
	}
	for _, c := range m.calls {
		nodeOf[c] = perLayer[c.Layer]
		perLayer[c.Layer]++
		var args []any
		if len(c.Inputs) == 1 {
			args = []any{ref(c.Inputs[0])}
		} else {
			list := make([]any, len(c.Inputs))
			for i, t := range c.Inputs {
				list[i] = ref(t)
			}
			args = []any{list}
		}
		lc := byLayer[c.Layer]
		lc.Inbound = append(lc.Inbound, saving.Node{Args: args, Kwargs: saving.NewParams("kwargs")})
	}
	for _, t := range m.inputs {
		mc.Inputs.Refs = append(mc.Inputs.Refs, ref(t))
	}
	for _, t := range m.outputs {
		mc.Outputs.Refs = append(mc.Outputs.Refs, ref(t))
	}
	return mc, nil
}

// DefaultMaxParams is the number of weight scalars a model built from a
// config (FromConfig, LoadModel, LoadTFJS) may create unless MaxParams
// says otherwise: 2³⁰, 4 GiB of float32, more than any model that fits
// the memory of a usual machine for training.
const DefaultMaxParams = 1 << 30

// LoadOption changes how FromConfig and the model loaders build a model.
type LoadOption func(*loadConfig)

type loadConfig struct{ maxParams int64 }

func newLoadConfig(opts []LoadOption) *loadConfig {
	c := &loadConfig{maxParams: DefaultMaxParams}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}

// MaxParams sets the number of weight scalars, all layers together, a
// model built from a config may create (DefaultMaxParams by default); n ≤
// 0 lifts the bound, for models known to be huge. A config that asks for
// more is an error naming the layer and the weight's shape, returned
// before the weight is allocated, so that a hostile or corrupt file cannot
// exhaust memory.
func MaxParams(n int64) LoadOption { return func(c *loadConfig) { c.maxParams = n } }

// FromConfig builds a model from its config, as keras.models.model_from_json:
// a Sequential or functional model of layers rebuilt through the layer
// registry (layers.FromConfig), nested models included. The layers' weights
// are freshly initialized; loaders then set them. A class the registry does
// not know is an error naming it. The weights may hold DefaultMaxParams
// scalars in all (see MaxParams); a shape with a dimension below -1 or
// whose size overflows is an error naming the layer.
func FromConfig(mc *saving.ModelConfig, opts ...LoadOption) (*Model, error) {
	c := newLoadConfig(opts)
	if err := checkClasses(mc); err != nil {
		return nil, err
	}
	m, err := fromConfig(mc, 0, &builder{budget: layers.NewWeightBudget(c.maxParams), shared: map[string]layers.Layer{}})
	if errors.Is(err, layers.ErrWeightBudget) {
		return nil, fmt.Errorf("%w (set a larger bound with models.MaxParams)", err)
	}
	return m, err
}

// builder is the state of one FromConfig: the parameter budget and the
// layers built for each "shared_object_id", which stand for every object
// carrying the same id.
type builder struct {
	budget *layers.WeightBudget
	shared map[string]layers.Layer
	keras2 bool // the config is in Keras 2's dialect (see keras2Activations)
}

// sharedID returns the "shared_object_id" of a serialized object, or "".
func sharedID(o *saving.Object) string {
	if o.Extra == nil {
		return ""
	}
	switch v := o.Extra.Raw("shared_object_id").(type) {
	case json.Number:
		return v.String()
	case string:
		return v
	}
	return ""
}

func fromConfig(mc *saving.ModelConfig, depth int, b *builder) (*Model, error) {
	if depth > 32 {
		return nil, fmt.Errorf("models: models nested more than 32 deep")
	}
	b.keras2 = mc.Dialect == saving.Keras2
	var m *Model
	var err error
	switch mc.Kind {
	case saving.Sequential:
		m, err = sequentialFromConfig(mc, depth, b)
	case saving.Functional:
		m, err = functionalFromConfig(mc, depth, b)
	default:
		return nil, fmt.Errorf("models: unknown model class %q: only Sequential and functional models can be rebuilt", mc.ClassName)
	}
	if err != nil {
		return nil, err
	}
	for _, t := range m.outputs {
		if err := checkShape(fmt.Sprintf("model %q: output", m.Name()), t.Shape()); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func buildLayer(lc *saving.LayerConfig, depth int, b *builder) (layers.Layer, error) {
	id := sharedID(&lc.Object)
	if l, ok := b.shared[id]; ok && id != "" {
		return l, nil
	}
	var l layers.Layer
	if lc.Model != nil {
		sub, err := fromConfig(lc.Model, depth+1, b)
		if err != nil {
			return nil, err
		}
		l = sub
	} else {
		if b.keras2 {
			lc = keras2Activations(lc)
		}
		var err error
		if l, err = layers.FromConfig(lc); err != nil {
			return nil, err
		}
		l.LayerBase().SetWeightBudget(b.budget)
		if il, ok := l.(*layers.InputLayer); ok {
			if err := checkShape(fmt.Sprintf("layer %q (InputLayer)", lc.Name), il.Output().Shape()); err != nil {
				return nil, err
			}
		}
	}
	if id != "" {
		b.shared[id] = l
	}
	return l, nil
}

// ErrUnknownLayer is wrapped by the error of FromConfig, and of the
// loaders, for a config using layer classes the layer registry has no
// constructor for (see layers.Register); the error names every such class
// and a layer of each.
var ErrUnknownLayer = errors.New("unknown layer class")

// checkClasses reports, before anything is built, every layer class of
// the config (nested models' included) that the registry lacks.
func checkClasses(mc *saving.ModelConfig) error {
	have := map[string]bool{}
	for _, c := range layers.Registered() {
		have[c] = true
	}
	var missing []string
	firstLayer := map[string]string{}
	var walk func(mc *saving.ModelConfig, depth int)
	walk = func(mc *saving.ModelConfig, depth int) {
		if depth > 32 {
			return // fromConfig reports the depth
		}
		for _, lc := range mc.Layers {
			switch {
			case lc.Model != nil:
				walk(lc.Model, depth+1)
			case !have[lc.ClassName]:
				if _, ok := firstLayer[lc.ClassName]; !ok {
					firstLayer[lc.ClassName] = lc.Name
					missing = append(missing, lc.ClassName)
				}
			}
		}
	}
	walk(mc, 0)
	if len(missing) == 0 {
		return nil
	}
	parts := make([]string, len(missing))
	for i, c := range missing {
		parts[i] = fmt.Sprintf("%q (layer %q)", c, firstLayer[c])
	}
	name, _ := modelName(mc)
	return fmt.Errorf("models: model %q: %w: gokeras has no %s; register constructors with layers.Register", name, ErrUnknownLayer, strings.Join(parts, ", "))
}

// checkShape rejects a static shape with a dimension below -1 (unknown)
// or whose known dimensions multiply past the int64 range, which no
// tensor can have and which would wrap around in the shapes computed from
// it.
func checkShape(owner string, s layers.Shape) error {
	n := int64(1)
	for _, d := range s {
		switch {
		case d < -1:
			return fmt.Errorf("models: %s: shape %s has a negative dimension", owner, tensor.ShapeString(s))
		case d <= 0:
			continue
		case n > math.MaxInt64/int64(d):
			return fmt.Errorf("models: %s: shape %s has more elements than an int64 counts", owner, tensor.ShapeString(s))
		}
		n *= int64(d)
	}
	return nil
}

func modelName(mc *saving.ModelConfig) (string, error) {
	if mc.Config == nil {
		return mc.Name, nil
	}
	return mc.Config.StringOr("name", mc.Name)
}

func sequentialFromConfig(mc *saving.ModelConfig, depth int, b *builder) (*Model, error) {
	name, err := modelName(mc)
	if err != nil {
		return nil, err
	}
	s := NewSequentialNamed(name)
	for _, lc := range mc.Layers {
		l, err := buildLayer(lc, depth, b)
		if err != nil {
			return nil, err
		}
		if err := s.Add(l); err != nil {
			return nil, err
		}
		if len(s.outputs) == 1 {
			if err := checkShape(fmt.Sprintf("layer %q (%s): output", lc.Name, lc.ClassName), s.outputs[0].Shape()); err != nil {
				return nil, err
			}
		}
	}
	if len(s.inputs) == 0 && mc.BuildConfig != nil && mc.BuildConfig.Has("input_shape") {
		shape, err := mc.BuildConfig.Shape("input_shape")
		if err != nil {
			return nil, err
		}
		if err := checkShape(fmt.Sprintf("model %q: build_config input_shape", name), shape); err != nil {
			return nil, err
		}
		if err := s.buildFor([]layers.Shape{shape}); err != nil {
			return nil, err
		}
	}
	return s.Model, s.Err()
}

func functionalFromConfig(mc *saving.ModelConfig, depth int, b *builder) (*Model, error) {
	name, err := modelName(mc)
	if err != nil {
		return nil, err
	}
	built := map[string]layers.Layer{}
	outs := map[string][][]*layers.KerasTensor{} // layer → node → outputs
	for _, lc := range mc.Layers {
		l, err := buildLayer(lc, depth, b)
		if err != nil {
			return nil, err
		}
		built[lc.Name] = l
		if il, ok := l.(*layers.InputLayer); ok {
			outs[lc.Name] = [][]*layers.KerasTensor{{il.Output()}}
		}
	}
	get := func(r saving.TensorRef) (*layers.KerasTensor, bool) {
		nodes := outs[r.Layer]
		if r.Node < 0 || r.Node >= len(nodes) || r.Index < 0 || r.Index >= len(nodes[r.Node]) {
			return nil, false
		}
		return nodes[r.Node][r.Index], true
	}
	// Replay the calls until none is left: a call runs once its inputs
	// exist (Keras's process_node loop).
	type pending struct {
		lc   *saving.LayerConfig
		node int
	}
	var todo []pending
	for _, lc := range mc.Layers {
		if _, isInput := built[lc.Name].(*layers.InputLayer); isInput {
			continue
		}
		for i := range lc.Inbound {
			todo = append(todo, pending{lc, i})
		}
	}
	for len(todo) > 0 {
		progress := false
		rest := todo[:0]
		for _, p := range todo {
			n := p.lc.Inbound[p.node]
			if p.node != len(outs[p.lc.Name]) {
				rest = append(rest, p)
				continue
			}
			if n.Kwargs != nil && n.Kwargs.Len() > 0 {
				return nil, fmt.Errorf("models: layer %q: keyword arguments %v in its call are not supported", p.lc.Name, n.Kwargs.Keys())
			}
			var ins []*layers.KerasTensor
			ready := true
			for _, r := range n.Tensors() {
				t, ok := get(r)
				if !ok {
					ready = false
					break
				}
				ins = append(ins, t)
			}
			if !ready {
				rest = append(rest, p)
				continue
			}
			res := layers.Apply(built[p.lc.Name], ins...)
			for _, t := range res {
				if err := t.Err(); err != nil {
					return nil, err
				}
				if err := checkShape(fmt.Sprintf("layer %q (%s): output", p.lc.Name, p.lc.ClassName), t.Shape()); err != nil {
					return nil, err
				}
			}
			outs[p.lc.Name] = append(outs[p.lc.Name], res)
			progress = true
		}
		todo = rest
		if !progress && len(todo) > 0 {
			return nil, fmt.Errorf("models: %q: the calls of layer %q cannot be ordered: an input is missing or the graph has a cycle", name, todo[0].lc.Name)
		}
	}
	var ins, os []*layers.KerasTensor
	for _, r := range mc.Inputs.Refs {
		t, ok := get(r)
		if !ok {
			return nil, fmt.Errorf("models: %q: input %s does not exist", name, r)
		}
		ins = append(ins, t)
	}
	for _, r := range mc.Outputs.Refs {
		t, ok := get(r)
		if !ok {
			return nil, fmt.Errorf("models: %q: output %s does not exist", name, r)
		}
		os = append(os, t)
	}
	var opts []layers.Option
	if name != "" {
		opts = append(opts, layers.WithName(name))
	}
	return NewModel(ins, os, opts...)
}

// keras2Activations returns lc with Keras 2's hard_sigmoid, which is
// clip(0.2x+0.5, 0, 1) where Keras 3's (and gokeras's "hard_sigmoid") is
// clip(x/6+0.5, 0, 1), renamed activations.Keras2HardSigmoid, so that a
// model read from a Keras 2 file computes what Keras 2 computed. lc itself
// is not changed.
func keras2Activations(lc *saving.LayerConfig) *saving.LayerConfig {
	if lc.Config == nil {
		return lc
	}
	probe := lc.Config.Clone() // reading the clone leaves the layer's fields unread
	var c *saving.Params
	for _, key := range []string{"activation", "recurrent_activation"} {
		if s, ok := probe.Raw(key).(string); ok && s == "hard_sigmoid" {
			if c == nil {
				c = lc.Config.Clone()
			}
			c.Set(key, activations.Keras2HardSigmoid)
		}
	}
	if c == nil {
		return lc
	}
	out := *lc
	out.Config = c
	return &out
}
