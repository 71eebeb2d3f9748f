// Package initializers draws the initial values of weights as Keras's
// initializers do: GlorotUniform (Dense's default kernel initializer),
// Zeros (its default bias initializer), Ones, Constant, Identity,
// RandomNormal, RandomUniform, TruncatedNormal, Orthogonal, and the
// variance-scaling family (VarianceScaling, GlorotNormal, HeNormal,
// HeUniform, LecunNormal, LecunUniform).
//
// Random initializers draw from a *tensor.RNG, whose numbers are the same
// on every platform, so a seed gives bit-identical weights everywhere. An
// initializer built with a seed draws from its own generator seeded with
// it, and gives the same values at every call, as a seeded Keras
// initializer does; an unseeded one draws from the generator its caller
// passes (a layer hands each weight its own stream).
package initializers

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/gokeras/gokeras/tensor"
)

// Initializer draws the initial value of a weight.
type Initializer interface {
	// Init returns a new float32 tensor of the given shape. Random
	// initializers draw from rng unless they carry a seed of their own.
	Init(shape []int, rng *tensor.RNG) (*tensor.Tensor[float32], error)
	// ClassName returns the Keras class name, e.g. "GlorotUniform".
	ClassName() string
}

// seeded is embedded by the random initializers: an optional seed of their
// own.
type seeded struct {
	seed    uint64
	hasSeed bool
}

// rng returns the generator to draw from: a fresh one seeded with the
// initializer's seed, or the caller's.
func (s seeded) rng(caller *tensor.RNG) (*tensor.RNG, error) {
	if s.hasSeed {
		return tensor.NewRNG(s.seed), nil
	}
	if caller == nil {
		return nil, fmt.Errorf("initializers: no random generator given to an unseeded initializer")
	}
	return caller, nil
}

// seedOf turns an optional seed argument into a seeded value.
func seedOf(seed []uint64) seeded {
	if len(seed) == 0 {
		return seeded{}
	}
	return seeded{seed: seed[0], hasSeed: true}
}

// Zeros is Keras's Zeros initializer: every element is 0.
type Zeros struct{}

// Init returns a tensor of zeros.
func (Zeros) Init(shape []int, _ *tensor.RNG) (*tensor.Tensor[float32], error) {
	return tensor.Zeros[float32](shape...)
}

// ClassName returns "Zeros".
func (Zeros) ClassName() string { return "Zeros" }

// Ones is Keras's Ones initializer: every element is 1.
type Ones struct{}

// Init returns a tensor of ones.
func (Ones) Init(shape []int, _ *tensor.RNG) (*tensor.Tensor[float32], error) {
	return tensor.Ones[float32](shape...)
}

// ClassName returns "Ones".
func (Ones) ClassName() string { return "Ones" }

// Constant is Keras's Constant initializer: every element is Value.
type Constant struct {
	// Value is the value of every element (Keras's default 0).
	Value float32
}

// Init returns a tensor filled with c.Value.
func (c Constant) Init(shape []int, _ *tensor.RNG) (*tensor.Tensor[float32], error) {
	return tensor.Full(c.Value, shape...)
}

// ClassName returns "Constant".
func (Constant) ClassName() string { return "Constant" }

// RandomNormal is Keras's RandomNormal initializer: it draws from the
// normal distribution N(Mean, Stddev²); Keras's defaults are mean 0 and
// stddev 0.05.
type RandomNormal struct {
	Mean, Stddev float32
	seeded
}

// NewRandomNormal returns RandomNormal with Keras's defaults (mean 0,
// stddev 0.05) and, if given, a seed of its own.
func NewRandomNormal(seed ...uint64) *RandomNormal {
	return &RandomNormal{Mean: 0, Stddev: 0.05, seeded: seedOf(seed)}
}

