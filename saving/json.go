package saving

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting of config JSON; real configs nest a few
// dozen levels (models inside models).
const maxJSONDepth = 200

// decodeJSON parses data into ordered JSON values: objects become *Params
// (owner empty), numbers json.Number.
func decodeJSON(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	v, err := decodeValue(d, 0)
	if err != nil {
		return nil, fmt.Errorf("saving: invalid JSON: %w", err)
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("saving: invalid JSON: data after the top-level value")
	}
	return v, nil
}

func decodeValue(d *json.Decoder, depth int) (any, error) {
	if depth > maxJSONDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxJSONDepth)
	}
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			return decodeObject(d, depth)
		case '[':
			list := []any{}
			for d.More() {
				v, err := decodeValue(d, depth+1)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := d.Token()
			return list, err
		}
		return nil, fmt.Errorf("unexpected %v", t)
	}
	return tok, nil
}

func decodeObject(d *json.Decoder, depth int) (any, error) {
	p := NewParams("")
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("object key %v is not a string", tok)
		}
		v, err := decodeValue(d, depth+1)
		if err != nil {
			return nil, err
		}
		if _, dup := p.vals[key]; dup {
			p.Delete(key) // the last value wins, as in Python
		}
		p.keys = append(p.keys, key)
		p.vals[key] = v
	}
	_, err := d.Token()
	return p, err
}

// jsonWriter writes JSON the way Python's json.dumps does by default: ", "
// and ": " separators, non-ASCII characters escaped as \uXXXX.
type jsonWriter struct {
	b       bytes.Buffer
	err     error
	dialect Dialect
}

func (w *jsonWriter) raw(s string) { w.b.WriteString(s) }

// list writes a JSON list of n items, item(i) writing each.
func (w *jsonWriter) list(n int, item func(i int)) {
	w.raw("[")
	for i := range n {
		if i > 0 {
			w.raw(", ")
		}
		item(i)
	}
	w.raw("]")
}

func (w *jsonWriter) str(s string) {
	w.b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			w.raw(`\"`)
		case r == '\\':
			w.raw(`\\`)
		case r == '\n':
			w.raw(`\n`)
		case r == '\r':
			w.raw(`\r`)
		case r == '\t':
			w.raw(`\t`)
		case r == '\b':
			w.raw(`\b`)
		case r == '\f':
			w.raw(`\f`)
		case r < 0x20 || (r >= 0x7f && r < 0x10000) || r == utf8.RuneError:
			fmt.Fprintf(&w.b, `\u%04x`, r)
		case r >= 0x10000:
			r -= 0x10000
			fmt.Fprintf(&w.b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
		default:
			w.b.WriteRune(r)
		}
	}
	w.b.WriteByte('"')
}

// value writes a config value; key is the dictionary key it sits under,
// used to give nested objects their Keras 3 module.
func (w *jsonWriter) value(v any, key string) {
	switch x := v.(type) {
	case nil:
		w.raw("null")
	case bool:
		w.raw(strconv.FormatBool(x))
	case json.Number:
		w.raw(x.String())
	case string:
		w.str(x)
	case []any:
		w.list(len(x), func(i int) { w.value(x[i], key) })
	case *Params:
		w.params(x)
	case *Object:
		w.object(x, moduleFor(key))
	case TensorRef:
		w.tensor(x)
	default:
		switch n := normalizeValue(v).(type) {
		case json.Number, []any, *Params:
			w.value(n, key)
		default:
			if w.err == nil {
				w.err = fmt.Errorf("saving: cannot write a %T in a config", v)
			}
			w.raw("null")
		}
	}
}

// params writes a dictionary in key order.
func (w *jsonWriter) params(p *Params) {
	w.raw("{")
	for i, k := range p.Keys() {
		if i > 0 {
			w.raw(", ")
		}
		w.str(k)
		w.raw(": ")
		w.value(p.vals[k], k)
	}
	w.raw("}")
}

// field writes `, "key": ` (or without the comma first).
func (w *jsonWriter) field(first bool, key string) {
	if !first {
		w.raw(", ")
	}
	w.str(key)
	w.raw(": ")
}
