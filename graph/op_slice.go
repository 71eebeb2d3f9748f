package graph

import (
	"fmt"
	"math"

	"github.com/gokeras/gokeras/tensor"
)

// sliceOp takes the elements start ≤ i < stop along an axis, with Python's
// meaning of negative and out-of-range bounds, resolved against the size
// the axis has when the function runs.
type sliceOp struct {
	axis        int8
	start, stop int
}

func (o sliceOp) String() string {
	return fmt.Sprintf("Slice{axis=%d, %s:%s}", o.axis, bound(o.start, 0), bound(o.stop, math.MaxInt))
}

func bound(v, none int) string {
	if v == none {
		return ""
	}
	return fmt.Sprint(v)
}

func (sliceOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

// resolve returns the bounds of the slice for an axis of size d.
func (o sliceOp) resolve(d int) (int, int) {
	clamp := func(v int) int {
		if v < 0 {
			v += d
		}
		return min(max(v, 0), d)
	}
	s, e := clamp(o.start), clamp(o.stop)
	return s, max(e, s)
}

func (o sliceOp) shape(n *Node, dst []int, in [][]int) ([]int, error) {
	s := in[0]
	dst = outShape(dst, len(s))
	copy(dst, s)
	d := s[o.axis]
	if n.in[0].shape[o.axis] < 0 {
		// The axis's size is only known at run time: bounds on one side
		// of it give a static size, which the run-time size must allow.
		if size, need, ok := o.fixedSize(); ok {
			if d >= 0 && d < need {
				return nil, errorf(ErrShape, "slice %s needs an axis of at least %d, received %d", o, need, d)
			}
			dst[o.axis] = size
			return dst, nil
		}
	}
	if d >= 0 {
		a, b := o.resolve(d)
		dst[o.axis] = b - a
	}
	return dst, nil
}

// fixedSize returns the size of a slice whose bounds are both counted from
// the start or both from the end, and the axis size it needs.
func (o sliceOp) fixedSize() (size, need int, ok bool) {
	switch {
	case o.start >= 0 && o.stop >= o.start && o.stop != math.MaxInt:
		return o.stop - o.start, o.stop, true
	case o.start < 0 && o.stop == math.MaxInt:
		return -o.start, -o.start, true
	case o.start < 0 && o.stop < 0 && o.stop >= o.start:
		return o.stop - o.start, -o.start, true
	}
	return 0, 0, false
}

func (o sliceOp) eval(out *buf, in []*buf, _ *ectx) error {
	a, _ := o.resolve(in[0].shape[o.axis])
	return sliceEval(out, in[0], int(o.axis), a)
}

func (o sliceOp) grad(n, g *Node) []*Node {
	return []*Node{apply(slicePadOp(o), g, n.in[0])}
}

// sliceEval copies the part of src starting at start along axis into out,
// whose shape gives the part's size.
func sliceEval(out, src *buf, axis, start int) error {
	switch out.dt {
	case Float32:
		sliceT[float32](out, src, axis, start, false, false)
	case Float64:
		sliceT[float64](out, src, axis, start, false, false)
	case Int32:
		sliceT[int32](out, src, axis, start, false, false)
	default:
		sliceT[int64](out, src, axis, start, false, false)
	}
	return nil
}

// padEval writes part into out at start along axis and zeros elsewhere.
func padEval(out, part *buf, axis, start int) error {
	out.fill(0)
	return addPart(out, part, axis, start, false)
}

// addPart copies (or, with add, adds) part into whole at start along axis.
func addPart(whole, part *buf, axis, start int, add bool) error {
	switch whole.dt {
	case Float32:
		sliceT[float32](part, whole, axis, start, true, add)
	case Float64:
		sliceT[float64](part, whole, axis, start, true, add)
	case Int32:
		sliceT[int32](part, whole, axis, start, true, add)
	default:
		sliceT[int64](part, whole, axis, start, true, add)
	}
	return nil
}

// sliceT copies between a part and a whole along axis: part ← whole[start:]
// or, if into, whole[start:] ← part (+= part if add).
func sliceT[T tensor.Elem](part, whole *buf, axis, start int, into, add bool) {
	p, w := data[T](part), data[T](whole)
	outer, d, inner := splitAt(whole.shape, axis)
	run := part.shape[axis] * inner
	if run == 0 {
		return
	}
	for o := range outer {
		wo := (o*d + start) * inner
		switch {
		case add:
			addTo(w[wo:wo+run], p[o*run:(o+1)*run])
		case into:
			copy(w[wo:wo+run], p[o*run:(o+1)*run])
		default:
			copy(p[o*run:(o+1)*run], w[wo:wo+run])
		}
	}
}

// slicePadOp is the gradient of a slice: its first input placed in zeros
// shaped like the second (read for its shape only).
type slicePadOp sliceOp

func (o slicePadOp) String() string { return "SlicePad" + sliceOp(o).String()[5:] }

func (slicePadOp) shapeOnly(i int) bool { return i == 1 }

func (slicePadOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o slicePadOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[1]))
	copy(dst, in[1])
	return dst, nil
}

