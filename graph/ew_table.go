package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// ewKind names an element-wise primitive. Every element-wise op is one row
// of ewTable; the fused-loop interpreter, the printer and the rewrites all
// read the same row.
type ewKind uint8

const (
	kIdentity ewKind = iota // copy; with a second, shape-only input it broadcasts
	kNeg
	kAbs
	kSign
	kSqrt
	kSquare
	kExp
	kLog
	kLog1p
	kExpm1
	kErf
	kFloor
	kCeil
	kRound
	kRelu
	kSigmoid
	kTanh
	kSoftplus
	kClip // p0 ≤ x ≤ p1
	kAdd
	kSub
	kMul
	kDiv
	kPow
	kMinimum
	kMaximum
	kEqual
	kNotEqual
	kLess
	kLessEqual
	kGreater
	kGreaterEqual
	kReluGrad    // (y, dy) → dy·[y > 0]
	kSigmoidGrad // (y, dy) → dy·y·(1−y)
	kTanhGrad    // (y, dy) → dy·(1−y²)
	kWhere       // (cond, a, b) → cond ≠ 0 ? a : b
	numEWKinds
)

// ewFn computes one element-wise kind over equal-length slices: dst from
// up to three operands (unused ones are nil) and the op's parameters. dst
// may alias an operand.
type ewFn[T tensor.Elem] func(dst, a, b, c []T, p0, p1 float64)

// ewDef is one row of the element-wise table.
type ewDef struct {
	name      string
	arity     int
	floatOnly bool // integer dtypes are rejected
	shapeOnly bool // the second operand only gives the shape (broadcasting identity)
	f32       ewFn[float32]
	f64       ewFn[float64]
	i32       ewFn[int32]
	i64       ewFn[int64]
}

// ewTable holds the element-wise kinds. Floating-point kinds that have a
// vector kernel run on it; the others run the Go loops of ew_funcs.go.
var ewTable = [numEWKinds]ewDef{
	kIdentity:     all("Identity", 1, ewCopy[float32], ewCopy[float64], ewCopy[int32], ewCopy[int64]),
	kNeg:          all("Neg", 1, k1(kernels.Neg[float32]), k1(kernels.Neg[float64]), ewNeg[int32], ewNeg[int64]),
	kAbs:          all("Abs", 1, k1(kernels.Abs[float32]), k1(kernels.Abs[float64]), ewAbs[int32], ewAbs[int64]),
	kSign:         all("Sign", 1, ewSign[float32], ewSign[float64], ewSign[int32], ewSign[int64]),
	kSqrt:         flt("Sqrt", 1, k1(kernels.Sqrt[float32]), k1(kernels.Sqrt[float64])),
	kSquare:       all("Square", 1, k1(kernels.Square[float32]), k1(kernels.Square[float64]), ewSquare[int32], ewSquare[int64]),
	kExp:          flt("Exp", 1, k1(kernels.Exp[float32]), k1(kernels.Exp[float64])),
	kLog:          flt("Log", 1, k1(kernels.Log[float32]), k1(kernels.Log[float64])),
	kLog1p:        flt("Log1p", 1, ewLog1p[float32], ewLog1p[float64]),
	kExpm1:        flt("Expm1", 1, ewExpm1[float32], ewExpm1[float64]),
	kErf:          flt("Erf", 1, ewErf[float32], ewErf[float64]),
	kFloor:        flt("Floor", 1, ewFloor[float32], ewFloor[float64]),
	kCeil:         flt("Ceil", 1, ewCeil[float32], ewCeil[float64]),
	kRound:        flt("Round", 1, ewRound[float32], ewRound[float64]),
	kRelu:         all("Relu", 1, k1(kernels.Relu[float32]), k1(kernels.Relu[float64]), ewRelu[int32], ewRelu[int64]),
	kSigmoid:      flt("Sigmoid", 1, k1(kernels.Sigmoid[float32]), k1(kernels.Sigmoid[float64])),
	kTanh:         flt("Tanh", 1, k1(kernels.Tanh[float32]), k1(kernels.Tanh[float64])),
	kSoftplus:     flt("Softplus", 1, ewSoftplus[float32], ewSoftplus[float64]),
	kClip:         all("Clip", 1, ewClip[float32], ewClip[float64], ewClip[int32], ewClip[int64]),
	kAdd:          all("Add", 2, k2(kernels.Add[float32]), k2(kernels.Add[float64]), ewAdd[int32], ewAdd[int64]),
	kSub:          all("Sub", 2, k2(kernels.Sub[float32]), k2(kernels.Sub[float64]), ewSub[int32], ewSub[int64]),
	kMul:          all("Mul", 2, k2(kernels.Mul[float32]), k2(kernels.Mul[float64]), ewMul[int32], ewMul[int64]),
	kDiv:          flt("Div", 2, k2(kernels.Div[float32]), k2(kernels.Div[float64])),
	kPow:          flt("Pow", 2, ewPow[float32], ewPow[float64]),
	kMinimum:      all("Minimum", 2, ewMin[float32], ewMin[float64], ewMin[int32], ewMin[int64]),
	kMaximum:      all("Maximum", 2, ewMax[float32], ewMax[float64], ewMax[int32], ewMax[int64]),
	kEqual:        all("Equal", 2, ewEq[float32], ewEq[float64], ewEq[int32], ewEq[int64]),
	kNotEqual:     all("NotEqual", 2, ewNe[float32], ewNe[float64], ewNe[int32], ewNe[int64]),
	kLess:         all("Less", 2, ewLt[float32], ewLt[float64], ewLt[int32], ewLt[int64]),
	kLessEqual:    all("LessEqual", 2, ewLe[float32], ewLe[float64], ewLe[int32], ewLe[int64]),
	kGreater:      all("Greater", 2, ewGt[float32], ewGt[float64], ewGt[int32], ewGt[int64]),
	kGreaterEqual: all("GreaterEqual", 2, ewGe[float32], ewGe[float64], ewGe[int32], ewGe[int64]),
	kReluGrad:     flt("ReluGrad", 2, k2(kernels.ReluGrad[float32]), k2(kernels.ReluGrad[float64])),
	kSigmoidGrad:  flt("SigmoidGrad", 2, k2(kernels.SigmoidGrad[float32]), k2(kernels.SigmoidGrad[float64])),
	kTanhGrad:     flt("TanhGrad", 2, k2(kernels.TanhGrad[float32]), k2(kernels.TanhGrad[float64])),
	kWhere:        all("Where", 3, ewWhere[float32], ewWhere[float64], ewWhere[int32], ewWhere[int64]),
}

