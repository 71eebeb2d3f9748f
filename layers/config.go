package layers

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"

	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/saving"
)

// FromConfigFunc builds a layer of one class from its config, the "config"
// dictionary of a serialized layer. It reads the fields through the typed
// getters of p, which name the layer and the field in their errors;
// FromConfig checks afterwards that every field was read.
type FromConfigFunc func(p *saving.Params) (Layer, error)

// Configurer is a layer that can describe itself in Keras's get_config
// form, the "config" dictionary of its serialized object.
type Configurer interface {
	Layer
	// Config returns the layer's config: name, trainable, dtype and the
	// layer's own arguments, with Keras's names and defaults.
	Config() (*saving.Params, error)
}

var registry saving.Registry[FromConfigFunc]

// Register makes FromConfig build layers of class className with fn, as
// Keras's register_keras_serializable does for custom layers. Registering
// a class twice replaces the first constructor.
func Register(className string, fn FromConfigFunc) { registry.Register(className, fn) }

// Registered returns the class names FromConfig knows, sorted.
func Registered() []string { return registry.Names() }

// FromConfig builds the layer a serialized layer describes. An unknown
// class is an error naming it; so is any field of its config the class
// does not take. The layer is not built: its weights are created when it
// is first called.
func FromConfig(lc *saving.LayerConfig) (Layer, error) {
	fn, _, ok := registry.Lookup(lc.ClassName)
	if !ok || fn == nil {
		return nil, fmt.Errorf("layers: unknown layer class %q (layer %q): register a constructor with layers.Register", lc.ClassName, lc.Name)
	}
	p := lc.Config
	if p == nil {
		p = saving.NewParams(fmt.Sprintf("layer %q (%s)", lc.Name, lc.ClassName))
	}
	l, err := fn(p)
	if err != nil {
		return nil, err
	}
	if err := l.LayerBase().Err(); err != nil {
		return nil, err
	}
	if err := p.CheckUsed(); err != nil {
		return nil, err
	}
	return l, nil
}

// Serialize returns the serialized object of l in Keras 3's form (module,
// class_name, config, registered_name, and build_config when l declares
// its input). A layer without a config is an error naming its class.
func Serialize(l Layer) (*saving.Object, error) {
	c, ok := l.(Configurer)
	if !ok {
		b := l.LayerBase()
		return nil, fmt.Errorf("layers: %s %q has no config: it cannot be saved", b.ClassName(), b.Name())
	}
	p, err := c.Config()
	if err != nil {
		return nil, err
	}
	o := saving.NewObject(l.LayerBase().ClassName())
	o.Module = "keras.layers"
	o.Config = p
	return o, nil
}

// BaseConfig returns the fields every layer's config starts with: name,
// trainable and dtype (a DTypePolicy of float32), and batch_shape when the
// layer declares its input shape. Layers' Config methods append their own
// arguments to it.
func (b *Base) BaseConfig() *saving.Params {
	p := saving.NewParams(fmt.Sprintf("layer %q (%s)", b.name, b.class))
	p.Set("name", b.name)
	p.Set("trainable", b.trainable)
	p.Set("dtype", dtypePolicy("float32"))
	if b.inputShape != nil {
		p.Set("batch_shape", shapeValue(b.inputShape))
	}
	return p
}

// dtypePolicy returns Keras 3's serialized DTypePolicy of the named dtype.
func dtypePolicy(name string) *saving.Object {
	o := saving.NewObject("DTypePolicy")
	o.Module = "keras"
	o.Config.Set("name", name)
	return o
}

// shapeValue returns a shape as a config holds it: -1 becomes null.
func shapeValue(s Shape) []any {
	out := make([]any, len(s))
	for i, d := range s {
		if d >= 0 {
			out[i] = json.Number(strconv.Itoa(d))
		}
	}
	return out
}

// BaseOptions reads the fields every layer's config may carry (name,
// trainable, dtype, and the input shape as batch_shape, Keras 2's
// batch_input_shape or input_shape) and returns them as options. Only
// float32 layers are supported; other dtypes are errors naming the layer.
func BaseOptions(p *saving.Params) ([]Option, error) {
	var opts []Option
	name, err := p.StringOr("name", "")
	if err != nil {
		return nil, err
	}
	if name != "" {
		opts = append(opts, WithName(name))
	}
	if p.Has("trainable") {
		t, err := p.Bool("trainable")
		if err != nil {
			return nil, err
		}
		opts = append(opts, WithTrainable(t))
	} else {
		p.Ignore("trainable")
	}
	dt, err := p.DType("dtype")
	if err != nil {
		return nil, err
	}
	if dt != "" && dt != "float32" {
		return nil, fmt.Errorf("layers: %s: dtype %q is not supported, only float32", p.Owner(), dt)
	}
	for _, key := range []string{"batch_shape", "batch_input_shape"} {
		if p.Has(key) {
			s, err := p.Shape(key)
			if err != nil {
				return nil, err
			}
			if len(s) > 0 {
				opts = append(opts, WithInputShape(s[1:]...))
			}
		}
		p.Ignore(key)
	}
	if p.Has("input_shape") {
		s, err := p.Shape("input_shape")
		if err != nil {
			return nil, err
		}
		opts = append(opts, WithInputShape(s...))
	}
	p.Ignore("input_shape", "input_dim")
	return opts, nil
}

