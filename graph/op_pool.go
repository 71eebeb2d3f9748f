package graph

import "github.com/gokeras/gokeras/internal/kernels"

// poolKind distinguishes pooling and its adjoints.
type poolKind uint8

const (
	poolForward poolKind = iota // x → y
	poolBack                    // (x, dy) → dx; avg reads x for its shape only
	poolSelect                  // (x, g) → g at each window's maximum of x (max only)
)

// poolOp is 2-D max or average pooling over channels-last data, or one of
// its adjoints. Padded positions are ignored: they never win a maximum and
// do not count in an average, as in Keras.
type poolOp struct {
	kind poolKind
	avg  bool
	win  window
}

func (o poolOp) String() string {
	name := "MaxPool2D"
	if o.avg {
		name = "AvgPool2D"
	}
	name += [...]string{"", "Back", "Select"}[o.kind]
	return name + "{" + o.win.params() + "}"
}

func (o poolOp) shapeOnly(i int) bool { return o.kind == poolBack && o.avg && i == 0 }

func (o poolOp) dtype(in []*Node) (DType, error) {
	for _, x := range in {
		if x.dt != in[0].dt || !x.dt.IsFloat() {
			return 0, errorf(ErrDType, "expected floating-point inputs of one dtype")
		}
		if x.Rank() != 4 {
			return 0, errorf(ErrShape, "expected rank-4 inputs, received %s", shapeStr(x.shape))
		}
	}
	return in[0].dt, nil
}

func (o poolOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	x := in[0]
	g := o.win.resolve(x)
	if g.oh == 0 || g.ow == 0 {
		return nil, errorf(ErrShape, "a %dx%d window does not fit in input %s", o.win.kh, o.win.kw, shapeStr(x))
	}
	y := []int{x[0], g.oh, g.ow, x[3]}
	var want []int // the shape in[1] must have: pooled for back, the input's for select
	switch o.kind {
	case poolBack:
		want = y
	case poolSelect:
		want = x
	}
	for i, d := range want {
		if _, ok := mergeDim(d, in[1][i]); !ok {
			return nil, errorf(ErrShape, "gradient %s does not match shape %s", shapeStr(in[1]), shapeStr(want))
		}
	}
	if o.kind == poolBack {
		y = x
	}
	dst = outShape(dst, 4)
	copy(dst, y)
	return dst, nil
}

// poolParts bounds the parts a pooling pass is shared over, so that the
// scratch (see scratch) has a fixed size.
const poolParts = 8

// scratch is the room max pooling's backward and select passes need: per
// part, the running maximum and its place in the window, per channel.
func (o poolOp) scratch(_ []int, in [][]int) int {
	if o.avg || o.kind == poolForward {
		return 0
	}
	return poolParts * 2 * in[0][3]
}

// newState returns the per-frame state of a pooling step: the loop that
// shares its samples over the worker pool.
func (poolOp) newState() any { return &poolState{} }

type poolState struct {
	f32 poolJob[float32]
	f64 poolJob[float64]
}

func (o poolOp) eval(out *buf, in []*buf, x *ectx) error {
	g := o.win.resolve(in[0].shape)
	st, _ := x.st.(*poolState)
	if st == nil {
		st = &poolState{}
	}
	if out.dt == Float32 {
		st.f32.run(o, g, data[float32](out), in, x.f32)
	} else {
		st.f64.run(o, g, data[float64](out), in, x.f64)
	}
	return nil
}

// poolJob runs a pooling pass sample by sample, the samples shared over
// the kernels' worker pool: the windows of a sample read and write only
// that sample's elements, so the parts never touch the same ones.
type poolJob[T flo] struct {
	o             poolOp
	g             geom
	out, x, dy, s []T
	group         kernels.Group
}

func (j *poolJob[T]) run(o poolOp, g geom, out []T, in []*buf, scratch []T) {
	j.o, j.g, j.out, j.x, j.s = o, g, out, data[T](in[0]), scratch
	j.dy = nil
	if len(in) > 1 {
		j.dy = data[T](in[1])
	}
	parts := 1
	if g.n*g.h*g.w*g.c >= 1<<16 {
		parts = min(kernels.Threads(), poolParts)
	}
	j.group.For(g.n, parts, j)
	j.out, j.x, j.dy, j.s = nil, nil, nil, nil
}

// Item pools the windows of sample n, on part's scratch.
func (j *poolJob[T]) Item(part, n int) {
	g, c := j.g, j.g.c
	var scratch []T
	if len(j.s) > 0 {
		scratch = j.s[part*2*c : (part+1)*2*c]
	}
	// Windows go window by window over all the channels at once: a
	// window position's channels are contiguous in channels-last data, so
	// every inner loop reads and writes consecutive elements.
	base := n * g.h * g.w * c
	if j.o.kind == poolBack {
		// The gradient of the sample's input, which only its windows
		// write.
		fillT(j.out[base:base+g.h*g.w*c], 0)
	}
	for oy := range g.oh {
		y0 := oy*g.sh - g.padT
		ylo, yhi := max(y0, 0), min(y0+g.kh, g.h)
		for ox := range g.ow {
			x0 := ox*g.sw - g.padL
			w := window2{ylo: ylo, yhi: yhi, xlo: max(x0, 0), xhi: min(x0+g.kw, g.w)}
			at := ((n*g.oh+oy)*g.ow + ox) * c
			if j.o.avg {
				poolAvg(j.o.kind, j.out, j.x, j.dy, base, at, g, w)
			} else {
				poolMax(j.o.kind, j.out, j.x, j.dy, base, at, g, w, scratch)
			}
		}
	}
}

