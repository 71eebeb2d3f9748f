package graph

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func vec(v ...float32) *tensor.Tensor[float32] { return tensor.Must(tensor.New([]int{len(v)}, v)) }

func data32(v any) []float32 { return v.(*tensor.Tensor[float32]).Data() }

// TestUpdatesReadPreCallValues checks Theano's update semantics: outputs
// and every update are computed from the values before the call, whatever
// the order of the updates.
func TestUpdatesReadPreCallValues(t *testing.T) {
	g := New()
	a := g.Shared("a", vec(1, 2))
	b := g.Shared("b", vec(10, 20))
	c := g.Shared("c", vec(0, 0))
	n := g.Shared("n", tensor.Scalar[int32](0))
	d := g.Shared("d", vec(1))
	e := g.Shared("e", vec(1))
	h := g.Shared("h", vec(0))
	f := mustFunction(t, nil, []*Node{a, Add(a, b), d}, []Update{
		{a, b},                          // swap a and b…
		{b, a},                          // …both reading old values
		{c, Add(a, b)},                  // reads old a and b
		{n, Add(n, g.Scalar(1, Int32))}, // a counter, computed into n
		{d, Add(d, d)},                  // d's old value is an output
		{e, Add(e, e)},                  // e's old value is read…
		{h, Add(e, ScalarLike(e, 1))},   // …by a later update
	})
	for call := 1; call <= 3; call++ {
		oldA, oldB := data32(a.Value()), data32(b.Value())
		out := mustCall(t, f)
		if got := data32(out[0]); got[0] != oldA[0] || got[1] != oldA[1] {
			t.Errorf("call %d: output a = %v, want the value before the call %v", call, got, oldA)
		}
		if got := data32(out[1]); got[0] != oldA[0]+oldB[0] {
			t.Errorf("call %d: output a+b = %v", call, got)
		}
		if got := data32(a.Value()); got[0] != oldB[0] || got[1] != oldB[1] {
			t.Errorf("call %d: a = %v, want old b %v", call, got, oldB)
		}
		if got := data32(b.Value()); got[0] != oldA[0] || got[1] != oldA[1] {
			t.Errorf("call %d: b = %v, want old a %v", call, got, oldA)
		}
		if got := data32(c.Value()); got[0] != oldA[0]+oldB[0] || got[1] != oldA[1]+oldB[1] {
			t.Errorf("call %d: c = %v, want old a + old b", call, got)
		}
		if got := n.Value().(*tensor.Tensor[int32]).Data()[0]; got != int32(call) {
			t.Errorf("call %d: counter = %d", call, got)
		}
		pow := float32(int(1) << call)
		if got := data32(out[2])[0]; got != pow/2 {
			t.Errorf("call %d: output d = %v, want %v", call, got, pow/2)
		}
		if got := data32(e.Value())[0]; got != pow {
			t.Errorf("call %d: e = %v, want %v", call, got, pow)
		}
		if got := data32(h.Value())[0]; got != pow/2+1 {
			t.Errorf("call %d: h = %v, want old e + 1 = %v", call, got, pow/2+1)
		}
	}
}

func TestGivens(t *testing.T) {
	g := New()
	data := g.Shared("data", tensor.Must(tensor.New([]int{4}, []float32{1, 2, 3, 4})))
	x := g.Input("x", Float32, 2)
	i := g.Input("i", Int32)
	y := Mul(x, ScalarLike(x, 10))
	// Theano's minibatch idiom: x is taken from a shared variable.
	batch := Gather(data, Add(ExpandDims(i, 0), g.Const(tensor.Must(tensor.New([]int{2}, []int32{0, 1})))), 0)
	f, err := Function([]*Node{i}, []*Node{y}, nil, []Given{{x, batch}})
	if err != nil {
		t.Fatal(err)
	}
	got := data32(mustCall(t, f, tensor.Scalar[int32](2))[0])
	if got[0] != 30 || got[1] != 40 {
		t.Errorf("with x given as data[2:4]: %v, want [30 40]", got)
	}
	if _, err := Function(nil, []*Node{y}, nil, []Given{{x, g.Input("z", Int32, 2)}}); err == nil {
		t.Error("a given of another dtype was accepted")
	}
}