// Init draws the values.
func (r *RandomNormal) Init(shape []int, rng *tensor.RNG) (*tensor.Tensor[float32], error) {
	g, err := r.rng(rng)
	if err != nil {
		return nil, err
	}
	return tensor.RandNormal(g, r.Mean, r.Stddev, shape...)
}

// ClassName returns "RandomNormal".
func (*RandomNormal) ClassName() string { return "RandomNormal" }

// RandomUniform is Keras's RandomUniform initializer: it draws uniformly
// from [Minval, Maxval); Keras's defaults are −0.05 and 0.05.
type RandomUniform struct {
	Minval, Maxval float32
	seeded
}

// NewRandomUniform returns RandomUniform with Keras's defaults (−0.05,
// 0.05) and, if given, a seed of its own.
func NewRandomUniform(seed ...uint64) *RandomUniform {
	return &RandomUniform{Minval: -0.05, Maxval: 0.05, seeded: seedOf(seed)}
}

// Init draws the values.
func (r *RandomUniform) Init(shape []int, rng *tensor.RNG) (*tensor.Tensor[float32], error) {
	g, err := r.rng(rng)
	if err != nil {
		return nil, err
	}
	return tensor.RandUniform(g, r.Minval, r.Maxval, shape...)
}

// ClassName returns "RandomUniform".
func (*RandomUniform) ClassName() string { return "RandomUniform" }

// TruncatedNormal is Keras's TruncatedNormal initializer: it draws from
// N(Mean, Stddev²), redrawing values more than two standard deviations
// from the mean (so the draws' stddev is 0.8796·Stddev); Keras's defaults
// are mean 0 and stddev 0.05.
type TruncatedNormal struct {
	Mean, Stddev float32
	seeded
}

// NewTruncatedNormal returns TruncatedNormal with Keras's defaults (mean 0,
// stddev 0.05) and, if given, a seed of its own.
func NewTruncatedNormal(seed ...uint64) *TruncatedNormal {
	return &TruncatedNormal{Mean: 0, Stddev: 0.05, seeded: seedOf(seed)}
}

// Init draws the values.
func (r *TruncatedNormal) Init(shape []int, rng *tensor.RNG) (*tensor.Tensor[float32], error) {
	g, err := r.rng(rng)
	if err != nil {
		return nil, err
	}
	return tensor.RandTruncatedNormal(g, r.Mean, r.Stddev, shape...)
}

// ClassName returns "TruncatedNormal".
func (*TruncatedNormal) ClassName() string { return "TruncatedNormal" }

// Fans returns the fan-in and fan-out of a weight of the given shape as
// Keras computes them: a vector has fan-in = fan-out = its length, a
// matrix (in, out) has fan-in in and fan-out out, and a convolution kernel
// (…, in, out) multiplies both by the receptive field, the product of the
// leading dimensions. A scalar has fans 1 and 1.
func Fans(shape []int) (fanIn, fanOut float64) {
	switch len(shape) {
	case 0:
		return 1, 1
	case 1:
		return float64(shape[0]), float64(shape[0])
	case 2:
		return float64(shape[0]), float64(shape[1])
	}
	field := 1.0
	for _, d := range shape[:len(shape)-2] {
		field *= float64(d)
	}
	return float64(shape[len(shape)-2]) * field, float64(shape[len(shape)-1]) * field
}

// VarianceScaling is Keras's VarianceScaling initializer: it draws with a
// variance of Scale/n, where n is the fan-in, the fan-out or their average
// (Mode "fan_in", "fan_out", "fan_avg"; see Fans) but at least 1, from a
// normal truncated at two standard deviations (Distribution
// "truncated_normal", stddev √(Scale/n)/0.87962566103423978, the stddev of
// a unit normal truncated at ±2, so that the draws keep the variance), a
// plain normal ("untruncated_normal", stddev √(Scale/n)) or a uniform
// distribution ("uniform", on [−l, l) with l = √(3·Scale/n)). Keras's
// defaults are Scale 1, Mode "fan_in" and Distribution "truncated_normal";
// GlorotUniform, GlorotNormal, HeUniform, HeNormal, LecunUniform and
// LecunNormal are its named members.
type VarianceScaling struct {
	Scale        float64
	Mode         string
	Distribution string
	class        string
	seeded
}