func (o slicePadOp) eval(out *buf, in []*buf, _ *ectx) error {
	a, _ := sliceOp(o).resolve(out.shape[o.axis])
	return padEval(out, in[0], int(o.axis), a)
}

func (o slicePadOp) grad(_, g *Node) []*Node { return []*Node{apply(sliceOp(o), g), nil} }

// Slice returns the elements start ≤ i < stop of x along axis, as Python's
// x[..., start:stop]: negative bounds count from the end, math.MaxInt as
// stop means the end, and bounds beyond the ends are clamped. If the axis's
// size is unknown until the function runs, bounds that are both counted
// from the same end (Slice(x, 0, 0, 1), Slice(x, 0, -1, math.MaxInt)) give
// a known size, and a call whose axis is too short for them is an error.
func Slice(x *Node, axis, start, stop int) *Node {
	if x == nil || x.bad {
		return apply(sliceOp{}, x)
	}
	a, err := normAxis(axis, x.Rank())
	if err != nil {
		return failf("Slice", []*Node{x}, err)
	}
	return apply(sliceOp{axis: int8(a), start: start, stop: stop}, x)
}

// Split cuts x into sections equal parts along axis, whose size must be
// known and divisible by sections.
func Split(x *Node, sections, axis int) []*Node {
	out := make([]*Node, max(sections, 0))
	if x == nil || x.bad {
		for i := range out {
			out[i] = apply(sliceOp{}, x)
		}
		return out
	}
	a, err := normAxis(axis, x.Rank())
	if err == nil && (sections <= 0 || x.shape[a] < 0 || x.shape[a]%sections != 0) {
		err = errorf(ErrShape, "cannot split dimension %d of %s into %d equal parts", a, shapeStr(x.shape), sections)
	}
	if err != nil {
		bad := failf("Split", []*Node{x}, err)
		for i := range out {
			out[i] = bad
		}
		return out
	}
	step := x.shape[a] / sections
	for i := range out {
		out[i] = Slice(x, a, i*step, (i+1)*step)
	}
	return out
}

// slicePadsOp sums the gradients of several slices of one value along one
// axis: its inputs are the slices' gradients and, last, the value (read for
// its shape only). Grad builds it instead of adding zero-padded copies, so
// the gradient of a sequence read step by step costs one buffer.
type slicePadsOp struct{ p *slicePads }

// slicePads holds the slices of a slicePadsOp; the pointer keeps the op
// comparable.
type slicePads struct {
	axis   int8
	slices []sliceOp
}

func (o slicePadsOp) String() string {
	return fmt.Sprintf("SlicePads{axis=%d, %d slices}", o.p.axis, len(o.p.slices))
}

func (o slicePadsOp) shapeOnly(i int) bool { return i == len(o.p.slices) }

func (slicePadsOp) dtype(in []*Node) (DType, error) { return in[0].dt, nil }

func (o slicePadsOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	like := in[len(in)-1]
	dst = outShape(dst, len(like))
	copy(dst, like)
	return dst, nil
}

func (o slicePadsOp) eval(out *buf, in []*buf, _ *ectx) error {
	out.fill(0)
	d := out.shape[o.p.axis]
	for k, s := range o.p.slices {
		a, _ := s.resolve(d)
		addPart(out, in[k], int(o.p.axis), a, true)
	}
	return nil
}

func (o slicePadsOp) grad(_, g *Node) []*Node {
	gs := make([]*Node, len(o.p.slices)+1)
	for k, s := range o.p.slices {
		gs[k] = apply(s, g)
	}
	return gs
}

// mergeSlicePads replaces, among gradient contributions, two or more
// zero-padded slice gradients of the same value along the same axis by one
// slicePadsOp.
func mergeSlicePads(xs []*Node) []*Node {
	var pads, rest []*Node
	for _, x := range xs {
		sp, ok := x.op.(slicePadOp)
		if ok && (len(pads) == 0 || (pads[0].op.(slicePadOp).axis == sp.axis && pads[0].in[1] == x.in[1])) {
			pads = append(pads, x)
			continue
		}
		rest = append(rest, x)
	}
	if len(pads) < 2 {
		return xs
	}
	p := &slicePads{axis: pads[0].op.(slicePadOp).axis}
	ins := make([]*Node, 0, len(pads)+1)
	for _, x := range pads {
		p.slices = append(p.slices, sliceOp(x.op.(slicePadOp)))
		ins = append(ins, x.in[0])
	}
	ins = append(ins, pads[0].in[1])
	return append(rest, apply(slicePadsOp{p}, ins...))
}
