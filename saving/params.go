package saving

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Params is a Keras config dictionary: the "config" of a layer, initializer,
// optimizer or model, with its keys in the order the file wrote them.
//
// Values are JSON values as Go values: nil, bool, json.Number, string,
// []any, *Params (a nested dictionary), *Object (a nested serialized Keras
// object, one with a "class_name"), or TensorRef (a Keras tensor inside node
// arguments). The typed getters convert them and return errors naming the
// owner (for example `layer "dense_1" (Dense)`) and the field, in Keras's
// "expected …, received …" form. Getters record which keys were read, so
// Unused and CheckUsed can report the fields a loader did not understand.
//
// A key whose value is null counts as absent for the ...Or getters and for
// Has, as Keras treats a None argument as the default.
type Params struct {
	owner string
	keys  []string
	vals  map[string]any
	used  map[string]bool
}

// NewParams returns an empty Params; owner names it in error messages.
func NewParams(owner string) *Params {
	return &Params{owner: owner, vals: map[string]any{}, used: map[string]bool{}}
}

// Owner returns the description used in error messages.
func (p *Params) Owner() string { return p.owner }

// SetOwner changes the description used in error messages, for p and the
// dictionaries nested in it.
func (p *Params) SetOwner(owner string) {
	p.owner = owner
	for _, v := range p.vals {
		if q, ok := v.(*Params); ok {
			q.SetOwner(owner)
		}
	}
}

// Len returns the number of keys.
func (p *Params) Len() int {
	if p == nil {
		return 0
	}
	return len(p.keys)
}

// Keys returns the keys in order.
func (p *Params) Keys() []string {
	if p == nil {
		return nil
	}
	return append([]string{}, p.keys...)
}

// Set sets key to v, appending key if it is new. v must be one of the value
// types listed on Params, or a Go number, []int, []float64 or []string,
// which Set converts.
func (p *Params) Set(key string, v any) *Params {
	if _, ok := p.vals[key]; !ok {
		p.keys = append(p.keys, key)
	}
	p.vals[key] = normalizeValue(v)
	return p
}

// Delete removes key.
func (p *Params) Delete(key string) {
	if _, ok := p.vals[key]; !ok {
		return
	}
	delete(p.vals, key)
	delete(p.used, key)
	for i, k := range p.keys {
		if k == key {
			p.keys = append(p.keys[:i], p.keys[i+1:]...)
			break
		}
	}
}

// Rename renames key to newKey in place, keeping its position; it does
// nothing if key is absent, and overwrites newKey if present.
func (p *Params) Rename(key, newKey string) {
	v, ok := p.vals[key]
	if !ok || key == newKey {
		return
	}
	p.Delete(newKey)
	for i, k := range p.keys {
		if k == key {
			p.keys[i] = newKey
		}
	}
	delete(p.vals, key)
	p.vals[newKey] = v
}

// Has reports whether key is present with a non-null value.
func (p *Params) Has(key string) bool {
	if p == nil {
		return false
	}
	v, ok := p.vals[key]
	return ok && v != nil
}

// Raw returns the value of key (nil if absent) and marks it read.
func (p *Params) Raw(key string) any {
	if p == nil {
		return nil
	}
	p.used[key] = true
	return p.vals[key]
}

// Ignore marks keys as read, for fields a loader accepts and drops.
func (p *Params) Ignore(keys ...string) {
	if p == nil {
		return
	}
	for _, k := range keys {
		p.used[k] = true
	}
}

// Unused returns the keys no getter has read, in order.
func (p *Params) Unused() []string {
	var out []string
	for _, k := range p.Keys() {
		if !p.used[k] {
			out = append(out, k)
		}
	}
	return out
}

// CheckUsed returns an error naming every field no getter has read, as
// Keras rejects unrecognized keyword arguments.
func (p *Params) CheckUsed() error {
	if u := p.Unused(); len(u) > 0 {
		return fmt.Errorf("saving: %s: unrecognized config field(s) %s", p.owner, quoteAll(u))
	}
	return nil
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = fmt.Sprintf("%q", v)
	}
	return strings.Join(q, ", ")
}

// fieldErr builds the error of a getter.
func (p *Params) fieldErr(key, expected string, got any) error {
	return fmt.Errorf("saving: %s: config field %q: expected %s, received %s", p.owner, key, expected, describe(got))
}

