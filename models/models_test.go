package models

import (
	"bytes"
	"context"
	"errors"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/gokeras/gokeras/callbacks"
	"github.com/gokeras/gokeras/layers"
	"github.com/gokeras/gokeras/optimizers"
	"github.com/gokeras/gokeras/tensor"
)

var ctx = context.Background()

// separable returns n points in 2-d labelled by the side of the line
// x0 + x1 = 1 they fall on, with a margin.
func separable(n int, seed uint64) (*tensor.Tensor[float32], *tensor.Tensor[float32]) {
	rng := tensor.NewRNG(seed)
	x := tensor.Must(tensor.Zeros[float32](n, 2))
	y := tensor.Must(tensor.Zeros[float32](n, 1))
	for i := 0; i < n; {
		a, b := rng.Float32()*2, rng.Float32()*2
		if d := a + b - 1; d > -0.2 && d < 0.2 {
			continue
		}
		x.Set(a, i, 0)
		x.Set(b, i, 1)
		if a+b > 1 {
			y.Set(1, i, 0)
		}
		i++
	}
	return x, y
}

func TestFitSeparableReaches100Percent(t *testing.T) {
	layers.SetRandomSeed(1)
	x, y := separable(200, 2)
	m := NewSequential(layers.NewDense(8, layers.WithActivation("tanh"), layers.WithInputDim(2)), layers.NewDense(1, layers.WithActivation("sigmoid")))
	if err := m.Compile(optimizers.NewAdamWith(0.05, 0.9, 0.999, 1e-7), "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(ctx, x, y, Epochs(60), BatchSize(16), Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if got := h.History["accuracy"]; len(got) != 60 || got[59] != 1 {
		t.Errorf("final training accuracy %v", got[len(got)-1])
	}
	ev, err := m.Evaluate(ctx, x, y, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	if ev["accuracy"] != 1 || ev["loss"] > 0.2 {
		t.Errorf("evaluate: %v", ev)
	}
	p, err := m.Predict(ctx, x, Verbose(0))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		if (p.At(i, 0) > 0.5) != (y.At(i, 0) == 1) {
			t.Fatalf("prediction %d: %v for label %v", i, p.At(i, 0), y.At(i, 0))
		}
	}
}

func TestSequentialAndFunctionalTwinAgree(t *testing.T) {
	x, y := separable(64, 3)
	seq := NewSequential(layers.NewDense(4, layers.WithActivation("relu"), layers.WithInputDim(2)), layers.NewDense(1, layers.WithActivation("sigmoid")))
	in := layers.Input(2)
	h := layers.NewDense(4, layers.WithActivation("relu")).Apply(in)
	out := layers.NewDense(1, layers.WithActivation("sigmoid")).Apply(h)
	fn, err := NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{out})
	if err != nil {
		t.Fatal(err)
	}
	if err := fn.SetWeights(seq.GetWeights()); err != nil {
		t.Fatal(err)
	}
	var hists []*callbacks.History
	var preds []*tensor.Tensor[float32]
	for _, m := range []*Model{seq.Model, fn} {
		if err := m.Compile("rmsprop", "binary_crossentropy", "accuracy"); err != nil {
			t.Fatal(err)
		}
		hist, err := m.Fit(ctx, x, y, Epochs(3), BatchSize(8), Shuffle(false), Verbose(0))
		if err != nil {
			t.Fatal(err)
		}
		p, err := m.Predict(ctx, x, Verbose(0))
		if err != nil {
			t.Fatal(err)
		}
		hists, preds = append(hists, hist), append(preds, p)
	}
	for _, k := range []string{"loss", "accuracy"} {
		for e := range 3 {
			if a, b := hists[0].History[k][e], hists[1].History[k][e]; a != b {
				t.Errorf("%s epoch %d: sequential %v, functional %v", k, e, a, b)
			}
		}
	}
	if !tensor.Equal(preds[0], preds[1]) {
		t.Error("predictions differ")
	}
}

