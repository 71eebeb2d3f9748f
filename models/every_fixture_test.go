package models

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/saving"
	"github.com/gokeras/gokeras/saving/savingtest"
)

// layerClasses returns the layer classes a model config uses, nested
// models' included, each once, sorted.
func layerClasses(mc *saving.ModelConfig) []string {
	seen := map[string]bool{}
	var walk func(mc *saving.ModelConfig)
	walk = func(mc *saving.ModelConfig) {
		for _, lc := range mc.Layers {
			if lc.Model != nil {
				walk(lc.Model)
				continue
			}
			seen[lc.ClassName] = true
		}
	}
	walk(mc)
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// fixtureLoad is how the test loads one fixture file: the architecture it
// describes and a function building the model the way a user would.
type fixtureLoad struct {
	config *saving.ModelConfig
	load   func() (*Model, error)
}

// isFixtureData reports whether a fixture file holds inputs or outputs
// of another fixture rather than a model.
func isFixtureData(rel string) bool {
	return strings.HasSuffix(rel, "_inputs_and_outputs.h5") || path.Ext(rel) == ".npy"
}

// planFixture works out how to load the fixture file rel: a full model
// (HDF5 or .keras) through LoadModel; a weights-only HDF5 file through
// FromConfig of the architecture beside it (DL4J's <base>_config.json,
// KotlinDL's model.json) and LoadWeights; a model.to_json() file through
// FromConfig.
func planFixture(t *testing.T, rel string) fixtureLoad {
	t.Helper()
	p, err := savingtest.Path(rel)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	parseJSON := func(rel string) *saving.ModelConfig {
		p, err := savingtest.Path(rel)
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		mc, err := saving.ParseModelConfig(b)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		return mc
	}
	format, err := saving.DetectFormat(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	switch format {
	case saving.FormatJSON:
		mc := parseJSON(rel)
		return fixtureLoad{mc, func() (*Model, error) { return FromConfig(mc) }}
	case saving.FormatKeras:
		a, err := saving.ReadKerasFile(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		return fixtureLoad{a.Model, func() (*Model, error) { return LoadModel(p) }}
	}
	h, err := saving.ReadH5(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	if h.Model != nil {
		return fixtureLoad{h.Model, func() (*Model, error) { return LoadModel(p) }}
	}
	// Weights only: the architecture sits beside the file.
	arch := strings.TrimSuffix(rel, "_weights.h5") + "_config.json"
	if !strings.HasSuffix(rel, "_weights.h5") {
		arch = path.Join(path.Dir(rel), "model.json")
	}
	mc := parseJSON(arch)
	return fixtureLoad{mc, func() (*Model, error) {
		m, err := FromConfig(mc)
		if err != nil {
			return nil, err
		}
		return m, m.LoadWeights(p)
	}}
}

// TestEveryKerasFixture walks every model file of the Keras fixtures.
// One whose layers gokeras all has must load, and where Keras's inputs
// and predictions were recorded, predict them within 1e-5; one using a
// layer gokeras lacks must fail with an error naming a missing class. The
// log lists which fixture is which.
func TestEveryKerasFixture(t *testing.T) {
	files, err := savingtest.Files()
	if errors.Is(err, savingtest.ErrNoFixtures) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]*savingtest.KnownIO{}
	for _, name := range savingtest.KnownIONames() {
		io, err := savingtest.LoadKnownIO(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, f := range []string{io.Model, io.Weights, io.Config} {
			if f != "" {
				known[f] = io
			}
		}
	}
	have := map[string]bool{}
	for _, c := range layers.Registered() {
		have[c] = true
	}
	var loaded, predicted, refused []string
	for _, rel := range files {
		if isFixtureData(rel) {
			continue
		}
		plan := planFixture(t, rel)
		var missing []string
		for _, c := range layerClasses(plan.config) {
			if !have[c] {
				missing = append(missing, c)
			}
		}
		m, err := plan.load()
		if len(missing) > 0 {
			switch {
			case err == nil:
				t.Errorf("%s: loaded, though it uses %v, which gokeras lacks", rel, missing)
			case !slices.ContainsFunc(missing, func(c string) bool { return strings.Contains(err.Error(), fmt.Sprintf("%q", c)) }):
				t.Errorf("%s: error %q names none of the missing classes %v", rel, err, missing)
			}
			refused = append(refused, fmt.Sprintf("%s (lacks %s)", rel, strings.Join(missing, ", ")))
			continue
		}
		if err != nil {
			t.Errorf("%s: uses only layers gokeras has, but does not load: %v", rel, err)
			continue
		}
		loaded = append(loaded, rel)
		io := known[rel]
		if io == nil || !m.Built() {
			continue
		}
		if io.Config == rel {
			continue // an architecture alone has no weights to predict with
		}
		var xs []any
		for _, name := range io.InputOrder {
			xs = append(xs, io.Inputs[name])
		}
		outs, err := m.PredictAll(ctx, xs, Verbose(0))
		if err != nil {
			t.Errorf("%s: predict: %v", rel, err)
			continue
		}
		worst := 0.0
		for i, name := range io.OutputOrder {
			g, w := outs[i].Data(), io.Predictions[name].Data()
			if len(g) != len(w) || len(w) == 0 {
				t.Errorf("%s: output %q: %d values, Keras predicted %d", rel, name, len(g), len(w))
				continue
			}
			for j := range w {
				worst = math.Max(worst, math.Abs(float64(g[j]-w[j])))
			}
		}
		if worst > 1e-5 {
			t.Errorf("%s: predictions differ from Keras's by up to %g", rel, worst)
		}
		predicted = append(predicted, fmt.Sprintf("%s (max diff %.1e)", rel, worst))
	}
	t.Logf("%d fixture model files: %d load, %d of them predicting as Keras did; %d refused naming a missing layer class",
		len(loaded)+len(refused), len(loaded), len(predicted), len(refused))
	for _, s := range loaded {
		t.Logf("  loads:     %s", s)
	}
	for _, s := range predicted {
		t.Logf("  predicts:  %s", s)
	}
	for _, s := range refused {
		t.Logf("  refused:   %s", s)
	}
	if len(loaded)+len(refused) == 0 {
		t.Error("no fixture model file found")
	}
}

// TestFromConfigNamesEveryMissingClass checks that a config using layer
// classes gokeras lacks, in a nested model too, fails before anything is
// built with an error naming each class and a layer of it.
func TestFromConfigNamesEveryMissingClass(t *testing.T) {
	mc, err := saving.ParseModelConfig([]byte(`{"module": "keras", "class_name": "Sequential", "config": {"name": "s", "layers": [
		{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4, 4, 1], "dtype": "uint16", "name": "in"}},
		{"module": "keras.layers", "class_name": "NoSuchConv", "config": {"name": "conv"}},
		{"module": "keras", "class_name": "Sequential", "config": {"name": "inner", "layers": [
			{"module": "keras.layers", "class_name": "NoSuchPool", "config": {"name": "pool"}},
			{"module": "keras.layers", "class_name": "NoSuchConv", "config": {"name": "conv_2"}}]}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = FromConfig(mc)
	if !errors.Is(err, ErrUnknownLayer) {
		t.Fatalf("error %v does not wrap ErrUnknownLayer", err)
	}
	for _, want := range []string{`"NoSuchConv" (layer "conv")`, `"NoSuchPool" (layer "pool")`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}
