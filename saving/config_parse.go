package saving

import (
	"fmt"
)

// ParseModelConfig parses a model config written by Keras in either
// dialect: Keras 3's config.json (or get_config), or Keras 2's model_config
// / to_json / TensorFlow.js modelTopology, and normalizes it (see
// Dialect). It checks the structure (every field of the right type, every
// layer named once, every connection naming an existing layer); the fields
// of each layer's own config are for the layer's constructor to read
// through Params.
func ParseModelConfig(data []byte) (*ModelConfig, error) {
	v, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	return modelFromValue(v)
}

func modelFromValue(v any) (*ModelConfig, error) {
	top, ok := v.(*Params)
	if !ok || !top.Has("class_name") {
		return nil, fmt.Errorf("saving: model config: expected an object with a class_name, received %s", describe(v))
	}
	obj, err := convert(top, "model config", 0)
	if err != nil {
		return nil, err
	}
	o, ok := obj.(*Object)
	if !ok {
		return nil, fmt.Errorf("saving: model config: expected a serialized model, received %s", describe(obj))
	}
	dialect := Keras2
	if _, ok := top.vals["module"]; ok {
		dialect = Keras3
	}
	m, err := buildModel(o, dialect, 0)
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"keras_version", "backend"} {
		if s, ok := o.Extra.vals[k].(string); ok {
			if k == "backend" {
				m.Backend = s
			} else {
				m.KerasVersion = s
			}
			m.Extra.Delete(k)
		}
	}
	return m, nil
}

// convert turns the decoded dictionaries that are serialized Keras objects
// (those with a "class_name") into *Object, and Keras 3 tensors into
// TensorRef, everywhere inside v.
func convert(v any, owner string, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("saving: %s: nested too deep", owner)
	}
	switch x := v.(type) {
	case []any:
		for i, e := range x {
			c, err := convert(e, owner, depth+1)
			if err != nil {
				return nil, err
			}
			x[i] = c
		}
		return x, nil
	case *Params:
		if _, ok := x.vals["class_name"]; ok {
			return toObject(x, owner, depth)
		}
		for _, k := range x.keys {
			c, err := convert(x.vals[k], owner, depth+1)
			if err != nil {
				return nil, err
			}
			x.vals[k] = c
		}
		x.owner = owner
		return x, nil
	}
	return v, nil
}

func toObject(p *Params, owner string, depth int) (any, error) {
	cn, ok := p.vals["class_name"].(string)
	if !ok || cn == "" {
		return nil, fmt.Errorf("saving: %s: class_name: expected a string, received %s", owner, describe(p.vals["class_name"]))
	}
	if cn == "__keras_tensor__" {
		return kerasTensor(p, owner)
	}
	o := &Object{ClassName: cn, Extra: NewParams(owner)}
	own := fmt.Sprintf("%s (%s)", owner, cn)
	for _, k := range p.keys {
		v, err := convert(p.vals[k], own, depth+1)
		if err != nil {
			return nil, err
		}
		if err := o.setField(k, v, own); err != nil {
			return nil, err
		}
	}
	if o.Config == nil {
		o.Config = NewParams(own)
	}
	return o, nil
}

func (o *Object) setField(k string, v any, owner string) error {
	str := func() (string, error) {
		if v == nil {
			return "", nil
		}
		s, ok := v.(string)
		if !ok {
			return "", fmt.Errorf("saving: %s: %s: expected a string or null, received %s", owner, k, describe(v))
		}
		return s, nil
	}
	dict := func() (*Params, error) {
		switch x := v.(type) {
		case nil:
			return nil, nil
		case *Params:
			return x, nil
		case []any:
			if k == "config" { // Keras 2.1's Sequential config: the list of layers
				return NewParams(owner).Set("layers", x), nil
			}
		}
		return nil, fmt.Errorf("saving: %s: %s: expected a dictionary, received %s", owner, k, describe(v))
	}
	var err error
	switch k {
	case "class_name":
	case "module":
		o.Module, err = str()
	case "registered_name":
		o.RegisteredName, err = str()
	case "config":
		o.Config, err = dict()
	case "build_config":
		o.BuildConfig, err = dict()
	case "compile_config":
		o.CompileConfig, err = dict()
	default:
		o.Extra.Set(k, v)
	}
	return err
}

func kerasTensor(p *Params, owner string) (any, error) {
	cfg, ok := p.vals["config"].(*Params)
	if !ok {
		return nil, fmt.Errorf("saving: %s: Keras tensor without a config", owner)
	}
	cfg.owner = owner + ": Keras tensor"
	hist, ok := cfg.vals["keras_history"].([]any)
	if !ok {
		return nil, fmt.Errorf("saving: %s: Keras tensor without keras_history", owner)
	}
	r, err := refFromList(hist, owner)
	if err != nil {
		return nil, err
	}
	if cfg.Has("shape") {
		if r.Shape, err = cfg.Shape("shape"); err != nil {
			return nil, err
		}
	}
	if r.DType, err = cfg.DType("dtype"); err != nil {
		return nil, err
	}
	return r, nil
}