// truncatedStd is the standard deviation of a unit normal truncated at ±2,
// by which Keras divides so that the truncated draws keep the variance.
const truncatedStd = 0.87962566103423978

// NewVarianceScaling returns a VarianceScaling initializer after checking
// its arguments. As in Keras, the distribution is matched in lower case and
// "normal" means "truncated_normal". Keras's defaults are scale 1, mode
// "fan_in" and distribution "truncated_normal" (Get("variance_scaling")).
func NewVarianceScaling(scale float64, mode, distribution string, seed ...uint64) (*VarianceScaling, error) {
	distribution = strings.ToLower(distribution)
	if distribution == "normal" {
		distribution = "truncated_normal" // Keras's alias
	}
	v := &VarianceScaling{Scale: scale, Mode: mode, Distribution: distribution, class: "VarianceScaling", seeded: seedOf(seed)}
	return v, v.check()
}

func (v *VarianceScaling) check() error {
	if !(v.Scale > 0) {
		return fmt.Errorf("initializers: VarianceScaling: expected a positive scale, received %v", v.Scale)
	}
	switch v.Mode {
	case "fan_in", "fan_out", "fan_avg":
	default:
		return fmt.Errorf("initializers: VarianceScaling: expected mode fan_in, fan_out or fan_avg, received %q", v.Mode)
	}
	switch v.Distribution {
	case "truncated_normal", "untruncated_normal", "uniform":
	default:
		return fmt.Errorf("initializers: VarianceScaling: expected distribution truncated_normal, untruncated_normal or uniform, received %q", v.Distribution)
	}
	return nil
}

// Init draws the values.
func (v *VarianceScaling) Init(shape []int, rng *tensor.RNG) (*tensor.Tensor[float32], error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	g, err := v.rng(rng)
	if err != nil {
		return nil, err
	}
	fanIn, fanOut := Fans(shape)
	n := fanIn
	switch v.Mode {
	case "fan_out":
		n = fanOut
	case "fan_avg":
		n = (fanIn + fanOut) / 2
	}
	scale := v.Scale / math.Max(1, n)
	switch v.Distribution {
	case "truncated_normal":
		return tensor.RandTruncatedNormal(g, 0, float32(math.Sqrt(scale)/truncatedStd), shape...)
	case "untruncated_normal":
		return tensor.RandNormal(g, 0, float32(math.Sqrt(scale)), shape...)
	}
	limit := float32(math.Sqrt(3 * scale))
	return tensor.RandUniform(g, -limit, limit, shape...)
}

// ClassName returns the Keras class: "GlorotUniform", "HeNormal", … for the
// named members of the family, else "VarianceScaling".
func (v *VarianceScaling) ClassName() string {
	if v.class == "" {
		return "VarianceScaling"
	}
	return v.class
}

func family(class string, scale float64, mode, dist string, seed []uint64) *VarianceScaling {
	return &VarianceScaling{Scale: scale, Mode: mode, Distribution: dist, class: class, seeded: seedOf(seed)}
}

// GlorotUniform is Keras's GlorotUniform (Xavier uniform) initializer,
// VarianceScaling(1, "fan_avg", "uniform"): it draws uniformly from
// [−l, l) with l = √(6/(fan_in + fan_out)). It is the default kernel
// initializer of Keras's Dense.
func GlorotUniform(seed ...uint64) *VarianceScaling {
	return family("GlorotUniform", 1, "fan_avg", "uniform", seed)
}

// GlorotNormal is Keras's GlorotNormal (Xavier normal) initializer,
// VarianceScaling(1, "fan_avg", "truncated_normal"): a normal truncated at
// two standard deviations whose draws have stddev √(2/(fan_in + fan_out)).
func GlorotNormal(seed ...uint64) *VarianceScaling {
	return family("GlorotNormal", 1, "fan_avg", "truncated_normal", seed)
}