func all(name string, arity int, f32 ewFn[float32], f64 ewFn[float64], i32 ewFn[int32], i64 ewFn[int64]) ewDef {
	return ewDef{name: name, arity: arity, f32: f32, f64: f64, i32: i32, i64: i64}
}

func flt(name string, arity int, f32 ewFn[float32], f64 ewFn[float64]) ewDef {
	return ewDef{name: name, arity: arity, floatOnly: true, f32: f32, f64: f64}
}

// fnOf returns the implementation of kind k for element type T.
func fnOf[T tensor.Elem](k ewKind) ewFn[T] {
	d := &ewTable[k]
	var z T
	switch any(z).(type) {
	case float32:
		return any(d.f32).(ewFn[T])
	case float64:
		return any(d.f64).(ewFn[T])
	case int32:
		return any(d.i32).(ewFn[T])
	}
	return any(d.i64).(ewFn[T])
}

// ewOp is the op of every element-wise node: a kind and its parameters.
type ewOp struct {
	k      ewKind
	p0, p1 float64
}

func (o ewOp) String() string {
	if o.k == kClip {
		return fmt.Sprintf("Clip{%g, %g}", o.p0, o.p1)
	}
	return ewTable[o.k].name
}

func (o ewOp) dtype(in []*Node) (DType, error) {
	d := &ewTable[o.k]
	if len(in) != d.arity && !(o.k == kIdentity && len(in) == 2) {
		return 0, errorf(ErrArg, "expected %d inputs, received %d", d.arity, len(in))
	}
	dt := in[len(in)-1].dt
	if o.k == kIdentity {
		dt = in[0].dt
	}
	for i, x := range in {
		if x.dt != dt && !(o.k == kIdentity && i == 1) {
			return 0, errorf(ErrDType, "expected inputs of one dtype, received %s and %s", x.dt, dt)
		}
	}
	if d.floatOnly && !dt.IsFloat() {
		return 0, errorf(ErrDType, "expected a floating-point input, received %s; Cast it first", dt)
	}
	return dt, nil
}

func (o ewOp) shape(n *Node, dst []int, in [][]int) ([]int, error) {
	if o.k == kIdentity && len(in) == 2 {
		return broadcastTo(dst, in[0], n.in[0].shape, in[1])
	}
	st := make([][]int, 0, 3)
	for _, x := range n.in {
		st = append(st, x.shape)
	}
	return broadcastShape(dst, in, st)
}

// broadcastTo checks that a value of shape from (static shape static)
// broadcasts to shape to, and returns to.
func broadcastTo(dst, from, static, to []int) ([]int, error) {
	if len(from) > len(to) {
		return nil, errorf(ErrShape, "cannot broadcast %s to %s", shapeStr(from), shapeStr(to))
	}
	lead := len(to) - len(from)
	for i, d := range from {
		if static[i] == 1 {
			continue
		}
		if _, ok := mergeDim(d, to[lead+i]); !ok {
			return nil, errorf(ErrShape, "cannot broadcast %s to %s", shapeStr(from), shapeStr(to))
		}
	}
	dst = outShape(dst, len(to))
	copy(dst, to)
	return dst, nil
}

// eval runs the op as a one-instruction program; compiled functions run
// element-wise nodes through fused programs instead.
func (o ewOp) eval(out *buf, in []*buf, _ *ectx) error {
	if o.shapeOnly(len(in) - 1) {
		// A broadcast's second input only gives the output's shape, which
		// out already has.
		in = in[:1]
	}
	p := singleProgram(o, in)
	return p.run(p.newState(), out, in)
}

// ew builds an element-wise node.
func ew(k ewKind, ins ...*Node) *Node { return apply(ewOp{k: k}, ins...) }
