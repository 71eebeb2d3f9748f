package layers

import (
	"strings"
	"testing"

	"github.com/gokeras/gokeras/constraints"
	"github.com/gokeras/gokeras/graph"
	"github.com/gokeras/gokeras/initializers"
	"github.com/gokeras/gokeras/regularizers"
	"github.com/gokeras/gokeras/saving"
)

// roundTrip serializes l, writes and parses it as a one-layer Sequential
// config, and rebuilds it.
func roundTrip(t *testing.T, l Layer) (Layer, string) {
	t.Helper()
	o, err := Serialize(l)
	if err != nil {
		t.Fatal(err)
	}
	mc := &saving.ModelConfig{Object: *saving.NewObject("Sequential"), Kind: saving.Sequential, Name: "m"}
	mc.Config.Set("name", "m")
	mc.Layers = []*saving.LayerConfig{{Object: *o, Name: l.LayerBase().Name()}}
	data, err := mc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := saving.ParseModelConfig(data)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	l2, err := FromConfig(back.Layers[0])
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return l2, string(data)
}

func TestDenseConfigRoundTrip(t *testing.T) {
	mn := constraints.NewMaxNorm()
	mn.MaxValue = 3
	d := NewDense(7, WithName("d"), WithActivation("relu"), WithInputDim(4), WithUseBias(false),
		WithKernelInitializer(initializers.HeNormal(5)), WithKernelRegularizer(regularizers.L2(0.5)),
		WithKernelConstraint(mn), WithTrainable(false))
	l, js := roundTrip(t, d)
	got := l.(*Dense)
	if got.Units != 7 || got.ActivationName != "relu" || got.UseBias || got.Trainable() || got.Name() != "d" {
		t.Errorf("rebuilt %+v", got)
	}
	if s := got.InputShape(); len(s) != 2 || s[1] != 4 {
		t.Errorf("input shape %v, want [-1 4]", s)
	}
	if got.KernelInitializer.ClassName() != "HeNormal" {
		t.Errorf("kernel initializer %s", got.KernelInitializer.ClassName())
	}
	if r, ok := got.KernelRegularizer.(*regularizers.L1L2Regularizer); !ok || r.L2 != 0.5 {
		t.Errorf("kernel regularizer %#v", got.KernelRegularizer)
	}
	if c, ok := got.KernelConstraint.(*constraints.MaxNorm); !ok || c.MaxValue != 3 {
		t.Errorf("kernel constraint %#v", got.KernelConstraint)
	}
	for _, want := range []string{`"units": 7`, `"class_name": "HeNormal"`, `"seed": 5`, `"batch_shape": [null, 4]`} {
		if !strings.Contains(js, want) {
			t.Errorf("config %s lacks %s", js, want)
		}
	}
}

func TestCoreLayerConfigs(t *testing.T) {
	if l, _ := roundTrip(t, NewDropout(0.25, WithName("dr"))); l.(*Dropout).Rate != 0.25 {
		t.Errorf("dropout rate %v", l.(*Dropout).Rate)
	}
	if l, _ := roundTrip(t, NewActivation("tanh")); l.(*Activation).FnName != "tanh" {
		t.Errorf("activation %v", l.(*Activation).FnName)
	}
	if l, _ := roundTrip(t, NewFlatten(WithName("f"))); l.LayerBase().Name() != "f" {
		t.Errorf("flatten name %q", l.LayerBase().Name())
	}
	l, _ := roundTrip(t, NewInputLayer([]int{3, 2}, graph.Float32, WithName("in")))
	if s := l.(*InputLayer).BatchShape(); len(s) != 3 || s[0] != -1 || s[1] != 3 || s[2] != 2 {
		t.Errorf("input batch shape %v", s)
	}
}

func TestFromConfigErrors(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Conv3D", "config": {"name": "c"}}]}}`, `"Conv3D"`},
		{`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 3, "bogus": 1}}]}}`, "bogus"},
		{`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d"}}]}}`, "units"},
		{`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Dense", "config": {"name": "d", "units": 3, "kernel_initializer": {"class_name": "Nope", "config": {}}}}]}}`, "Nope"},
		{`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "Activation", "config": {"name": "a", "activation": "wiggle"}}]}}`, "wiggle"},
	} {
		mc, err := saving.ParseModelConfig([]byte(tc.json))
		if err != nil {
			t.Fatal(err)
		}
		_, err = FromConfig(mc.Layers[0])
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("FromConfig(%s) = %v, want an error naming %s", tc.json, err, tc.want)
		}
	}
}

