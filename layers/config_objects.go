package layers

import (
	"fmt"

	"github.com/gokeras/gokeras/activations"
	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/saving"
)

// seedArg reads an optional integer seed.
func seedArg(c *saving.Params) ([]uint64, error) {
	if !c.Has("seed") {
		c.Ignore("seed")
		return nil, nil
	}
	s, err := c.Int("seed")
	if err != nil {
		return nil, err
	}
	if s < 0 {
		return nil, fmt.Errorf("layers: %s: expected a seed ≥ 0, received %d", c.Owner(), s)
	}
	return []uint64{uint64(s)}, nil
}

// InitializerFrom rebuilds an initializer from its serialized object
// (either Keras dialect; a bare name such as "glorot_uniform" too), or
// returns def for nil.
func InitializerFrom(o *saving.Object, def initializers.Initializer) (initializers.Initializer, error) {
	if o == nil {
		return def, nil
	}
	if o.Identifier {
		return initializers.Get(o.ClassName)
	}
	c := o.Config
	if c == nil {
		c = saving.NewParams("initializer " + o.ClassName)
	}
	seed, err := seedArg(c)
	if err != nil {
		return nil, err
	}
	var init initializers.Initializer
	switch o.ClassName {
	case "Zeros", "Ones":
		init, err = initializers.Get(o.ClassName)
	case "Constant":
		var v float64
		if v, err = c.FloatOr("value", 0); err == nil {
			init = initializers.Constant{Value: float32(v)}
		}
	case "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform":
		fn := map[string]func(...uint64) *initializers.VarianceScaling{
			"GlorotUniform": initializers.GlorotUniform, "GlorotNormal": initializers.GlorotNormal,
			"HeNormal": initializers.HeNormal, "HeUniform": initializers.HeUniform,
			"LecunNormal": initializers.LecunNormal, "LecunUniform": initializers.LecunUniform,
		}[o.ClassName]
		init = fn(seed...)
	case "VarianceScaling":
		init, err = varianceScalingFrom(c, seed)
	case "RandomNormal", "TruncatedNormal":
		var mean, sd float64
		if mean, err = c.FloatOr("mean", 0); err != nil {
			return nil, err
		}
		if sd, err = c.FloatOr("stddev", 0.05); err != nil {
			return nil, err
		}
		if o.ClassName == "RandomNormal" {
			r := initializers.NewRandomNormal(seed...)
			r.Mean, r.Stddev = float32(mean), float32(sd)
			init = r
		} else {
			r := initializers.NewTruncatedNormal(seed...)
			r.Mean, r.Stddev = float32(mean), float32(sd)
			init = r
		}
	case "RandomUniform":
		var lo, hi float64
		if lo, err = c.FloatOr("minval", -0.05); err != nil {
			return nil, err
		}
		if hi, err = c.FloatOr("maxval", 0.05); err != nil {
			return nil, err
		}
		r := initializers.NewRandomUniform(seed...)
		r.Minval, r.Maxval = float32(lo), float32(hi)
		init = r
	case "Orthogonal":
		r := initializers.NewOrthogonal(seed...)
		if r.Gain, err = c.FloatOr("gain", 1); err == nil {
			init = r
		}
	case "Identity":
		r := initializers.NewIdentity()
		if r.Gain, err = c.FloatOr("gain", 1); err == nil {
			init = r
		}
	default:
		return nil, fmt.Errorf("layers: unknown initializer class %q", o.ClassName)
	}
	if err != nil {
		return nil, err
	}
	if err := c.CheckUsed(); err != nil {
		return nil, err
	}
	return init, nil
}

func varianceScalingFrom(c *saving.Params, seed []uint64) (initializers.Initializer, error) {
	scale, err := c.FloatOr("scale", 1)
	if err != nil {
		return nil, err
	}
	mode, err := c.StringOr("mode", "fan_in")
	if err != nil {
		return nil, err
	}
	dist, err := c.StringOr("distribution", "truncated_normal")
	if err != nil {
		return nil, err
	}
	if dist == "normal" { // Keras 2's alias
		dist = "truncated_normal"
	}
	return initializers.NewVarianceScaling(scale, mode, dist, seed...)
}