func TestFunctionErrors(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, -1, 3)
	y := g.Input("y", Float32, -1, 3)
	w := g.Shared("w", vec(1, 2, 3))
	sum := Add(Mul(x, w), y)
	if _, err := Function([]*Node{x}, []*Node{sum}, nil, nil); err == nil || !strings.Contains(err.Error(), `input "y"`) {
		t.Errorf("missing input: err = %v", err)
	}
	if _, err := Function([]*Node{x, y}, []*Node{sum}, []Update{{x, x}}, nil); err == nil {
		t.Error("an update of an input was accepted")
	}
	if _, err := Function([]*Node{x, y}, []*Node{sum}, []Update{{w, Sum(x, nil, false)}}, nil); !errors.Is(err, ErrShape) {
		t.Errorf("an update of another shape: err = %v", err)
	}
	if _, err := Function([]*Node{x, y}, []*Node{sum}, []Update{{w, w}, {w, w}}, nil); err == nil {
		t.Error("a variable updated twice was accepted")
	}
	other := New().Input("x", Float32, 3)
	if _, err := Function([]*Node{x, y, other}, []*Node{sum}, nil, nil); !errors.Is(err, ErrGraph) {
		t.Errorf("nodes of two graphs: err = %v", err)
	}
	f := mustFunction(t, []*Node{x, y}, []*Node{sum}, []Update{{w, Mul(w, w)}})
	x2 := tensor.Must(tensor.Ones[float32](2, 3))
	cases := []struct {
		name string
		in   []any
	}{
		{"too few inputs", []any{x2}},
		{"wrong dtype", []any{x2, tensor.Must(tensor.Ones[float64](2, 3))}},
		{"wrong static dim", []any{x2, tensor.Must(tensor.Ones[float32](2, 4))}},
		{"wrong rank", []any{x2, vec(1, 2, 3)}},
		{"batch mismatch", []any{x2, tensor.Must(tensor.Ones[float32](5, 3))}},
		{"not a tensor", []any{x2, 3.0}},
	}
	for _, c := range cases {
		if _, err := f.Call(c.in...); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	if got := data32(w.Value()); got[0] != 1 || got[2] != 3 {
		t.Errorf("failed calls updated w to %v", got)
	}
	if err := f.CallInto([]any{tensor.Must(tensor.Ones[float32](3, 3))}, x2, x2); !errors.Is(err, ErrInput) {
		t.Errorf("output tensor of the wrong shape: err = %v", err)
	}
	// The function still works after errors.
	out := mustCall(t, f, x2, x2)
	if got := data32(out[0]); got[0] != 2 || got[5] != 4 {
		t.Errorf("after errors: %v", got)
	}
}

func TestGatherOutOfRange(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, 3)
	i := g.Input("i", Int32, 2)
	f := mustFunction(t, []*Node{x, i}, []*Node{Gather(x, i, 0)}, nil)
	_, err := f.Call(vec(1, 2, 3), tensor.Must(tensor.New([]int{2}, []int32{0, 3})))
	if !errors.Is(err, ErrRuntime) {
		t.Errorf("index 3 of 3 rows: err = %v, want ErrRuntime", err)
	}
}

// TestConcurrentCalls runs a prediction function from several goroutines
// while a training function updates the weights it reads: run with -race.
// Every prediction must see weights from before or after a whole update.
func TestConcurrentCalls(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, -1, 2)
	w := g.Shared("w", vec(1, 1))
	pred := Sum(Mul(x, w), []int{1}, false)
	predict := mustFunction(t, []*Node{x}, []*Node{pred}, nil)
	// Each step adds 1 to both weights: a consistent state has w0 == w1.
	train := mustFunction(t, nil, nil, []Update{{w, Add(w, ScalarLike(w, 1))}})
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for k := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := tensor.Must(tensor.New([]int{k + 1, 2}, make([]float32, 2*(k+1))))
			for j := range in.Data() {
				in.Data()[j] = float32(j%2*2 - 1) // rows (-1, 1): w1 − w0
			}
			for range 200 {
				out, err := predict.Call(in)
				if err != nil {
					errs <- err.Error()
					return
				}
				for _, v := range data32(out[0]) {
					if v != 0 {
						errs <- "prediction saw a half-done update"
						return
					}
				}
			}
		}()
	}
	for range 200 {
		if _, err := train.Call(); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if got := data32(w.Value()); got[0] != 201 || got[1] != 201 {
		t.Errorf("w = %v after 200 steps, want [201 201]", got)
	}
}

func TestPredictZeroAllocs(t *testing.T) {
	m := buildSeed()
	p := Sigmoid(m.loss) // any output will do; use the loss path
	f := mustFunction(t, []*Node{m.x, m.y}, []*Node{p}, nil)
	x, y := seedData(32)
	out := []any{tensor.Scalar[float32](0)}
	if err := f.CallInto(out, x, y); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o := []any{tensor.Scalar[float32](0)}
			for range 50 {
				if err := f.CallInto(o, x, y); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if a := testing.AllocsPerRun(50, func() { _ = f.CallInto(out, x, y) }); a != 0 {
		t.Errorf("warm call allocates %v times", a)
	}
	if v := data32(out[0])[0]; math.IsNaN(float64(v)) {
		t.Error("NaN output")
	}
}
