package models

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
)

// seqConfig returns a Sequential config with an input of the given batch
// shape (JSON) and the given layers (JSON objects).
func seqConfig(t *testing.T, batchShape string, layerJSON ...string) *saving.ModelConfig {
	t.Helper()
	js := `{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
		{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": ` + batchShape + `, "name": "in"}}`
	for _, l := range layerJSON {
		js += ", " + l
	}
	js += `]}}`
	mc, err := saving.ParseModelConfig([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return mc
}

func dense(name string, units string) string {
	return `{"module": "keras.layers", "class_name": "Dense", "config": {"name": "` + name + `", "units": ` + units + `}}`
}

// totalAlloc returns the bytes f allocates on the heap.
func totalAlloc(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func wantErr(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one naming %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not name %q", err, p)
		}
	}
}

func TestFromConfigParamBudget(t *testing.T) {
	huge := seqConfig(t, `[null, 4]`, dense("small", "8"), dense("big", "1099511627776"))
	var err error
	if a := totalAlloc(func() { _, err = FromConfig(huge) }); a > 16<<20 {
		t.Errorf("refusing a 2^40-unit Dense allocated %d bytes", a)
	}
	wantErr(t, err, `"big"`, "kernel", "(8, 1099511627776)", "MaxParams")
	if !errors.Is(err, layers.ErrWeightBudget) {
		t.Errorf("error %v does not wrap layers.ErrWeightBudget", err)
	}

	// 4·8+8 = 40 and 8·8+8 = 72 scalars.
	two := seqConfig(t, `[null, 4]`, dense("a", "8"), dense("b", "8"))
	_, err = FromConfig(two, MaxParams(100))
	wantErr(t, err, `"b"`, "(8, 8)", "100")
	for _, n := range []int64{112, 0, -1} {
		m, err := FromConfig(two, MaxParams(n))
		if err != nil {
			t.Fatalf("MaxParams(%d): %v", n, err)
		}
		if m.CountParams() != 112 {
			t.Errorf("MaxParams(%d): %d params, want 112", n, m.CountParams())
		}
	}

	// Without a bound, sizes past what can be allocated are still errors.
	over := seqConfig(t, `[null, 4611686018427387904]`, dense("d", "4611686018427387904"))
	_, err = FromConfig(over, MaxParams(0))
	wantErr(t, err, `"d"`, "overflows")
	big := seqConfig(t, `[null, 2147483648]`, dense("d", "2147483648"))
	_, err = FromConfig(big, MaxParams(0))
	wantErr(t, err, `"d"`, "cannot be allocated")
}

func TestFromConfigRejectsBadShapes(t *testing.T) {
	for _, c := range []struct {
		name  string
		mc    *saving.ModelConfig
		parts []string
	}{
		{"negative input dim", seqConfig(t, `[null, -7]`, dense("d", "2")), []string{"-7"}},
		{"input overflows", seqConfig(t, `[null, 4294967296, 4294967296]`), []string{"4294967296"}},
		{"flattened input overflows", seqConfig(t, `[null, 4294967296, 4294967296]`,
			`{"module": "keras.layers", "class_name": "Flatten", "config": {"name": "f"}}`), []string{"4294967296"}},
		{"repeat overflows", seqConfig(t, `[null, 1073741824]`,
			`{"module": "keras.layers", "class_name": "RepeatVector", "config": {"name": "rep", "n": 1099511627776}}`), []string{`"rep"`, "1099511627776"}},
	} {
		var err error
		if a := totalAlloc(func() { _, err = FromConfig(c.mc) }); a > 16<<20 {
			t.Errorf("%s: allocated %d bytes", c.name, a)
		}
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, p := range c.parts {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("%s: error %q does not name %q", c.name, err, p)
			}
		}
	}
}

// TestLoadersApplyParamBudget loads files of every format whose config
// asks for a 2^40-unit Dense: each loader refuses it without allocating.
func TestLoadersApplyParamBudget(t *testing.T) {
	mc := seqConfig(t, `[null, 4]`, dense("big", "1099511627776"))
	var keras, h5 bytes.Buffer
	if err := saving.WriteKerasFile(&keras, &saving.Archive{Model: mc, Vars: &saving.VarStore{}}); err != nil {
		t.Fatal(err)
	}
	if err := saving.WriteH5(&h5, &saving.H5Model{Model: mc}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{".keras": keras.Bytes(), ".h5": h5.Bytes()} {
		var err error
		if a := totalAlloc(func() { _, err = LoadModelBytes(data) }); a > 16<<20 {
			t.Errorf("%s: allocated %d bytes", name, a)
		}
		wantErr(t, err, `"big"`, "1099511627776", "MaxParams")
		if _, err := LoadModelBytes(data, MaxParams(16)); err == nil || !errors.Is(err, layers.ErrWeightBudget) {
			t.Errorf("%s with MaxParams(16): %v", name, err)
		}
	}
	js, err := mc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"model.json": {Data: []byte(`{"format": "layers-model", "modelTopology": {"model_config": ` + string(js) + `}, "weightsManifest": []}`)}}
	_, err = LoadTFJS(fsys, "model.json")
	wantErr(t, err, `"big"`, "1099511627776")
}