// refFromList reads [layer, node, index] (and Keras 2's optional kwargs,
// returned separately by the caller).
func refFromList(l []any, owner string) (TensorRef, error) {
	if len(l) < 3 {
		return TensorRef{}, fmt.Errorf("saving: %s: tensor reference %s: expected [layer, node, index]", owner, describe(l))
	}
	name, ok := l[0].(string)
	node, ok2 := toInt(l[1])
	idx, ok3 := toInt(l[2])
	if !ok || !ok2 || !ok3 || node < 0 || idx < 0 {
		return TensorRef{}, fmt.Errorf("saving: %s: tensor reference %v: expected [layer name, node index, tensor index]", owner, l)
	}
	return TensorRef{Layer: name, Node: node, Index: idx}, nil
}

func modelKind(o *Object) ModelKind {
	switch o.ClassName {
	case "Sequential":
		return Sequential
	case "Functional", "Model":
		return Functional
	}
	if o.Config.Has("layers") && o.Config.Has("input_layers") && o.Config.Has("output_layers") {
		return Functional // a subclass of Functional with Functional's constructor
	}
	return OtherModel
}

func buildModel(o *Object, dialect Dialect, depth int) (*ModelConfig, error) {
	if depth > 32 {
		return nil, fmt.Errorf("saving: models nested more than 32 deep")
	}
	m := &ModelConfig{Object: *o, Kind: modelKind(o), Dialect: dialect}
	if m.Extra == nil {
		m.Extra = NewParams("model")
	}
	name, _ := m.Config.vals["name"].(string)
	m.Name = name
	owner := fmt.Sprintf("model %q (%s)", name, o.ClassName)
	m.Config.SetOwner(owner)
	if m.Kind == OtherModel {
		return m, m.parseCompile(dialect)
	}
	if _, err := m.Config.String("name"); err != nil && m.Config.Has("name") {
		return nil, err
	}
	list, ok := m.Config.Raw("layers").([]any)
	if !ok {
		return nil, fmt.Errorf("saving: %s: config field \"layers\": expected a list of layers, received %s", owner, describe(m.Config.vals["layers"]))
	}
	for i, e := range list {
		lo, ok := e.(*Object)
		if !ok {
			return nil, fmt.Errorf("saving: %s: layer %d: expected a serialized layer, received %s", owner, i, describe(e))
		}
		l, err := buildLayer(lo, i, m.Kind, dialect, depth)
		if err != nil {
			return nil, err
		}
		m.Layers = append(m.Layers, l)
	}
	if m.ClassName == "Model" {
		m.ClassName = "Functional"
	}
	if err := m.finish(owner, dialect); err != nil {
		return nil, err
	}
	return m, m.parseCompile(dialect)
}