// HeNormal is Keras's HeNormal initializer, VarianceScaling(2, "fan_in",
// "truncated_normal"): a normal truncated at two standard deviations whose
// draws have stddev √(2/fan_in).
func HeNormal(seed ...uint64) *VarianceScaling {
	return family("HeNormal", 2, "fan_in", "truncated_normal", seed)
}

// HeUniform is Keras's HeUniform initializer, VarianceScaling(2, "fan_in",
// "uniform"): it draws uniformly from [−l, l) with l = √(6/fan_in).
func HeUniform(seed ...uint64) *VarianceScaling {
	return family("HeUniform", 2, "fan_in", "uniform", seed)
}

// LecunNormal is Keras's LecunNormal initializer, VarianceScaling(1,
// "fan_in", "truncated_normal"): a normal truncated at two standard
// deviations whose draws have stddev √(1/fan_in).
func LecunNormal(seed ...uint64) *VarianceScaling {
	return family("LecunNormal", 1, "fan_in", "truncated_normal", seed)
}

// LecunUniform is Keras's LecunUniform initializer, VarianceScaling(1,
// "fan_in", "uniform"): it draws uniformly from [−l, l) with
// l = √(3/fan_in).
func LecunUniform(seed ...uint64) *VarianceScaling {
	return family("LecunUniform", 1, "fan_in", "uniform", seed)
}

// byName maps Keras's identifiers to constructors with the defaults.
var byName = map[string]func() Initializer{
	"zeros":            func() Initializer { return Zeros{} },
	"ones":             func() Initializer { return Ones{} },
	"constant":         func() Initializer { return Constant{} },
	"random_normal":    func() Initializer { return NewRandomNormal() },
	"random_uniform":   func() Initializer { return NewRandomUniform() },
	"truncated_normal": func() Initializer { return NewTruncatedNormal() },
	"glorot_uniform":   func() Initializer { return GlorotUniform() },
	"glorot_normal":    func() Initializer { return GlorotNormal() },
	"he_normal":        func() Initializer { return HeNormal() },
	"he_uniform":       func() Initializer { return HeUniform() },
	"lecun_normal":     func() Initializer { return LecunNormal() },
	"lecun_uniform":    func() Initializer { return LecunUniform() },
}

// register adds a constructor under identifiers; class files call it from
// init, so adding an initializer touches only its own file.
func register(f func() Initializer, names ...string) {
	for _, n := range names {
		byName[n] = f
	}
}

// Get returns a new initializer with Keras's defaults for the identifier
// name: a snake-case name ("glorot_uniform", "zeros", …), a class name
// ("GlorotUniform") or one of Keras's aliases ("uniform", "normal", "one",
// "zero"). Names are matched exactly, then in lower case. An unknown name
// is an error that lists the known ones.
func Get(name string) (Initializer, error) {
	if f, ok := byName[name]; ok {
		return f(), nil
	}
	if f, ok := byName[strings.ToLower(name)]; ok {
		return f(), nil
	}
	return nil, fmt.Errorf("initializers: unknown initializer %q: expected one of %s", name, strings.Join(Names(), ", "))
}

// Names returns the lower-case identifiers Get accepts, sorted (Get also
// takes the class names).
func Names() []string {
	names := make([]string, 0, len(byName))
	for n := range byName {
		if n == strings.ToLower(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// Resolve turns a Keras-style argument into an initializer: an Initializer
// is returned as is, a string goes through Get, and nil gives def.
func Resolve(v any, def Initializer) (Initializer, error) {
	switch v := v.(type) {
	case nil:
		return def, nil
	case Initializer:
		return v, nil
	case string:
		return Get(v)
	}
	return nil, fmt.Errorf("initializers: expected an identifier or an Initializer, received %T", v)
}