func (p *Params) missing(key string) error {
	return fmt.Errorf("saving: %s: missing config field %q", p.owner, key)
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("%q", x)
	case json.Number:
		return x.String()
	case *Params:
		return "a dictionary"
	case *Object:
		return fmt.Sprintf("an object of class %q", x.ClassName)
	case []any:
		if len(x) <= 16 {
			parts := make([]string, 0, len(x))
			for _, e := range x {
				switch e.(type) {
				case nil, string, json.Number, bool:
					parts = append(parts, describe(e))
				}
			}
			if len(parts) == len(x) {
				return "[" + strings.Join(parts, ", ") + "]"
			}
		}
		return fmt.Sprintf("a list of %d", len(x))
	}
	return fmt.Sprintf("%v", v)
}

// get returns the value of a required key.
func (p *Params) get(key string) (any, error) {
	if !p.Has(key) {
		if p != nil {
			p.used[key] = true
		}
		if p == nil {
			return nil, fmt.Errorf("saving: missing config field %q", key)
		}
		return nil, p.missing(key)
	}
	return p.Raw(key), nil
}

// Int returns the integer value of key. A float with an integral value
// (Keras 1 configs wrote 3.0) is accepted.
func (p *Params) Int(key string) (int, error) {
	v, err := p.get(key)
	if err != nil {
		return 0, err
	}
	n, ok := toInt(v)
	if !ok {
		return 0, p.fieldErr(key, "an integer", v)
	}
	return n, nil
}

// IntOr returns the integer value of key, or def if key is absent or null.
func (p *Params) IntOr(key string, def int) (int, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return def, nil
	}
	return p.Int(key)
}

func toInt(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	if i, err := n.Int64(); err == nil && i == int64(int(i)) {
		return int(i), true
	}
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}

// Float returns the numeric value of key.
func (p *Params) Float(key string) (float64, error) {
	v, err := p.get(key)
	if err != nil {
		return 0, err
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, p.fieldErr(key, "a number", v)
	}
	f, err := n.Float64()
	if err != nil {
		return 0, p.fieldErr(key, "a finite number", v)
	}
	return f, nil
}

// FloatOr returns the numeric value of key, or def if absent or null.
func (p *Params) FloatOr(key string, def float64) (float64, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return def, nil
	}
	return p.Float(key)
}

// String returns the string value of key.
func (p *Params) String(key string) (string, error) {
	v, err := p.get(key)
	if err != nil {
		return "", err
	}
	s, ok := v.(string)
	if !ok {
		return "", p.fieldErr(key, "a string", v)
	}
	return s, nil
}

// StringOr returns the string value of key, or def if absent or null.
func (p *Params) StringOr(key, def string) (string, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return def, nil
	}
	return p.String(key)
}

// Bool returns the boolean value of key.
func (p *Params) Bool(key string) (bool, error) {
	v, err := p.get(key)
	if err != nil {
		return false, err
	}
	b, ok := v.(bool)
	if !ok {
		return false, p.fieldErr(key, "true or false", v)
	}
	return b, nil
}

// BoolOr returns the boolean value of key, or def if absent or null.
func (p *Params) BoolOr(key string, def bool) (bool, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return def, nil
	}
	return p.Bool(key)
}

// Ints returns a list of integers. A single integer is accepted as a list
// of n copies of it when n > 0 (Keras's kernel_size=3 for (3, 3)); with
// n > 0 a list must have exactly n elements.
func (p *Params) Ints(key string, n int) ([]int, error) {
	v, err := p.get(key)
	if err != nil {
		return nil, err
	}
	if i, ok := toInt(v); ok && n > 0 {
		out := make([]int, n)
		for k := range out {
			out[k] = i
		}
		return out, nil
	}
	list, ok := v.([]any)
	want := "a list of integers"
	if n > 0 {
		want = fmt.Sprintf("an integer or a list of %d integers", n)
	}
	if !ok || (n > 0 && len(list) != n) {
		return nil, p.fieldErr(key, want, v)
	}
	out := make([]int, len(list))
	for k, e := range list {
		if out[k], ok = toInt(e); !ok {
			return nil, p.fieldErr(key, want, v)
		}
	}
	return out, nil
}

// Floats returns a list of numbers.
func (p *Params) Floats(key string) ([]float64, error) {
	v, err := p.get(key)
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, p.fieldErr(key, "a list of numbers", v)
	}
	out := make([]float64, len(list))
	for k, e := range list {
		n, ok := e.(json.Number)
		if !ok {
			return nil, p.fieldErr(key, "a list of numbers", v)
		}
		if out[k], err = n.Float64(); err != nil {
			return nil, p.fieldErr(key, "a list of finite numbers", v)
		}
	}
	return out, nil
}

