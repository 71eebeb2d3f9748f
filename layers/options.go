package layers

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Option sets one of Keras's keyword arguments of a layer constructor. A
// layer given an option it does not take records an error naming both.
type Option func(*Kwargs)

// Kwargs holds the keyword arguments given to a layer constructor; Base.Init
// parses them and the layer reads the ones it takes. Each field is named
// after the Keras argument; Has tells whether it was given.
type Kwargs struct {
	Name                string
	InputShape          []int // without the batch dimension
	Trainable           bool
	Activation          any // a name or an activations.Func
	UseBias             bool
	KernelInitializer   any // a name or an initializers.Initializer
	BiasInitializer     any
	KernelRegularizer   any // a name or a regularizers.Regularizer
	BiasRegularizer     any
	ActivityRegularizer any
	Seed                uint64
	Axis                int
	Axes                []int
	Normalize           bool
	DataFormat          string

	set   map[string]bool
	extra map[string]any // arguments without a field of their own, set by Kwarg
}

func (k *Kwargs) mark(name string) {
	if k.set == nil {
		k.set = map[string]bool{}
	}
	k.set[name] = true
}

func (k *Kwargs) has(name string) bool { return k.set[name] }

// Has reports whether the keyword argument with Keras's name name (e.g.
// "use_bias") was given.
func (k *Kwargs) Has(name string) bool { return k.has(name) }

// Kwarg returns an option setting the keyword argument with Keras's name
// name to v, for an argument that has no field in Kwargs: a layer's file
// defines its own options with it (WithMaxValue is Kwarg("max_value", v))
// and reads them back with Value, so adding a layer never touches this
// file.
func Kwarg(name string, v any) Option {
	return func(k *Kwargs) {
		if k.extra == nil {
			k.extra = map[string]any{}
		}
		k.extra[name] = v
		k.mark(name)
	}
}

// Value returns the value given by Kwarg to the keyword argument name, or
// nil if it was not given.
func (k *Kwargs) Value(name string) any { return k.extra[name] }

// common are the options every layer takes.
var common = []string{"name", "input_shape", "trainable"}

// check returns an error naming the options a layer of class does not
// take.
func (k *Kwargs) check(class string, allowed []string) error {
	var bad []string
	for name := range k.set {
		if !slices.Contains(common, name) && !slices.Contains(allowed, name) {
			bad = append(bad, name)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	sort.Strings(bad)
	return fmt.Errorf("layers: %s does not take the keyword argument %s", class, strings.Join(bad, ", "))
}

func parseKwargs(opts []Option) *Kwargs {
	k := &Kwargs{UseBias: true}
	for _, o := range opts {
		if o != nil {
			o(k)
		}
	}
	return k
}

// WithName names the layer (Keras's name=); by default a layer is named
// after its class, numbered: "dense", "dense_1", …
func WithName(name string) Option {
	return func(k *Kwargs) { k.Name = name; k.mark("name") }
}

// WithInputShape declares the shape of the layer's input without the
// batch dimension (Keras's input_shape=), so that a Sequential model
// starting with the layer is built at once.
func WithInputShape(shape ...int) Option {
	return func(k *Kwargs) { k.InputShape = slices.Clone(shape); k.mark("input_shape") }
}

// WithInputDim declares a one-dimensional input of n features (Keras's
// input_dim=, the same as WithInputShape(n)).
func WithInputDim(n int) Option {
	return func(k *Kwargs) { k.InputShape = []int{n}; k.mark("input_shape") }
}

// WithTrainable sets whether the layer's weights are trained (Keras's
// trainable=, default true).
func WithTrainable(t bool) Option {
	return func(k *Kwargs) { k.Trainable = t; k.mark("trainable") }
}

// WithActivation sets the activation applied to the output (Keras's
// activation=): a name such as "relu" or an activations.Func.
func WithActivation(a any) Option {
	return func(k *Kwargs) { k.Activation = a; k.mark("activation") }
}

// WithUseBias sets whether the layer adds a bias (Keras's use_bias=,
// default true).
func WithUseBias(b bool) Option {
	return func(k *Kwargs) { k.UseBias = b; k.mark("use_bias") }
}

// WithKernelInitializer sets the kernel's initializer (Keras's
// kernel_initializer=): a name or an initializers.Initializer.
func WithKernelInitializer(init any) Option {
	return func(k *Kwargs) { k.KernelInitializer = init; k.mark("kernel_initializer") }
}

// WithBiasInitializer sets the bias's initializer (Keras's
// bias_initializer=): a name or an initializers.Initializer.
func WithBiasInitializer(init any) Option {
	return func(k *Kwargs) { k.BiasInitializer = init; k.mark("bias_initializer") }
}

// WithKernelRegularizer sets a penalty on the kernel (Keras's
// kernel_regularizer=): a name or a regularizers.Regularizer.
func WithKernelRegularizer(r any) Option {
	return func(k *Kwargs) { k.KernelRegularizer = r; k.mark("kernel_regularizer") }
}

// WithBiasRegularizer sets a penalty on the bias (Keras's
// bias_regularizer=).
func WithBiasRegularizer(r any) Option {
	return func(k *Kwargs) { k.BiasRegularizer = r; k.mark("bias_regularizer") }
}

// WithActivityRegularizer sets a penalty on the layer's output (Keras's
// activity_regularizer=), added to the loss in training.
func WithActivityRegularizer(r any) Option {
	return func(k *Kwargs) { k.ActivityRegularizer = r; k.mark("activity_regularizer") }
}

// WithSeed seeds the layer's random draws (Keras's seed=).
func WithSeed(seed uint64) Option {
	return func(k *Kwargs) { k.Seed = seed; k.mark("seed") }
}

// WithAxis sets the axis a layer works along (Keras's axis=).
func WithAxis(axis int) Option {
	return func(k *Kwargs) { k.Axis = axis; k.mark("axis") }
}

// WithNormalize asks Dot to L2-normalize its inputs along the dot axes
// first, giving the cosine similarity (Keras's normalize=).
func WithNormalize(n bool) Option {
	return func(k *Kwargs) { k.Normalize = n; k.mark("normalize") }
}

// WithDataFormat sets "channels_last" (the default) or "channels_first"
// (Keras's data_format=).
func WithDataFormat(f string) Option {
	return func(k *Kwargs) { k.DataFormat = f; k.mark("data_format") }
}
