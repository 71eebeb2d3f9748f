package graph

import "math"

// trigOp is the cosine (or, with sin set, the sine) of its input, element
// by element. The two are each other's derivative, so both exist as
// primitives; they are rare enough (learning-rate schedules, positional
// encodings) that they run as plain loops outside the fused element-wise
// programs.
type trigOp struct{ sin bool }

func (o trigOp) String() string {
	if o.sin {
		return "Sin"
	}
	return "Cos"
}

func (trigOp) dtype(in []*Node) (DType, error) {
	if !in[0].dt.IsFloat() {
		return 0, errorf(ErrDType, "expected a floating-point input, received %s", in[0].dt)
	}
	return in[0].dt, nil
}

func (trigOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0]))
	copy(dst, in[0])
	return dst, nil
}

func (o trigOp) eval(out *buf, in []*buf, _ *ectx) error {
	f := math.Cos
	if o.sin {
		f = math.Sin
	}
	if out.dt == Float32 {
		src, dst := data[float32](in[0]), data[float32](out)
		for i, v := range src[:len(dst)] {
			dst[i] = float32(f(float64(v)))
		}
		return nil
	}
	src, dst := data[float64](in[0]), data[float64](out)
	for i, v := range src[:len(dst)] {
		dst[i] = f(v)
	}
	return nil
}

// grad: d cos x = −sin x dx and d sin x = cos x dx.
func (o trigOp) grad(n, g *Node) []*Node {
	x := n.in[0]
	if o.sin {
		return []*Node{Mul(g, Cos(x))}
	}
	return []*Node{Neg(Mul(g, Sin(x)))}
}

// Cos returns the cosine of x (radians), element by element. Float32
// values are computed in float64 and rounded once.
func Cos(x *Node) *Node { return apply(trigOp{}, x) }

// Sin returns the sine of x (radians), element by element. Float32 values
// are computed in float64 and rounded once.
func Sin(x *Node) *Node { return apply(trigOp{sin: true}, x) }