// Strings returns a list of strings.
func (p *Params) Strings(key string) ([]string, error) {
	v, err := p.get(key)
	if err != nil {
		return nil, err
	}
	list, ok := v.([]any)
	if !ok {
		return nil, p.fieldErr(key, "a list of strings", v)
	}
	out := make([]string, len(list))
	for k, e := range list {
		if out[k], ok = e.(string); !ok {
			return nil, p.fieldErr(key, "a list of strings", v)
		}
	}
	return out, nil
}

// Shape returns a shape: a list of dimensions where null (an unknown
// dimension) becomes -1.
func (p *Params) Shape(key string) ([]int, error) {
	v, err := p.get(key)
	if err != nil {
		return nil, err
	}
	s, ok := toShape(v)
	if !ok {
		return nil, p.fieldErr(key, "a shape (a list of integers or nulls)", v)
	}
	return s, nil
}

func toShape(v any) ([]int, bool) {
	list, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]int, len(list))
	for k, e := range list {
		if e == nil {
			out[k] = -1
			continue
		}
		if out[k], ok = toInt(e); !ok || out[k] < 0 {
			return nil, false
		}
	}
	return out, true
}

// Object returns the serialized Keras object at key (an initializer,
// regularizer, constraint, activation, optimizer, ...), or nil if the key
// is absent or null. A string value, such as "glorot_uniform" or "relu",
// gives an Object with that ClassName and no Config.
func (p *Params) Object(key string) (*Object, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return nil, nil
	}
	switch v := p.Raw(key).(type) {
	case *Object:
		return v, nil
	case string:
		return &Object{ClassName: v, Identifier: true}, nil
	default:
		return nil, p.fieldErr(key, "a serialized object or a name", v)
	}
}

// Params returns the nested dictionary at key, or nil if absent or null.
func (p *Params) Params(key string) (*Params, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return nil, nil
	}
	v := p.Raw(key)
	q, ok := v.(*Params)
	if !ok {
		return nil, p.fieldErr(key, "a dictionary", v)
	}
	return q, nil
}

// DType returns the dtype at key as a name ("float32", "mixed_float16"): a
// string, or a dtype policy object (Keras 3's DTypePolicy, tf.keras's
// Policy) whose config holds the name. An absent or null key gives "".
func (p *Params) DType(key string) (string, error) {
	if !p.Has(key) {
		p.Ignore(key)
		return "", nil
	}
	switch v := p.Raw(key).(type) {
	case string:
		return v, nil
	case *Object:
		name, err := v.Config.String("name")
		if err != nil {
			return "", p.fieldErr(key, "a dtype policy with a name", v)
		}
		return name, nil
	default:
		return "", p.fieldErr(key, "a dtype name or policy", v)
	}
}

// Clone returns a deep copy of p.
func (p *Params) Clone() *Params {
	if p == nil {
		return nil
	}
	q := NewParams(p.owner)
	for _, k := range p.keys {
		q.keys = append(q.keys, k)
		q.vals[k] = cloneValue(p.vals[k])
	}
	return q
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case *Params:
		return x.Clone()
	case *Object:
		return x.Clone()
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneValue(e)
		}
		return out
	case TensorRef:
		x.Shape = append([]int(nil), x.Shape...)
		return x
	}
	return v
}

// normalizeValue converts the Go values Set accepts to the JSON value types.
func normalizeValue(v any) any {
	switch x := v.(type) {
	case int:
		return json.Number(fmt.Sprint(x))
	case int64:
		return json.Number(fmt.Sprint(x))
	case int32:
		return json.Number(fmt.Sprint(x))
	case float64:
		return floatNumber(x)
	case float32:
		return floatNumber(float64(x))
	case []int:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeValue(e)
		}
		return out
	case []float64:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = floatNumber(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case map[string]any:
		q := NewParams("")
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			q.Set(k, x[k])
		}
		return q
	}
	return v
}

// floatNumber writes a float the way Python's repr does for the values
// configs hold: with a decimal point or exponent, so it reads back as a
// float ("1.0", not "1").
func floatNumber(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil // JSON has no NaN or infinity; Keras writes them as non-standard tokens
	}
	s := fmt.Sprint(f)
	if !strings.ContainsAny(s, ".eE") {
		s += ".0"
	}
	return json.Number(s)
}