// finish normalizes a Keras 2 model, reads a functional model's endpoints
// and checks names and connections.
func (m *ModelConfig) finish(owner string, dialect Dialect) error {
	if dialect == Keras2 {
		normalizeLegacyModel(m)
	}
	names := map[string]bool{}
	for _, l := range m.Layers {
		if names[l.Name] {
			return fmt.Errorf("saving: %s: two layers are named %q", owner, l.Name)
		}
		names[l.Name] = true
	}
	if m.Kind != Functional {
		return nil
	}
	var err error
	if m.Inputs, err = parseEndpoints(m.Config.Raw("input_layers"), owner+": input_layers"); err != nil {
		return err
	}
	if m.Outputs, err = parseEndpoints(m.Config.Raw("output_layers"), owner+": output_layers"); err != nil {
		return err
	}
	check := func(r TensorRef, where string) error {
		if !names[r.Layer] {
			return fmt.Errorf("saving: %s: %s refers to layer %q, which the model does not have", owner, where, r.Layer)
		}
		return nil
	}
	for _, r := range append(append([]TensorRef{}, m.Inputs.Refs...), m.Outputs.Refs...) {
		if err := check(r, "an input or output"); err != nil {
			return err
		}
	}
	for _, l := range m.Layers {
		for _, n := range l.Inbound {
			for _, r := range n.Tensors() {
				if err := check(r, fmt.Sprintf("layer %q", l.Name)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func buildLayer(lo *Object, i int, kind ModelKind, dialect Dialect, depth int) (*LayerConfig, error) {
	l := &LayerConfig{Object: *lo}
	name, ok := l.Extra.vals["name"].(string)
	if !ok {
		name, ok = l.Config.vals["name"].(string)
	}
	if !ok || name == "" {
		return nil, fmt.Errorf("saving: layer %d (%s): missing name", i, lo.ClassName)
	}
	l.Name = name
	owner := fmt.Sprintf("layer %q (%s)", name, lo.ClassName)
	l.Config.SetOwner(owner)
	l.Extra.Delete("name")
	if kind == Functional {
		raw, ok := l.Extra.vals["inbound_nodes"]
		list, isList := raw.([]any)
		if !ok || !isList {
			return nil, fmt.Errorf("saving: %s: inbound_nodes: expected a list, received %s", owner, describe(raw))
		}
		for _, nv := range list {
			n, err := parseNode(nv, owner)
			if err != nil {
				return nil, err
			}
			l.Inbound = append(l.Inbound, n)
		}
	}
	l.Extra.Delete("inbound_nodes")
	if k := modelKind(lo); k != OtherModel {
		m, err := buildModel(lo, dialect, depth+1)
		if err != nil {
			return nil, err
		}
		l.Model, l.ClassName = m, m.ClassName
	}
	if dialect == Keras2 {
		normalizeLegacyLayer(l)
	}
	return l, nil
}

// parseNode reads one entry of inbound_nodes: Keras 2's list of
// [layer, node, index, kwargs] or Keras 3's {"args": [...], "kwargs": {...}}.
func parseNode(v any, owner string) (Node, error) {
	switch x := v.(type) {
	case []any:
		var refs []any
		var n Node
		for _, e := range x {
			l, ok := e.([]any)
			if !ok {
				return Node{}, fmt.Errorf("saving: %s: inbound node entry %s: expected [layer, node, index, kwargs]", owner, describe(e))
			}
			r, err := refFromList(l, owner)
			if err != nil {
				return Node{}, err
			}
			refs = append(refs, r)
			if len(l) > 3 && n.Kwargs == nil {
				if kw, ok := l[3].(*Params); ok {
					n.Kwargs = kw
				}
			}
		}
		switch len(refs) {
		case 0:
		case 1:
			n.Args = refs
		default:
			n.Args = []any{refs}
		}
		return n, nil
	case *Params:
		args, ok := x.vals["args"].([]any)
		if !ok {
			return Node{}, fmt.Errorf("saving: %s: inbound node: expected args to be a list, received %s", owner, describe(x.vals["args"]))
		}
		n := Node{Args: args}
		switch kw := x.vals["kwargs"].(type) {
		case *Params:
			n.Kwargs = kw
		case nil:
		default:
			return Node{}, fmt.Errorf("saving: %s: inbound node: expected kwargs to be a dictionary, received %s", owner, describe(kw))
		}
		return n, nil
	}
	return Node{}, fmt.Errorf("saving: %s: inbound node: expected a list or a dictionary, received %s", owner, describe(v))
}

// parseEndpoints reads input_layers or output_layers: one [layer, node,
// index], a list of them, or a dictionary of them.
func parseEndpoints(v any, owner string) (Endpoints, error) {
	var e Endpoints
	switch x := v.(type) {
	case []any:
		if len(x) > 0 {
			if _, single := x[0].(string); single {
				r, err := refFromList(x, owner)
				e.Refs, e.Single = []TensorRef{r}, true
				return e, err
			}
		}
		for _, item := range x {
			l, ok := item.([]any)
			if !ok {
				return e, fmt.Errorf("saving: %s: expected [layer, node, index], received %s", owner, describe(item))
			}
			r, err := refFromList(l, owner)
			if err != nil {
				return e, err
			}
			e.Refs = append(e.Refs, r)
		}
		return e, nil
	case *Params:
		for _, k := range x.keys {
			l, ok := x.vals[k].([]any)
			if !ok {
				return e, fmt.Errorf("saving: %s: %q: expected [layer, node, index], received %s", owner, k, describe(x.vals[k]))
			}
			r, err := refFromList(l, owner)
			if err != nil {
				return e, err
			}
			e.Refs, e.Keys = append(e.Refs, r), append(e.Keys, k)
		}
		return e, nil
	}
	return e, fmt.Errorf("saving: %s: expected a list of tensors, received %s", owner, describe(v))
}

func (m *ModelConfig) parseCompile(dialect Dialect) error {
	if m.CompileConfig == nil || m.CompileConfig.Len() == 0 {
		return nil
	}
	c, err := compileFromParams(m.CompileConfig)
	m.Compile = c
	return err
}

// ParseCompileConfig parses a Keras 2 training_config (the legacy .h5
// attribute) or a Keras 3 compile_config.
func ParseCompileConfig(data []byte) (*CompileConfig, error) {
	v, err := decodeJSON(data)
	if err != nil {
		return nil, err
	}
	c, err := convert(v, "training config", 0)
	if err != nil {
		return nil, err
	}
	p, ok := c.(*Params)
	if !ok {
		return nil, fmt.Errorf("saving: training config: expected a dictionary, received %s", describe(c))
	}
	return compileFromParams(p)
}

func compileFromParams(p *Params) (*CompileConfig, error) {
	c := &CompileConfig{Other: NewParams("compile config")}
	for _, k := range p.keys {
		v := p.vals[k]
		switch k {
		case "optimizer", "optimizer_config":
			switch o := v.(type) {
			case *Object:
				c.Optimizer = normalizeOptimizer(o)
			case string:
				c.Optimizer = &Object{ClassName: o, Identifier: true, Config: NewParams(o)}
			case nil:
			default:
				return nil, fmt.Errorf("saving: compile config: optimizer: expected a serialized optimizer or a name, received %s", describe(v))
			}
		case "loss":
			c.Loss = v
		case "metrics":
			c.Metrics = v
		case "weighted_metrics":
			c.WeightedMetrics = v
		case "loss_weights":
			c.LossWeights = v
		default:
			c.Other.Set(k, v)
		}
	}
	return c, nil
}