func TestRegisterCustom(t *testing.T) {
	Register("MyIdentity", func(p *saving.Params) (Layer, error) {
		opts, err := BaseOptions(p)
		if err != nil {
			return nil, err
		}
		return NewIdentity(opts...), nil
	})
	mc, err := saving.ParseModelConfig([]byte(`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "MyIdentity", "config": {"name": "mine", "trainable": true}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	l, err := FromConfig(mc.Layers[0])
	if err != nil || l.LayerBase().Name() != "mine" {
		t.Fatalf("custom layer: %v, %v", l, err)
	}
}

func TestMoreLayerConfigs(t *testing.T) {
	cases := []struct {
		l     Layer
		check func(Layer) bool
	}{
		{NewReLU(WithMaxValue(6), WithNegativeSlope(0.1), WithThreshold(0.5)), func(l Layer) bool {
			r := l.(*ReLU)
			return r.MaxValue != nil && *r.MaxValue == 6 && r.NegativeSlope == 0.1 && r.Threshold == 0.5
		}},
		{NewReLU(), func(l Layer) bool { return l.(*ReLU).MaxValue == nil }},
		{NewLeakyReLU(WithNegativeSlope(0.2)), func(l Layer) bool { return l.(*LeakyReLU).NegativeSlope == 0.2 }},
		{NewELU(WithAlpha(0.7)), func(l Layer) bool { return l.(*ELU).Alpha == 0.7 }},
		{NewSoftmax(WithAxis(1)), func(l Layer) bool { return l.(*Softmax).Axis == 1 }},
		{NewReshape([]int{2, -1}), func(l Layer) bool { s := l.(*Reshape).TargetShape; return len(s) == 2 && s[0] == 2 && s[1] == -1 }},
		{NewPermute([]int{2, 1}), func(l Layer) bool { d := l.(*Permute).Dims; return d[0] == 2 && d[1] == 1 }},
		{NewRepeatVector(4), func(l Layer) bool { return l.(*RepeatVector).N == 4 }},
		{NewMasking(WithMaskValue(-1)), func(l Layer) bool { return l.(*Masking).MaskValue == -1 }},
		{NewGaussianNoise(0.3), func(l Layer) bool { return l.(*GaussianNoise).Stddev == 0.3 }},
		{NewGaussianDropout(0.2), func(l Layer) bool { return l.(*GaussianDropout).Rate == 0.2 }},
		{NewAlphaDropout(0.1), func(l Layer) bool { return l.(*AlphaDropout).Rate == 0.1 }},
		{NewActivityRegularization(WithL1(0.01), WithL2(0.02)), func(l Layer) bool {
			a := l.(*ActivityRegularization)
			return a.L1 == 0.01 && a.L2 == 0.02
		}},
		{NewPReLU(WithSharedAxes(1)), func(l Layer) bool { return len(l.(*PReLU).SharedAxes) == 1 }},
		{NewConcatenate(WithAxis(1)), func(l Layer) bool { return l.(*Concatenate).Axis == 1 }},
		{NewDot([]int{1, 2}, WithNormalize(true)), func(l Layer) bool {
			d := l.(*Dot)
			return d.Axes == [2]int{1, 2} && d.Normalize
		}},
		{NewAdd(), func(l Layer) bool { _, ok := l.(*Add); return ok }},
		{NewMinimum(), func(l Layer) bool { _, ok := l.(*Minimum); return ok }},
		{NewIdentity(), func(l Layer) bool { _, ok := l.(*Identity); return ok }},
	}
	for _, c := range cases {
		got, js := roundTrip(t, c.l)
		if got.LayerBase().ClassName() != c.l.LayerBase().ClassName() || got.LayerBase().Name() != c.l.LayerBase().Name() || !c.check(got) {
			t.Errorf("%s did not round-trip: %+v\n%s", c.l.LayerBase().ClassName(), got, js)
		}
	}
}

func TestLegacyLeakyReLUAlpha(t *testing.T) {
	mc, err := saving.ParseModelConfig([]byte(`{"class_name": "Sequential", "config": {"name": "s", "layers": [{"class_name": "LeakyReLU", "config": {"name": "lr", "trainable": true, "dtype": "float32", "alpha": 0.25}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	l, err := FromConfig(mc.Layers[0])
	if err != nil {
		t.Fatal(err)
	}
	if s := l.(*LeakyReLU).NegativeSlope; s != 0.25 {
		t.Errorf("slope %v, want 0.25", s)
	}
}