// window2 is the part of a pooling window inside the input.
type window2 struct{ ylo, yhi, xlo, xhi int }

// pos returns the offset of window element k (row-major) from base.
func (w window2) pos(k int, g geom) int {
	ww := w.xhi - w.xlo
	return ((w.ylo+k/ww)*g.w + w.xlo + k%ww) * g.c
}

// poolMax handles one window over all channels: forward takes the
// maximum, back adds dy at the first maximum, select reads dy there. A
// NaN is the maximum where it occurs first.
func poolMax[T flo](kind poolKind, out, x, dy []T, base, at int, g geom, w window2, scratch []T) {
	c := g.c
	cnt := (w.yhi - w.ylo) * (w.xhi - w.xlo)
	if kind == poolForward {
		o := out[at : at+c]
		copy(o, x[base+w.pos(0, g):][:c])
		for k := 1; k < cnt; k++ {
			row := x[base+w.pos(k, g):][:c]
			for ch, v := range row {
				if b := o[ch]; v > b && b == b || v != v && b == b {
					o[ch] = v
				}
			}
		}
		return
	}
	best, arg := scratch[:c], scratch[c:2*c]
	copy(best, x[base+w.pos(0, g):][:c])
	clear(arg)
	for k := 1; k < cnt; k++ {
		row := x[base+w.pos(k, g):][:c]
		for ch, v := range row {
			if b := best[ch]; v > b && b == b || v != v && b == b {
				best[ch], arg[ch] = v, T(k)
			}
		}
	}
	for ch := range c {
		p := base + w.pos(int(arg[ch]), g) + ch
		if kind == poolBack {
			out[p] += dy[at+ch]
		} else {
			out[at+ch] = dy[p]
		}
	}
}

// poolAvg handles one window of average pooling over all channels:
// forward averages x, back spreads dy evenly over the window.
func poolAvg[T flo](kind poolKind, out, x, dy []T, base, at int, g geom, w window2) {
	c := g.c
	cnt := (w.yhi - w.ylo) * (w.xhi - w.xlo)
	n := T(cnt)
	if kind == poolBack {
		d := dy[at : at+c]
		for k := range cnt {
			o := out[base+w.pos(k, g):][:c]
			for ch, v := range d {
				o[ch] += v / n
			}
		}
		return
	}
	o := out[at : at+c]
	clear(o)
	for k := range cnt {
		row := x[base+w.pos(k, g):][:c]
		for ch, v := range row {
			o[ch] += v
		}
	}
	for ch := range o {
		o[ch] /= n
	}
}

func (o poolOp) grad(n, g *Node) []*Node {
	in := n.in
	back := poolOp{poolBack, o.avg, o.win}
	switch {
	case o.kind == poolForward:
		return []*Node{apply(back, in[0], g)}
	case o.avg: // back (x shape, dy) is linear in dy; its adjoint is pooling
		return []*Node{nil, apply(poolOp{poolForward, true, o.win}, g)}
	case o.kind == poolBack: // (x, dy) → dx: the adjoint in dy selects at the maxima
		return []*Node{nil, apply(poolOp{poolSelect, false, o.win}, in[0], g)}
	}
	// select (x, dy) is linear in dy; its adjoint scatters to the maxima
	return []*Node{nil, apply(back, in[0], g)}
}

func poolBuild(name string, x *Node, avg bool, pool, strides [2]int, padding Padding) *Node {
	if x == nil || x.bad {
		return apply(poolOp{}, x)
	}
	if strides == [2]int{} {
		strides = pool
	}
	wd, err := newWindow(pool[0], pool[1], strides, [2]int{1, 1}, padding)
	if err != nil {
		return failf(name, []*Node{x}, err)
	}
	return apply(poolOp{poolForward, avg, wd}, x)
}

// MaxPool2D returns the maximum of each pool[0]×pool[1] window of x,
// channels-last (batch, height, width, channels), as Keras's MaxPooling2D:
// strides default (zero) to the pool size, padding Valid or Same. The
// gradient flows to the first maximum of each window.
func MaxPool2D(x *Node, pool, strides [2]int, padding Padding) *Node {
	return poolBuild("MaxPool2D", x, false, pool, strides, padding)
}

// AvgPool2D returns the mean of each window of x, like MaxPool2D, as
// Keras's AveragePooling2D; with Same padding a window's mean counts only
// the positions inside the input.
func AvgPool2D(x *Node, pool, strides [2]int, padding Padding) *Node {
	return poolBuild("AvgPool2D", x, true, pool, strides, padding)
}
