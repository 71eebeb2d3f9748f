package graph

import (
	"math"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestGradTrig(t *testing.T) {
	cases := []gradCase{
		{name: "Cos", build: one(Cos), inputs: ts(rnd(21, -4, 4, 3, 4))},
		{name: "Sin", build: one(Sin), inputs: ts(rnd(22, -4, 4, 3, 4))},
		{name: "CosOfSin", build: one(func(x *Node) *Node { return Mul(Cos(Sin(x)), x) }), inputs: ts(rnd(23, -2, 2, 5))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkGrad(t, c) })
	}
}

func TestTrigValues(t *testing.T) {
	in := []float64{0, math.Pi / 3, math.Pi / 2, math.Pi, -math.Pi / 6, 10}
	for _, dt := range []DType{Float32, Float64} {
		g := New()
		x := g.Input("x", Float64, len(in))
		xc := Cast(x, dt)
		f := mustFunction(t, []*Node{x}, []*Node{Cast(Cos(xc), Float64), Cast(Sin(xc), Float64)}, nil)
		out := mustCall(t, f, tensor.Must(tensor.New([]int{len(in)}, in)))
		cos := out[0].(*tensor.Tensor[float64]).Data()
		sin := out[1].(*tensor.Tensor[float64]).Data()
		tol := 1e-15
		if dt == Float32 {
			tol = 1e-6
		}
		for i, v := range in {
			if math.Abs(cos[i]-math.Cos(v)) > tol || math.Abs(sin[i]-math.Sin(v)) > tol {
				t.Errorf("%s: cos, sin of %v = %v, %v; want %v, %v", dt, v, cos[i], sin[i], math.Cos(v), math.Sin(v))
			}
		}
	}
	g := New()
	if Cos(g.Input("i", Int32, 2)); g.Err() == nil {
		t.Error("Cos of int32 accepted")
	}
}
