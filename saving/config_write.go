package saving

import (
	"fmt"
	"strings"
)

// MarshalJSON writes m in Keras 3's dialect, as Keras 3 writes config.json:
// keys in a stable order (each dictionary's keys in the order they were read
// or set, the fixed keys of serialized objects in Keras's order), ", " and
// ": " separators, non-ASCII characters escaped. (json.Marshal compacts the
// spacing; call MarshalJSON or Encode for Keras's exact bytes.)
func (m *ModelConfig) MarshalJSON() ([]byte, error) {
	return m.Encode(Keras3)
}

// Encode writes m in the given dialect. Keras2 writes what Keras 2,
// tf.keras and TensorFlow.js read: no module or registered_name, class
// "Model" for functional models, inbound nodes as nested lists, InputLayer's
// batch_shape as batch_input_shape, dtype policies as names.
func (m *ModelConfig) Encode(d Dialect) ([]byte, error) {
	w := &jsonWriter{dialect: d}
	w.model(m, nil)
	if w.err != nil {
		return nil, w.err
	}
	return w.b.Bytes(), nil
}

// MarshalJSON writes c as Keras 3's compile_config.
func (c *CompileConfig) MarshalJSON() ([]byte, error) {
	w := &jsonWriter{}
	w.compile(c)
	return w.b.Bytes(), w.err
}

// EncodeTrainingConfig writes c as Keras 2's training_config (the legacy
// .h5 attribute and TensorFlow.js's modelTopology.training_config).
func (c *CompileConfig) EncodeTrainingConfig() ([]byte, error) {
	w := &jsonWriter{dialect: Keras2}
	w.compile(c)
	return w.b.Bytes(), w.err
}

// Default Keras 3 modules of the objects gokeras writes.
const (
	moduleLayers     = "keras.layers"
	moduleFunctional = "keras.src.models.functional"
)

// moduleFor gives a nested object without a module the one Keras 3 uses
// for objects under that key.
func moduleFor(key string) string {
	switch {
	case strings.HasSuffix(key, "initializer"):
		return "keras.initializers"
	case strings.HasSuffix(key, "regularizer"):
		return "keras.regularizers"
	case strings.HasSuffix(key, "constraint"):
		return "keras.constraints"
	case key == "dtype":
		return "keras"
	case key == "optimizer":
		return "keras.optimizers"
	case key == "loss":
		return "keras.losses"
	case strings.HasSuffix(key, "metrics"):
		return "keras.metrics"
	case key == "layer" || key == "cell" || strings.HasSuffix(key, "_layer") || key == "layers" || key == "cells":
		return moduleLayers
	case strings.HasSuffix(key, "activation"):
		return "keras.activations"
	}
	return ""
}