// serializeObject returns a catalogue object (initializer, regularizer,
// constraint) in Keras 3's form, or nil for nil.
func serializeObject(module, class string, cfg map[string]any) *saving.Object {
	o := saving.NewObject(class)
	o.Module = module
	keys := make([]string, 0, len(cfg))
	for k := range cfg {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := cfg[k]
		if u, ok := v.(uint64); ok {
			v = json.Number(strconv.FormatUint(u, 10))
		}
		o.Config.Set(k, v)
	}
	return o
}

type configer interface{ Config() map[string]any }

// InitializerObject returns the serialized form of an initializer.
func InitializerObject(init initializers.Initializer) (*saving.Object, error) {
	c, ok := init.(configer)
	if !ok {
		return nil, fmt.Errorf("layers: initializer %s has no config", init.ClassName())
	}
	return serializeObject("keras.initializers", init.ClassName(), c.Config()), nil
}

// RegularizerObject returns the serialized form of a regularizer, or nil
// for nil.
func RegularizerObject(r regularizers.Regularizer) (any, error) {
	if r == nil {
		return nil, nil
	}
	c, ok := r.(configer)
	n, hasName := r.(interface{ ClassName() string })
	if !ok || !hasName {
		return nil, fmt.Errorf("layers: regularizer %T has no config", r)
	}
	return serializeObject("keras.regularizers", n.ClassName(), c.Config()), nil
}

// ConstraintObject returns the serialized form of a constraint, or nil
// for nil.
func ConstraintObject(c constraints.Constraint) (any, error) {
	if c == nil {
		return nil, nil
	}
	cf, ok := c.(configer)
	n, hasName := c.(interface{ ClassName() string })
	if !ok || !hasName {
		return nil, fmt.Errorf("layers: constraint %T has no config", c)
	}
	return serializeObject("keras.constraints", n.ClassName(), cf.Config()), nil
}

// InputLayer's config: batch_shape, dtype, sparse, ragged, name.

// Config returns Keras's get_config of InputLayer.
func (l *InputLayer) Config() (*saving.Params, error) {
	p := saving.NewParams(fmt.Sprintf("layer %q (InputLayer)", l.name))
	p.Set("batch_shape", shapeValue(l.shape))
	if l.kerasDType != "" {
		p.Set("dtype", l.kerasDType)
	} else {
		p.Set("dtype", l.dtype.String())
	}
	p.Set("sparse", false)
	p.Set("name", l.name)
	return p, nil
}

func inputLayerFromConfig(p *saving.Params) (Layer, error) {
	var shape Shape
	var err error
	switch {
	case p.Has("batch_shape"):
		shape, err = p.Shape("batch_shape")
	case p.Has("batch_input_shape"):
		shape, err = p.Shape("batch_input_shape")
	default:
		return nil, fmt.Errorf("layers: %s: expected a batch_shape", p.Owner())
	}
	if err != nil {
		return nil, err
	}
	p.Ignore("batch_shape", "batch_input_shape", "input_shape")
	if len(shape) == 0 {
		return nil, fmt.Errorf("layers: %s: expected a batch_shape of rank ≥ 1, received []", p.Owner())
	}
	dts, err := p.DType("dtype")
	if err != nil {
		return nil, err
	}
	dt := graph.Float32
	narrow := ""
	switch dts {
	case "":
	case "uint8", "int8", "uint16", "int16":
		// Narrow integers (token ids, pixel values) fit int32.
		dt, narrow = graph.Int32, dts
	default:
		if dt, err = graph.ParseDType(dts); err != nil {
			return nil, fmt.Errorf("layers: %s: %v", p.Owner(), err)
		}
	}
	for _, k := range []string{"sparse", "ragged"} {
		if b, err := p.BoolOr(k, false); err != nil {
			return nil, err
		} else if b {
			return nil, fmt.Errorf("layers: %s: %s inputs are not supported", p.Owner(), k)
		}
	}
	name, err := p.StringOr("name", "")
	if err != nil {
		return nil, err
	}
	p.Ignore("optional")
	var opts []Option
	if name != "" {
		opts = append(opts, WithName(name))
	}
	l := NewInputLayer(shape[1:], dt, opts...)
	l.kerasDType = narrow
	return l, nil
}

func init() {
	Register("InputLayer", inputLayerFromConfig)
}
