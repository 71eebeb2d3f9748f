package graph

import (
	"math"
	"slices"
	"testing"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

func TestRandomReproducible(t *testing.T) {
	run := func(seed uint64) [][]float32 {
		g := New()
		x := g.Input("x", Float32, -1, 1000)
		u := RandomUniform(x, -1, 2)
		n := RandomNormal(x, 3, 0.5)
		d := Dropout(x, 0.25)
		f := mustFunction(t, []*Node{x}, []*Node{u, n, d}, nil)
		g.SetSeed(seed)
		ones := tensor.Must(tensor.Ones[float32](2, 1000))
		var res [][]float32
		for range 2 {
			for _, o := range mustCall(t, f, ones) {
				res = append(res, data32(o))
			}
		}
		return res
	}
	a, b, c := run(1), run(1), run(2)
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				t.Fatalf("output %d differs between runs with one seed", i)
			}
		}
	}
	if a[0][0] == c[0][0] && a[0][1] == c[0][1] {
		t.Error("different seeds gave the same numbers")
	}
	if a[0][0] == a[3][0] && a[0][1] == a[3][1] {
		t.Error("two calls drew the same numbers")
	}
	u, n, d := a[0], a[1], a[2]
	mean := func(v []float32) float64 {
		s := 0.0
		for _, x := range v {
			s += float64(x)
		}
		return s / float64(len(v))
	}
	for _, v := range u {
		if v < -1 || v >= 2 {
			t.Fatalf("uniform value %v outside [-1, 2)", v)
		}
	}
	if m := mean(u); math.Abs(m-0.5) > 0.1 {
		t.Errorf("uniform mean %v, want about 0.5", m)
	}
	if m := mean(n); math.Abs(m-3) > 0.1 {
		t.Errorf("normal mean %v, want about 3", m)
	}
	kept := 0
	for _, v := range d {
		switch v {
		case 0:
		case 1 / 0.75:
			kept++
		default:
			t.Fatalf("dropout value %v, want 0 or 1/(1−rate)", v)
		}
	}
	if f := float64(kept) / float64(len(d)); math.Abs(f-0.75) > 0.05 {
		t.Errorf("dropout kept %v of the values, want about 0.75", f)
	}
}

func TestDropoutGrad(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, 100)
	d := Dropout(x, 0.5)
	gx := Grad(Sum(d, nil, false), x)[0]
	f := mustFunction(t, []*Node{x}, []*Node{d, gx}, nil)
	ones := tensor.Must(tensor.Ones[float32](100))
	out := mustCall(t, f, ones)
	// With x = 1 the output is the mask, and so is the gradient.
	for i, v := range data32(out[0]) {
		if data32(out[1])[i] != v {
			t.Fatalf("gradient %v differs from mask %v", data32(out[1]), data32(out[0]))
		}
	}
}

// TestDropoutMaskStream checks the mask against the draws of r.Uint64
// itself, two per output, and that r is left as those draws leave it,
// normal-deviate spare included.
func TestDropoutMaskStream(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000, 1001} {
		r := tensor.NewRNG(uint64(n) + 5)
		r.Normal() // leaves a spare deviate
		ref := r.Clone()
		const rate = 0.3
		got := make([]float32, n)
		dropoutMask(r, got, rate)
		thr := uint64(math.Ceil(rate * (1 << 32)))
		keep := float32(1 / (1 - rate))
		want := make([]float32, n)
		set := func(i int, u uint64) {
			if u >= thr {
				want[i] = keep
			}
		}
		for i := 0; i+2 <= n; i += 2 {
			u := ref.Uint64()
			set(i, u&(1<<32-1))
			set(i+1, u>>32)
		}
		if n%2 == 1 {
			set(n-1, ref.Uint64()>>32)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("n=%d: mask[%d] = %v, want %v", n, i, got[i], want[i])
			}
		}
		if a, b := r.Normal(), ref.Normal(); a != b {
			t.Fatalf("n=%d: spare deviate after the mask %v, want %v", n, a, b)
		}
		if a, b := r.Uint64(), ref.Uint64(); a != b {
			t.Fatalf("n=%d: next draw after the mask %#x, want %#x", n, a, b)
		}
	}
}

// A dropout mask of several blocks is the same on any number of threads,
// keeps about 1−rate of its elements, and changes from call to call.
func TestDropoutMaskBlocksThreads(t *testing.T) {
	const rate = 0.3
	var ref []float32
	for _, threads := range []int{1, 2, 3} {
		prev := kernels.SetThreads(threads)
		g := New()
		g.SetSeed(17)
		x := g.Input("x", Float32, 5*maskBlock+77)
		f := mustFunction(t, []*Node{x}, []*Node{DropoutMask(x, rate)}, nil)
		xv := tensor.Must(tensor.Zeros[float32](5*maskBlock + 77))
		out, err := f.Call(xv)
		if err != nil {
			t.Fatal(err)
		}
		m := append([]float32(nil), data32(out[0])...)
		again, err := f.Call(xv)
		if err != nil {
			t.Fatal(err)
		}
		kernels.SetThreads(prev)
		if slices.Equal(m, data32(again[0])) {
			t.Fatalf("threads %d: two calls drew the same mask", threads)
		}
		kept := 0
		for _, v := range m {
			switch v {
			case 0:
			case float32(1 / (1 - rate)):
				kept++
			default:
				t.Fatalf("threads %d: mask value %v", threads, v)
			}
		}
		if frac := float64(kept) / float64(len(m)); math.Abs(frac-(1-rate)) > 0.01 {
			t.Errorf("threads %d: kept %.4f", threads, frac)
		}
		if ref == nil {
			ref = m
		} else if !slices.Equal(m, ref) {
			t.Fatalf("threads %d: the mask differs from one thread's", threads)
		}
	}
}