// model writes a model, as the top-level object or (with layer set) as a
// layer of another model.
func (w *jsonWriter) model(m *ModelConfig, layer *LayerConfig) {
	class := m.ClassName
	module, registered := m.Module, m.RegisteredName
	switch m.Kind {
	case Sequential:
		class = "Sequential"
		if module == "" {
			module = "keras"
		}
	case Functional:
		if class == "" || class == "Model" {
			class = "Functional"
		}
		if class == "Functional" {
			module, registered = orDefault(module, moduleFunctional), orDefault(registered, "Functional")
		}
		if w.dialect == Keras2 && class == "Functional" {
			class = "Model"
		}
	}
	w.raw("{")
	w.header(module, class)
	w.modelConfig(m)
	w.trailer(registered, &m.Object, layer)
	if m.Compile != nil && layer == nil && w.dialect == Keras3 {
		w.field(false, "compile_config")
		w.compile(m.Compile)
	}
	w.raw("}")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// header writes `"module": ..., "class_name": ...` (the module only in the
// Keras 3 dialect).
func (w *jsonWriter) header(module, class string) {
	if w.dialect == Keras3 {
		w.field(true, "module")
		w.nullable(module)
		w.field(false, "class_name")
	} else {
		w.field(true, "class_name")
	}
	w.str(class)
}

func (w *jsonWriter) nullable(s string) {
	if s == "" {
		w.raw("null")
	} else {
		w.str(s)
	}
}

// trailer writes registered_name, build_config and the object's extra
// keys, then a layer's name and inbound nodes.
func (w *jsonWriter) trailer(registered string, o *Object, layer *LayerConfig) {
	if w.dialect == Keras3 {
		w.field(false, "registered_name")
		w.nullable(registered)
		if o.BuildConfig != nil {
			w.field(false, "build_config")
			w.params(o.BuildConfig)
		}
	}
	for _, k := range o.Extra.Keys() {
		w.field(false, k)
		w.value(o.Extra.vals[k], k)
	}
	if layer != nil && layer.Inbound != nil {
		w.field(false, "name")
		w.str(layer.Name)
		w.field(false, "inbound_nodes")
		w.nodes(layer.Inbound)
	}
}

// modelConfig writes a model's "config": its own keys in order, with the
// layers and endpoints put where the keys were (or appended).
func (w *jsonWriter) modelConfig(m *ModelConfig) {
	w.field(false, "config")
	w.raw("{")
	keys := m.Config.Keys()
	first := true
	put := func(k string) {
		w.field(first, k)
		first = false
	}
	if m.Name != "" && !m.Config.Has("name") {
		put("name")
		w.str(m.Name)
	}
	wrote := map[string]bool{}
	var special []string
	switch m.Kind {
	case Sequential:
		special = []string{"layers"}
	case Functional:
		special = []string{"layers", "input_layers", "output_layers"}
	}
	for _, k := range keys {
		if contains(special, k) {
			put(k)
			w.special(m, k)
			wrote[k] = true
			continue
		}
		put(k)
		w.configValue(m.Config.vals[k], k)
	}
	for _, k := range special {
		if !wrote[k] {
			put(k)
			w.special(m, k)
		}
	}
	w.raw("}")
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (w *jsonWriter) special(m *ModelConfig, k string) {
	switch k {
	case "layers":
		w.list(len(m.Layers), func(i int) {
			l := m.Layers[i]
			if m.Kind == Functional && l.Inbound == nil {
				l.Inbound = []Node{}
			}
			w.layer(l)
		})
	case "input_layers":
		w.endpoints(m.Inputs)
	case "output_layers":
		w.endpoints(m.Outputs)
	}
}

func (w *jsonWriter) layer(l *LayerConfig) {
	if l.Model != nil {
		mc := *l.Model
		mc.Object.Extra = l.Extra
		w.model(&mc, l)
		return
	}
	w.raw("{")
	w.header(orDefault(l.Module, moduleLayers), l.ClassName)
	w.field(false, "config")
	w.layerConfig(l)
	w.trailer(l.RegisteredName, &l.Object, l)
	w.raw("}")
}

// layerConfig writes a layer's config; in the Keras 2 dialect InputLayer's
// batch_shape is written as batch_input_shape.
func (w *jsonWriter) layerConfig(l *LayerConfig) {
	p := l.Config
	if p == nil {
		p = NewParams("")
	}
	w.raw("{")
	first := true
	if !p.Has("name") {
		w.field(true, "name")
		w.str(l.Name)
		first = false
	}
	for _, k := range p.Keys() {
		name := k
		if w.dialect == Keras2 && l.ClassName == "InputLayer" && k == "batch_shape" {
			name = "batch_input_shape"
		}
		w.field(first, name)
		first = false
		w.configValue(p.vals[k], k)
	}
	w.raw("}")
}

// configValue writes a value inside a layer or model config; in the Keras 2
// dialect a dtype policy is written as its name.
func (w *jsonWriter) configValue(v any, key string) {
	if o, ok := v.(*Object); ok && w.dialect == Keras2 && key == "dtype" {
		if name, ok := o.Config.vals["name"].(string); ok {
			w.str(name)
			return
		}
	}
	w.value(v, key)
}

// object writes a nested serialized object. The Keras 2 dialect writes L1
// and L2 regularizers as the L1L2 Keras 2 and TensorFlow.js know.
func (w *jsonWriter) object(o *Object, module string) {
	if o.Identifier {
		w.str(o.ClassName)
		return
	}
	if w.dialect == Keras2 && (o.ClassName == "L1" || o.ClassName == "L2") {
		o = legacyRegularizer(o)
	}
	w.raw("{")
	w.header(orDefault(o.Module, module), o.ClassName)
	w.field(false, "config")
	if o.Config == nil {
		w.raw("{}")
	} else {
		w.params(o.Config)
	}
	registered := o.RegisteredName
	w.trailer(registered, o, nil)
	if w.dialect == Keras3 && o.CompileConfig != nil {
		w.field(false, "compile_config")
		w.params(o.CompileConfig)
	}
	w.raw("}")
}

// legacyRegularizer returns L1(x) or L2(x) as L1L2 with the other factor 0.
func legacyRegularizer(o *Object) *Object {
	c := o.Clone()
	c.ClassName = "L1L2"
	p := NewParams("L1L2")
	for _, k := range []string{"l1", "l2"} {
		if o.Config.Has(k) {
			p.Set(k, o.Config.vals[k])
		} else {
			p.Set(k, 0.0)
		}
	}
	c.Config = p
	return c
}

func (w *jsonWriter) refList(r TensorRef, kwargs *Params) {
	w.raw("[")
	w.str(r.Layer)
	fmt.Fprintf(&w.b, ", %d, %d", r.Node, r.Index)
	if kwargs != nil {
		w.raw(", ")
		w.params(kwargs)
	}
	w.raw("]")
}

func (w *jsonWriter) endpoints(e Endpoints) {
	if e.Single && len(e.Refs) == 1 && w.dialect == Keras3 {
		w.refList(e.Refs[0], nil)
		return
	}
	if e.Keys != nil && w.dialect == Keras3 {
		w.raw("{")
		for i, r := range e.Refs {
			w.field(i == 0, e.Keys[i])
			w.refList(r, nil)
		}
		w.raw("}")
		return
	}
	w.list(len(e.Refs), func(i int) { w.refList(e.Refs[i], nil) })
}

// valueIn writes v, giving the objects anywhere inside it without a module
// the given one (the losses and metrics of a compile config, which may be
// nested in lists and dictionaries by output).
func (w *jsonWriter) valueIn(v any, module string) {
	switch x := v.(type) {
	case *Object:
		w.object(x, module)
	case []any:
		w.list(len(x), func(i int) { w.valueIn(x[i], module) })
	case *Params:
		w.raw("{")
		for i, k := range x.Keys() {
			w.field(i == 0, k)
			w.valueIn(x.vals[k], module)
		}
		w.raw("}")
	default:
		w.value(v, "")
	}
}

// tensor writes a Keras 3 tensor argument.
func (w *jsonWriter) tensor(r TensorRef) {
	w.raw(`{"class_name": "__keras_tensor__", "config": {"shape": `)
	if r.Shape == nil {
		w.raw("null")
	} else {
		w.list(len(r.Shape), func(i int) {
			if d := r.Shape[i]; d < 0 {
				w.raw("null")
			} else {
				fmt.Fprint(&w.b, d)
			}
		})
	}
	w.raw(`, "dtype": `)
	w.str(orDefault(r.DType, "float32"))
	w.raw(`, "keras_history": `)
	w.refList(r, nil)
	w.raw("}}")
}

// nodes writes inbound_nodes. A node is written in Keras 3's form when
// every tensor in it has a shape; otherwise (nodes read from Keras 2
// configs) in the nested-list form, which Keras 3 also reads.
func (w *jsonWriter) nodes(ns []Node) {
	w.list(len(ns), func(i int) {
		n := ns[i]
		if w.dialect != Keras3 || !shaped(n) {
			w.legacyNode(n)
			return
		}
		w.raw(`{"args": `)
		w.value(n.Args, "")
		w.raw(`, "kwargs": `)
		if n.Kwargs == nil {
			w.raw("{}")
		} else {
			w.params(n.Kwargs)
		}
		w.raw("}")
	})
}

func shaped(n Node) bool {
	for _, r := range n.Tensors() {
		if r.Shape == nil {
			return false
		}
	}
	return true
}

func (w *jsonWriter) legacyNode(n Node) {
	refs := n.Tensors()
	if len(n.Args) > 1 && w.err == nil {
		w.err = fmt.Errorf("saving: a call with %d positional arguments cannot be written as a Keras 2 node", len(n.Args))
	}
	kw := n.Kwargs
	if kw == nil {
		kw = NewParams("")
	}
	w.list(len(refs), func(i int) { w.refList(refs[i], kw) })
}

func (w *jsonWriter) compile(c *CompileConfig) {
	w.raw("{")
	key := "optimizer"
	if w.dialect == Keras2 {
		key = "optimizer_config"
	}
	w.field(true, key)
	if c.Optimizer == nil {
		w.raw("null")
	} else {
		w.object(c.Optimizer, "keras.optimizers")
	}
	for _, f := range []struct {
		k string
		v any
	}{{"loss", c.Loss}, {"loss_weights", c.LossWeights}, {"metrics", c.Metrics}, {"weighted_metrics", c.WeightedMetrics}} {
		w.field(false, f.k)
		w.valueIn(f.v, moduleFor(f.k))
	}
	for _, k := range c.Other.Keys() {
		w.field(false, k)
		w.value(c.Other.vals[k], k)
	}
	w.raw("}")
}
