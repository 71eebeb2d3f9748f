package schedules

import (
	"fmt"

	"github.com/gokeras/gokeras/saving"
)

// Module is the module Keras 3 writes in a serialized schedule.
const Module = "keras.optimizers.schedules"

// Configurer is a schedule that can describe itself in Keras's get_config
// form.
type Configurer interface {
	LearningRateSchedule
	// Config returns the schedule's arguments with Keras's names, in the
	// order Keras 3's get_config lists them.
	Config() (*saving.Params, error)
}

// FromConfigFunc builds a schedule of one class from its config. It reads
// the fields through the typed getters of p, whose errors name the
// schedule and the field; Deserialize checks afterwards that every field
// was read.
type FromConfigFunc func(p *saving.Params) (LearningRateSchedule, error)

var registry saving.Registry[FromConfigFunc]

// Register makes Deserialize build schedules of class className with fn.
// Each schedule's file registers its own class; users may register
// schedules of their own. Registering a class twice replaces the first.
func Register(className string, fn FromConfigFunc) { registry.Register(className, fn) }

// Registered returns the class names Deserialize knows, sorted.
func Registered() []string { return registry.Names() }

// Serialize returns s as Keras 3 serializes a schedule inside an
// optimizer's learning_rate: {"module": "keras.optimizers.schedules",
// "class_name": ..., "config": {...}, "registered_name": null}. A
// schedule without a config is an error naming its class.
func Serialize(s LearningRateSchedule) (*saving.Object, error) {
	if s == nil || isNilPointer(s) {
		return nil, fmt.Errorf("schedules: Serialize: nil schedule")
	}
	c, ok := s.(Configurer)
	if !ok {
		return nil, fmt.Errorf("schedules: %s has no config (it does not implement Configurer): it cannot be saved", s.ClassName())
	}
	p, err := c.Config()
	if err != nil {
		return nil, err
	}
	o := saving.NewObject(s.ClassName())
	o.Module = Module
	o.Config = p
	return o, nil
}

// Deserialize rebuilds a schedule from its serialized object, in Keras 3's
// form or Keras 2's (class_name and config only). An unknown class, a
// field the class does not take (Keras rejects unexpected arguments), a
// field of the wrong type or arguments Keras rejects are errors naming
// the schedule and the field. o is not changed.
func Deserialize(o *saving.Object) (LearningRateSchedule, error) {
	if o == nil {
		return nil, fmt.Errorf("schedules: Deserialize: no schedule")
	}
	fn, _, ok := registry.Lookup(o.ClassName)
	if !ok || fn == nil || o.Identifier {
		return nil, fmt.Errorf("schedules: unknown learning rate schedule class %q: expected one of %v (or register it with schedules.Register)", o.ClassName, Registered())
	}
	p := o.Config.Clone()
	if p == nil {
		p = saving.NewParams("")
	}
	p.SetOwner("schedule " + o.ClassName)
	s, err := fn(p)
	if err != nil {
		return nil, err
	}
	if err := p.CheckUsed(); err != nil {
		return nil, err
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	return s, nil
}

// nameOr returns name, or def if name is empty.
func nameOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// newConfig returns an empty config owned by the schedule class.
func newConfig(class string) *saving.Params { return saving.NewParams("schedule " + class) }

// reader reads a schedule's fields, keeping the first error.
type reader struct {
	p   *saving.Params
	err error
}

func (r *reader) float(key string, def float64, required bool) float64 {
	if r.err != nil {
		return def
	}
	var v float64
	if required {
		v, r.err = r.p.Float(key)
	} else {
		v, r.err = r.p.FloatOr(key, def)
	}
	return v
}

func (r *reader) int(key string, def int64, required bool) int64 {
	if r.err != nil {
		return def
	}
	var v int
	if required {
		v, r.err = r.p.Int(key)
	} else {
		v, r.err = r.p.IntOr(key, int(def))
	}
	return int64(v)
}

func (r *reader) bool(key string) bool {
	if r.err != nil {
		return false
	}
	var v bool
	v, r.err = r.p.BoolOr(key, false)
	return v
}

func (r *reader) name() string {
	if r.err != nil {
		return ""
	}
	var v string
	v, r.err = r.p.StringOr("name", "")
	return v
}
