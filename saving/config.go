package saving

import (
	"fmt"
)

// Dialect says which family of Keras wrote a config.
type Dialect int

const (
	// Keras3 configs carry "module" and "registered_name" on every object
	// (Keras 3's config.json and get_config).
	Keras3 Dialect = iota
	// Keras2 configs are those of Keras 2, tf.keras and TensorFlow.js
	// (legacy .h5 model_config, to_json, model.json): no module, inbound
	// nodes as nested lists, Sequential's first layer carrying
	// batch_input_shape. Note: Keras 2's "hard_sigmoid" is
	// clip(0.2x+0.5, 0, 1), Keras 3's is clip(x/6+0.5, 0, 1).
	Keras2
)

// String returns "Keras 3" or "Keras 2".
func (d Dialect) String() string {
	if d == Keras2 {
		return "Keras 2"
	}
	return "Keras 3"
}

// ModelKind is the kind of model a ModelConfig describes.
type ModelKind int

const (
	// Sequential is a keras.Sequential: a stack of layers.
	Sequential ModelKind = iota
	// Functional is a keras.Model built from layer calls (class names
	// "Functional" and Keras 2's "Model").
	Functional
	// OtherModel is any other class (a subclassed model); its Layers are
	// empty and its Object.Config holds whatever its get_config wrote.
	OtherModel
)

// Object is one serialized Keras object as Keras 3 writes it:
// {"module", "class_name", "config", "registered_name", "build_config",
// "compile_config"}. Keras 2 objects have only class_name and config.
type Object struct {
	ClassName      string
	Module         string  // "" when absent or null
	RegisteredName string  // "" when absent or null
	Config         *Params // never nil once parsed
	BuildConfig    *Params // nil when absent
	CompileConfig  *Params // nil when absent
	// Identifier is set when the object was written as a bare name, such
	// as "glorot_uniform" or "relu"; ClassName holds the name.
	Identifier bool
	// Extra holds the object's other keys (such as "shared_object_id").
	Extra *Params
}

// NewObject returns an Object of the given class with an empty config.
func NewObject(className string) *Object {
	return &Object{ClassName: className, Config: NewParams(className)}
}

// Clone returns a deep copy of o.
func (o *Object) Clone() *Object {
	if o == nil {
		return nil
	}
	c := *o
	c.Config, c.BuildConfig, c.CompileConfig, c.Extra =
		o.Config.Clone(), o.BuildConfig.Clone(), o.CompileConfig.Clone(), o.Extra.Clone()
	return &c
}

// TensorRef names one output tensor of a layer call: the layer, which call
// of it (node), and which of its outputs. Keras 3 configs also record the
// tensor's shape (-1 for an unknown dimension) and dtype; both are empty in
// Keras 2 configs.
type TensorRef struct {
	Layer string
	Node  int
	Index int
	Shape []int
	DType string
}

// String returns the reference as Keras's summary shows it: layer[node][index].
func (r TensorRef) String() string { return fmt.Sprintf("%s[%d][%d]", r.Layer, r.Node, r.Index) }

// Node is one call of a layer in a functional model: its positional and
// keyword arguments. Arguments are TensorRef, []any (a list of arguments,
// such as Concatenate's inputs), or JSON values for constants.
type Node struct {
	Args   []any
	Kwargs *Params
}

// Tensors returns every tensor the call takes, positional arguments first,
// in order, lists flattened.
func (n Node) Tensors() []TensorRef {
	var out []TensorRef
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case TensorRef:
			out = append(out, x)
		case []any:
			for _, e := range x {
				walk(e)
			}
		case *Params:
			for _, k := range x.keys {
				walk(x.vals[k])
			}
		}
	}
	for _, a := range n.Args {
		walk(a)
	}
	if n.Kwargs != nil {
		walk(n.Kwargs)
	}
	return out
}

// LayerConfig is one layer of a model: its serialized object, its name,
// and in a functional model the calls (nodes) that connect it.
type LayerConfig struct {
	Object
	Name    string
	Inbound []Node
	// Model is set when the layer is itself a Sequential or functional
	// model nested in this one.
	Model *ModelConfig
}

// Endpoints are the input or output tensors of a functional model.
// Keras 3 writes a single tensor, a list, or a dictionary of them.
type Endpoints struct {
	Refs   []TensorRef
	Keys   []string // the dictionary form: one key per ref
	Single bool     // written as one tensor, not a list of one
}

// CompileConfig is what a model was compiled with: Keras 3's
// compile_config, or Keras 2's training_config, normalized.
type CompileConfig struct {
	// Optimizer is the serialized optimizer; Keras 2.11+'s "Custom>Adam"
	// class names become "Adam" and Keras 2's "lr" becomes
	// "learning_rate". A bare name ("rmsprop") gives an Identifier object.
	Optimizer *Object
	// Loss, Metrics, WeightedMetrics and LossWeights keep their JSON
	// structure (a name, a list, a dictionary by output name), with
	// serialized objects as *Object.
	Loss            any
	Metrics         any
	WeightedMetrics any
	LossWeights     any
	// Other holds the remaining fields (run_eagerly, steps_per_execution,
	// jit_compile, sample_weight_mode, ...).
	Other *Params
}

// ModelConfig is a model's architecture, parsed from either Keras dialect
// into one normalized tree, and written back in Keras 3's.
type ModelConfig struct {
	Object  // the model's own serialized object; Config holds name, trainable, ...
	Kind    ModelKind
	Name    string
	Layers  []*LayerConfig
	Inputs  Endpoints // functional models
	Outputs Endpoints // functional models
	Compile *CompileConfig
	Dialect Dialect
	// KerasVersion and Backend are set when the JSON carried them
	// (Keras 2's to_json writes them beside class_name and config).
	KerasVersion string
	Backend      string
}

// Layer returns the layer named name, or nil.
func (m *ModelConfig) Layer(name string) *LayerConfig {
	for _, l := range m.Layers {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// InputLayers returns the layers of class InputLayer, in order.
func (m *ModelConfig) InputLayers() []*LayerConfig {
	var out []*LayerConfig
	for _, l := range m.Layers {
		if l.ClassName == "InputLayer" {
			out = append(out, l)
		}
	}
	return out
}