func TestSummaryLooksLikeKeras(t *testing.T) {
	layers.ClearSession()
	m := NewSequential(layers.NewDense(32, layers.WithInputDim(100)), layers.NewActivation("relu"), layers.NewDense(1), layers.NewActivation("sigmoid"))
	var b bytes.Buffer
	if err := m.Summary(&b); err != nil {
		t.Fatal(err)
	}
	want := `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 32)             │         3,232 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ activation (Activation)         │ (None, 32)             │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 1)              │            33 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ activation_1 (Activation)       │ (None, 1)              │             0 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 3,265 (12.75 KB)
 Trainable params: 3,265 (12.75 KB)
 Non-trainable params: 0 (0.00 B)
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	m.Layers()[0].LayerBase().SetTrainable(false)
	b.Reset()
	_ = m.Summary(&b)
	if !strings.Contains(b.String(), " Trainable params: 33 (132.00 B)\n Non-trainable params: 3,232 (12.62 KB)") {
		t.Errorf("frozen layer:\n%s", b.String())
	}
	layers.ClearSession()
	in := layers.Input(20)
	hidden := layers.NewDense(64).Apply(in)
	chain, err := NewModel([]*layers.KerasTensor{in}, []*layers.KerasTensor{layers.NewDense(1).Apply(hidden)})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	_ = chain.Summary(&b)
	if !strings.Contains(b.String(), "│ input_layer (InputLayer)        │ (None, 20)             │             0 │\n") ||
		!strings.Contains(b.String(), "│ dense_1 (Dense)                 │ (None, 1)              │            65 │\n") {
		t.Errorf("functional chain:\n%s", b.String())
	}
	u := NewSequential(layers.NewDense(3))
	b.Reset()
	_ = u.Summary(&b)
	if !strings.Contains(b.String(), "│ ?") || !strings.Contains(b.String(), "0 (unbuilt)") {
		t.Errorf("unbuilt:\n%s", b.String())
	}
}

func TestProgressBarOutput(t *testing.T) {
	x, y := separable(100, 4)
	m := NewSequential(layers.NewDense(1, layers.WithActivation("sigmoid"), layers.WithInputDim(2)))
	if err := m.Compile("sgd", "binary_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := m.Fit(ctx, x, y, Epochs(2), BatchSize(25), Output(&b)); err != nil {
		t.Fatal(err)
	}
	// Styles (bold counter, coloured bar) are the progress bar's business;
	// the text must be Keras's.
	plain := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(b.String(), "")
	line := `4/4 ━{20} 0s \d+[mu]?s/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}\n`
	re := regexp.MustCompile(`^Epoch 1/2\n` + line + `Epoch 2/2\n` + line + `$`)
	if !re.MatchString(plain) {
		t.Errorf("verbose=1 output %q", b.String())
	}
	b.Reset()
	if _, err := m.Fit(ctx, x, y, Epochs(1), BatchSize(25), Verbose(2), Output(&b), ValidationSplit(0.2)); err != nil {
		t.Fatal(err)
	}
	re = regexp.MustCompile(`^4/4 - 0s - \d+[mu]?s/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}\n$`)
	if !re.MatchString(b.String()) {
		t.Errorf("verbose=2 output %q", b.String())
	}
	b.Reset()
	if _, err := m.Fit(ctx, x, y, Verbose(0), Output(&b)); err != nil || b.Len() != 0 {
		t.Errorf("verbose=0 wrote %q (%v)", b.String(), err)
	}
}

func TestErrors(t *testing.T) {
	m := NewSequential(layers.NewDense(1, layers.WithInputDim(3)))
	for _, c := range []struct {
		opt, loss any
		metric    string
		want      string
	}{
		{"adamax2", "mse", "mae", "unknown optimizer"},
		{"sgd", "msle2", "mae", "unknown loss"},
		{"sgd", "mse", "f1x", "unknown metric"},
	} {
		if err := m.Compile(c.opt, c.loss, c.metric); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Compile(%v, %v, %v): %v", c.opt, c.loss, c.metric, err)
		}
	}
	if err := m.Compile("sgd", "mse"); err != nil {
		t.Fatal(err)
	}
	x := tensor.Must(tensor.Zeros[float32](10, 3))
	_, err := m.Fit(ctx, x, tensor.Must(tensor.Zeros[float32](9, 1)), Verbose(0))
	if err == nil || !strings.Contains(err.Error(), "9 samples") || !strings.Contains(err.Error(), "10") {
		t.Errorf("label count mismatch: %v", err)
	}
	_, err = m.Fit(ctx, tensor.Must(tensor.Zeros[float32](10, 4)), tensor.Must(tensor.Zeros[float32](10, 1)), Verbose(0))
	if !errors.Is(err, layers.ErrShape) || !strings.Contains(err.Error(), "(None, 3)") || !strings.Contains(err.Error(), "(10, 4)") {
		t.Errorf("wrong input shape: %v", err)
	}
	_, err = m.Fit(ctx, x, tensor.Must(tensor.Zeros[float32](10, 2)), Verbose(0))
	if err == nil || !strings.Contains(err.Error(), "(None, 1)") {
		t.Errorf("wrong label shape: %v", err)
	}
	if _, err := m.Predict(ctx, x, Epochs(2)); err == nil {
		t.Error("Predict took epochs")
	}
	s := NewSequential(layers.NewDense(4, layers.WithInputDim(3)))
	err = s.Add(layers.NewReshape([]int{3}, layers.WithName("bad_reshape")))
	if !errors.Is(err, layers.ErrShape) || !strings.Contains(err.Error(), "bad_reshape") || !strings.Contains(err.Error(), "(None, 4)") {
		t.Errorf("Add of a layer that cannot take the shape: %v", err)
	}
	if len(s.Layers()) != 1 {
		t.Errorf("failed Add kept the layer: %d layers", len(s.Layers()))
	}
	bad := NewSequential(layers.NewDense(4, layers.WithInputDim(3)), layers.NewDense(2, layers.WithActivation("nope")))
	if bad.Err() == nil || bad.Compile("sgd", "mse") == nil {
		t.Error("bad layer in NewSequential: no error")
	}
}

func TestAddPopGetLayerAndWeights(t *testing.T) {
	s := NewSequential()
	if err := s.Add(layers.NewDense(3, layers.WithInputDim(2), layers.WithName("first"))); err != nil {
		t.Fatal(err)
	}
	if err := s.Add(layers.NewDense(5)); err != nil {
		t.Fatal(err)
	}
	if got := s.Outputs()[0].Shape(); got[1] != 5 {
		t.Errorf("output shape %v", got)
	}
	if err := s.Pop(); err != nil {
		t.Fatal(err)
	}
	if got := s.Outputs()[0].Shape(); got[1] != 3 || len(s.Layers()) != 1 {
		t.Errorf("after Pop: %v, %d layers", got, len(s.Layers()))
	}
	l, err := s.GetLayer("first")
	if err != nil || l.LayerBase().Name() != "first" {
		t.Errorf("GetLayer: %v", err)
	}
	if _, err := s.GetLayer("nope"); err == nil || !strings.Contains(err.Error(), "first") {
		t.Errorf("GetLayer(nope): %v", err)
	}
	w := s.GetWeights()
	w[1] = tensor.Must(tensor.Full[float32](7, 3))
	if err := s.SetWeights(w); err != nil {
		t.Fatal(err)
	}
	if got := s.GetWeights()[1].(*tensor.Tensor[float32]).At(2); got != 7 {
		t.Errorf("bias after SetWeights %v", got)
	}
	if err := s.SetWeights(w[:1]); err == nil {
		t.Error("SetWeights with too few accepted")
	}
	if err := s.SetWeights([]any{w[1], w[0]}); err == nil {
		t.Error("SetWeights with swapped shapes accepted")
	}
}

func TestBuildsFromData(t *testing.T) {
	s := NewSequential(layers.NewDense(2, layers.WithActivation("softmax")))
	if s.Built() {
		t.Fatal("built without input shape")
	}
	if err := s.Compile("adam", "sparse_categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	x := tensor.Must(tensor.Zeros[float32](6, 5))
	y := tensor.FromSlice([]int32{0, 1, 0, 1, 0, 1})
	h, err := s.Fit(ctx, x, y, Verbose(0), Epochs(2))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Built() || s.Inputs()[0].Shape()[1] != 5 || len(h.History["accuracy"]) != 2 {
		t.Errorf("built %v, history %v", s.Built(), h.History)
	}
}

func exp32(v float32) float32 { return float32(math.Exp(float64(v))) }

func abs32(v float32) float32 { return float32(math.Abs(float64(v))) }
