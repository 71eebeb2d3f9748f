package layers

import "github.com/gokeras/gokeras/saving"

// Config returns Keras's get_config of a merge layer (Add, Subtract,
// Multiply, Average, Maximum, Minimum): the common fields.
func (l *Merge) Config() (*saving.Params, error) { return l.BaseConfig(), nil }

// Config returns Keras's get_config of Concatenate: axis.
func (l *Concatenate) Config() (*saving.Params, error) {
	return l.BaseConfig().Set("axis", l.Axis), nil
}

// Config returns Keras's get_config of Dot: axes and normalize.
func (l *Dot) Config() (*saving.Params, error) {
	p := l.BaseConfig()
	if l.Axes[0] == l.Axes[1] {
		p.Set("axes", l.Axes[0])
	} else {
		p.Set("axes", []int{l.Axes[0], l.Axes[1]})
	}
	return p.Set("normalize", l.Normalize), nil
}

func init() {
	for class, ctor := range map[string]func(...Option) Layer{
		"Add":      func(o ...Option) Layer { return NewAdd(o...) },
		"Subtract": func(o ...Option) Layer { return NewSubtract(o...) },
		"Multiply": func(o ...Option) Layer { return NewMultiply(o...) },
		"Average":  func(o ...Option) Layer { return NewAverage(o...) },
		"Maximum":  func(o ...Option) Layer { return NewMaximum(o...) },
		"Minimum":  func(o ...Option) Layer { return NewMinimum(o...) },
	} {
		Register(class, fromConfig(nil, func(_ *saving.Params, o []Option) (Layer, error) { return ctor(o...), nil }))
	}
	Register("Concatenate", fromConfig(func(p *saving.Params) ([]Option, error) {
		a, err := p.IntOr("axis", -1)
		return []Option{WithAxis(a)}, err
	}, func(_ *saving.Params, o []Option) (Layer, error) { return NewConcatenate(o...), nil }))
	Register("Dot", fromConfig(func(p *saving.Params) ([]Option, error) {
		n, err := p.BoolOr("normalize", false)
		return []Option{WithNormalize(n)}, err
	}, func(p *saving.Params, o []Option) (Layer, error) {
		axes, err := intsArg(p, "axes")
		if err != nil {
			return nil, err
		}
		return NewDot(axes, o...), nil
	}))
}
