package saving

import (
	"encoding/json"
	"strings"
)

// normalizeLegacyModel rewrites the Keras 2 forms of a model into Keras 3's:
// a Sequential whose first layer carries batch_input_shape gets the
// InputLayer Keras 2 created implicitly (named "<layer>_input", as Keras 2
// named it), and other layers drop batch_input_shape, which Keras 3 reads
// only on InputLayer (as batch_shape).
func normalizeLegacyModel(m *ModelConfig) {
	if m.Kind == Sequential && len(m.Layers) > 0 {
		first := m.Layers[0]
		if first.ClassName != "InputLayer" && first.Config.Has("batch_input_shape") {
			m.Layers = append([]*LayerConfig{implicitInput(first)}, m.Layers...)
		}
	}
	for _, l := range m.Layers {
		if l.ClassName != "InputLayer" {
			l.Config.Delete("batch_input_shape")
		}
	}
}

func implicitInput(first *LayerConfig) *LayerConfig {
	name := first.Name + "_input"
	in := &LayerConfig{Name: name, Object: Object{ClassName: "InputLayer", Extra: NewParams("")}}
	p := NewParams(`layer "` + name + `" (InputLayer)`)
	p.Set("batch_shape", first.Config.vals["batch_input_shape"])
	dtype := "float32"
	if d, ok := first.Config.vals["dtype"].(string); ok && d != "" {
		dtype = d
	}
	p.Set("dtype", dtype)
	p.Set("sparse", false)
	p.Set("name", name)
	in.Config = p
	return in
}

// normalizeLegacyLayer rewrites the Keras 2 forms inside one layer's config.
func normalizeLegacyLayer(l *LayerConfig) {
	if l.ClassName == "InputLayer" {
		l.Config.Rename("batch_input_shape", "batch_shape")
	}
	normalizeLegacyParams(l.Config)
}

func normalizeLegacyParams(p *Params) {
	if p == nil {
		return
	}
	for _, k := range p.keys {
		normalizeLegacyValue(p.vals[k])
	}
}

func normalizeLegacyValue(v any) {
	switch x := v.(type) {
	case *Object:
		normalizeLegacyObject(x)
	case *Params:
		normalizeLegacyParams(x)
	case []any:
		for _, e := range x {
			normalizeLegacyValue(e)
		}
	}
}

// normalizeLegacyObject rewrites the Keras 2 forms of nested objects:
// VarianceScaling's distribution "normal" (which meant a truncated normal)
// becomes "truncated_normal", and an L1L2 regularizer with one factor zero
// becomes the L1 or L2 it stands for (Keras 2 wrote l2(0.01) as L1L2).
func normalizeLegacyObject(o *Object) {
	switch o.ClassName {
	case "VarianceScaling":
		if d, _ := o.Config.vals["distribution"].(string); d == "normal" {
			o.Config.vals["distribution"] = "truncated_normal"
		}
	case "L1L2":
		l1, l2 := isZero(o.Config.vals["l1"]), isZero(o.Config.vals["l2"])
		switch {
		case l1 && !l2:
			o.ClassName = "L2"
			o.Config.Delete("l1")
		case l2 && !l1:
			o.ClassName = "L1"
			o.Config.Delete("l2")
		}
	}
	normalizeLegacyParams(o.Config)
}

func isZero(v any) bool {
	if v == nil {
		return true
	}
	n, ok := v.(json.Number)
	if !ok {
		return false
	}
	f, err := n.Float64()
	return err == nil && f == 0
}

// normalizeOptimizer maps Keras 2.11+'s "Custom>Adam" class names to
// "Adam" and Keras 2's "lr" to "learning_rate".
func normalizeOptimizer(o *Object) *Object {
	o.ClassName = strings.TrimPrefix(o.ClassName, "Custom>")
	if !o.Config.Has("learning_rate") {
		o.Config.Rename("lr", "learning_rate")
	}
	return o
}