// RegularizerFrom rebuilds a regularizer from its serialized object, or
// returns nil for nil.
func RegularizerFrom(o *saving.Object) (regularizers.Regularizer, error) {
	if o == nil {
		return nil, nil
	}
	if o.Identifier {
		return regularizers.Get(o.ClassName)
	}
	c := o.Config
	if c == nil {
		c = saving.NewParams("regularizer " + o.ClassName)
	}
	var r regularizers.Regularizer
	switch o.ClassName {
	case "L1", "L2", "L1L2":
		l1, err := c.FloatOr("l1", 0)
		if err != nil {
			return nil, err
		}
		l2, err := c.FloatOr("l2", 0)
		if err != nil {
			return nil, err
		}
		switch o.ClassName {
		case "L1":
			r = regularizers.L1(l1)
		case "L2":
			r = regularizers.L2(l2)
		default:
			r = regularizers.L1L2(l1, l2)
		}
	case "OrthogonalRegularizer":
		f, err := c.FloatOr("factor", 0.01)
		if err != nil {
			return nil, err
		}
		mode, err := c.StringOr("mode", "rows")
		if err != nil {
			return nil, err
		}
		if r, err = regularizers.NewOrthogonalRegularizer(f, mode); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("layers: unknown regularizer class %q", o.ClassName)
	}
	return r, c.CheckUsed()
}

// axisArg reads a constraint's axis: an integer or a list.
func axisArg(c *saving.Params) ([]int, error) {
	if !c.Has("axis") {
		c.Ignore("axis")
		return []int{0}, nil
	}
	if v, err := c.Int("axis"); err == nil {
		return []int{v}, nil
	}
	return c.Ints("axis", 0)
}

// ConstraintFrom rebuilds a constraint from its serialized object, or
// returns nil for nil.
func ConstraintFrom(o *saving.Object) (constraints.Constraint, error) {
	if o == nil {
		return nil, nil
	}
	if o.Identifier {
		return constraints.Get(o.ClassName)
	}
	c := o.Config
	if c == nil {
		c = saving.NewParams("constraint " + o.ClassName)
	}
	var out constraints.Constraint
	var err error
	switch o.ClassName {
	case "NonNeg":
		out = constraints.NonNeg{}
	case "MaxNorm":
		m := constraints.NewMaxNorm()
		if m.MaxValue, err = c.FloatOr("max_value", 2); err != nil {
			return nil, err
		}
		if m.Axis, err = axisArg(c); err != nil {
			return nil, err
		}
		out = m
	case "UnitNorm":
		m := constraints.NewUnitNorm()
		if m.Axis, err = axisArg(c); err != nil {
			return nil, err
		}
		out = m
	case "MinMaxNorm":
		m := constraints.NewMinMaxNorm()
		if m.MinValue, err = c.FloatOr("min_value", m.MinValue); err != nil {
			return nil, err
		}
		if m.MaxValue, err = c.FloatOr("max_value", m.MaxValue); err != nil {
			return nil, err
		}
		if m.Rate, err = c.FloatOr("rate", m.Rate); err != nil {
			return nil, err
		}
		if m.Axis, err = axisArg(c); err != nil {
			return nil, err
		}
		out = m
	default:
		return nil, fmt.Errorf("layers: unknown constraint class %q", o.ClassName)
	}
	return out, c.CheckUsed()
}

// activationArg reads an activation: a name, or Keras 3's serialized
// function object whose class_name or config holds the name.
func activationArg(p *saving.Params, key string) (string, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return "linear", nil
	}
	o, err := p.Object(key)
	if err != nil {
		return "", err
	}
	name := o.ClassName
	if !o.Identifier && o.Config != nil && o.Config.Has("name") {
		if name, err = o.Config.String("name"); err != nil {
			return "", err
		}
	}
	if _, err := activations.Get(name); err != nil {
		return "", fmt.Errorf("layers: %s: %v", p.Owner(), err)
	}
	return name, nil
}

// activationValue is the config value of an activation name; a custom
// function, and Keras 2's hard_sigmoid, cannot be saved.
func activationValue(b *Base, name string) (string, error) {
	switch name {
	case "custom":
		return "", b.Errorf("a custom activation function has no config: it cannot be saved")
	case activations.Keras2HardSigmoid:
		return "", b.Errorf("Keras 2's hard_sigmoid, clip(0.2x+0.5, 0, 1), read from a Keras 2 file, has no equivalent in Keras 3's configs: the model cannot be saved in Keras 3's format")
	}
	return name, nil
}
