package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/internal/kernels"
)

// Padding selects how a convolution or pooling window treats the borders,
// as Keras's padding argument.
type Padding uint8

const (
	// Valid uses only windows that fit inside the input.
	Valid Padding = iota
	// Same pads the input with zeros (ignored values, for pooling) so that
	// the output has ceil(size/stride) positions, the padding split evenly
	// with the extra one after, as Keras and TensorFlow do.
	Same
)

// String returns "valid" or "same".
func (p Padding) String() string {
	if p == Same {
		return "same"
	}
	return "valid"
}

// window is the geometry of a 2-D sliding window over channels-last data.
type window struct {
	kh, kw, sh, sw, dh, dw int8
	pad                    Padding
}

// geom is a window resolved against an input size.
type geom struct {
	n, h, w, c int // input
	kh, kw     int // window
	oh, ow     int // output positions
	padT, padL int
	sh, sw     int
	dh, dw     int
}

// outDim returns the output size and leading padding of one dimension.
func outDim(in, k, s, d int, pad Padding) (out, lead int) {
	span := d*(k-1) + 1
	if pad == Same {
		out = (in + s - 1) / s
		total := max((out-1)*s+span-in, 0)
		return out, total / 2
	}
	if in < span {
		return 0, 0
	}
	return (in-span)/s + 1, 0
}

// resolve computes the geometry for an input of shape (n, h, w, c); unknown
// dimensions give unknown outputs.
func (wd window) resolve(x []int) geom {
	g := geom{n: x[0], h: x[1], w: x[2], c: x[3], kh: int(wd.kh), kw: int(wd.kw),
		sh: int(wd.sh), sw: int(wd.sw), dh: int(wd.dh), dw: int(wd.dw)}
	g.oh, g.padT = -1, 0
	if g.h >= 0 {
		g.oh, g.padT = outDim(g.h, g.kh, g.sh, g.dh, wd.pad)
	}
	g.ow, g.padL = -1, 0
	if g.w >= 0 {
		g.ow, g.padL = outDim(g.w, g.kw, g.sw, g.dw, wd.pad)
	}
	return g
}

func (wd window) params() string {
	s := fmt.Sprintf("%dx%d", wd.kh, wd.kw)
	if wd.sh != 1 || wd.sw != 1 {
		s += fmt.Sprintf(" strides=%dx%d", wd.sh, wd.sw)
	}
	if wd.dh != 1 || wd.dw != 1 {
		s += fmt.Sprintf(" dilation=%dx%d", wd.dh, wd.dw)
	}
	return s + " " + wd.pad.String()
}

// convKind distinguishes a convolution from its two adjoints.
type convKind uint8

const (
	convForward    convKind = iota // (x, k) → y
	convBackInput                  // (dy, k, x shape) → dx
	convBackKernel                 // (x, dy, k shape) → dk
)

// convOp is a 2-D convolution over channels-last data, x (n, h, w, c) with
// a kernel (kh, kw, c, f) giving (n, oh, ow, f), or one of its adjoints. It
// runs as im2col plus a matrix product, a chunk of samples at a time.
type convOp struct {
	kind convKind
	win  window
}

func (o convOp) String() string {
	name := [...]string{"Conv2D", "Conv2DBackInput", "Conv2DBackKernel"}[o.kind]
	return name + "{" + o.win.params() + "}"
}

func (o convOp) shapeOnly(i int) bool { return o.kind != convForward && i == 2 }

func (o convOp) dtype(in []*Node) (DType, error) {
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

// shapes returns the input shape x, kernel shape k and output shape y of
// the forward convolution an op's inputs describe.
func (o convOp) shapes(in [][]int) (x, k, y []int) {
	switch o.kind {
	case convForward:
		return in[0], in[1], nil
	case convBackInput:
		return in[2], in[1], in[0]
	}
	return in[0], in[2], in[1]
}

func (o convOp) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	x, k, y := o.shapes(in)
	if k[0] != int(o.win.kh) || k[1] != int(o.win.kw) {
		return nil, errorf(ErrShape, "kernel %s does not match a %dx%d window", shapeStr(k), o.win.kh, o.win.kw)
	}
	if _, ok := mergeDim(x[3], k[2]); !ok {
		return nil, errorf(ErrShape, "expected the kernel's input channels %d to match the input's %d", k[2], x[3])
	}
	g := o.win.resolve(x)
	want := []int{x[0], g.oh, g.ow, k[3]}
	if g.oh == 0 || g.ow == 0 {
		return nil, errorf(ErrShape, "a %dx%d window does not fit in input %s", o.win.kh, o.win.kw, shapeStr(x))
	}
	if y != nil {
		for i, d := range y {
			if _, ok := mergeDim(d, want[i]); !ok {
				return nil, errorf(ErrShape, "gradient %s does not match output %s", shapeStr(y), shapeStr(want))
			}
		}
	}
	var res []int
	switch o.kind {
	case convForward:
		res = want
	case convBackInput:
		res = x
	default:
		res = k
	}
	dst = outShape(dst, 4)
	copy(dst, res)
	return dst, nil
}

// convChunkLimit bounds the im2col scratch, in elements, when more than one
// sample fits.
const convChunkLimit = 1 << 20

// chunk returns how many samples an im2col pass covers.
func (g geom) chunk() int {
	per := g.oh * g.ow * g.kh * g.kw * g.c
	if per == 0 {
		return max(g.n, 1)
	}
	return max(1, min(g.n, convChunkLimit/per))
}

func (o convOp) scratch(_ []int, in [][]int) int {
	x, _, _ := o.shapes(in)
	g := o.win.resolve(x)
	return g.chunk() * g.oh * g.ow * g.kh * g.kw * g.c
}

func (o convOp) eval(out *buf, in []*buf, x *ectx) error {
	if out.dt == Float32 {
		convRun(o, out, in, x.f32)
	} else {
		convRun(o, out, in, x.f64)
	}
	return nil
}

func convRun[T flo](o convOp, out *buf, in []*buf, scratch []T) {
	shapes := [3][]int{}
	for i, b := range in {
		shapes[i] = b.shape
	}
	xs, _, _ := o.shapes(shapes[:len(in)])
	g := o.win.resolve(xs)
	kk := g.kh * g.kw * g.c
	per := g.oh * g.ow
	f := in[1].shape[3] // the kernel's or the gradient's filters
	res := data[T](out)
	if o.kind != convForward {
		fillT(res, 0)
	}
	step := g.chunk()
	for n0 := 0; n0 < g.n; n0 += step {
		nb := min(step, g.n-n0)
		rows := nb * per
		cols := scratch[:rows*kk]
		switch o.kind {
		case convForward:
			im2col(cols, data[T](in[0]), g, n0, nb)
			kernels.Gemm(false, false, rows, f, kk, 1, cols, kk, data[T](in[1]), f, 0, res[n0*per*f:(n0+nb)*per*f], f)
		case convBackInput:
			dy := data[T](in[0])[n0*per*f : (n0+nb)*per*f]
			kernels.Gemm(false, true, rows, kk, f, 1, dy, f, data[T](in[1]), f, 0, cols, kk)
			col2im(res, cols, g, n0, nb)
		default:
			im2col(cols, data[T](in[0]), g, n0, nb)
			dy := data[T](in[1])[n0*per*f : (n0+nb)*per*f]
			kernels.Gemm(true, false, kk, f, rows, 1, cols, kk, dy, f, 1, res, f)
		}
	}
}

// im2col writes, for samples n0…n0+nb−1, one row per output position
// holding the window's input values (kh, kw, c order), zeros outside.
func im2col[T flo](cols, x []T, g geom, n0, nb int) {
	r := 0
	kk := g.kh * g.kw * g.c
	for n := n0; n < n0+nb; n++ {
		img := x[n*g.h*g.w*g.c : (n+1)*g.h*g.w*g.c]
		for oy := range g.oh {
			for ox := range g.ow {
				row := cols[r*kk : (r+1)*kk]
				r++
				p := 0
				for ky := range g.kh {
					iy := oy*g.sh - g.padT + ky*g.dh
					for kx := range g.kw {
						ix := ox*g.sw - g.padL + kx*g.dw
						inside := iy >= 0 && iy < g.h && ix >= 0 && ix < g.w
						if g.c == 1 {
							// One channel (a grayscale image): an
							// element, not a copy.
							row[p] = 0
							if inside {
								row[p] = img[iy*g.w+ix]
							}
							p++
							continue
						}
						dst := row[p : p+g.c]
						p += g.c
						if !inside {
							fillT(dst, 0)
							continue
						}
						copy(dst, img[(iy*g.w+ix)*g.c:])
					}
				}
			}
		}
	}
}

// col2im adds each row of cols back onto the input positions its window
// covers: the adjoint of im2col.
func col2im[T flo](x, cols []T, g geom, n0, nb int) {
	r := 0
	kk := g.kh * g.kw * g.c
	for n := n0; n < n0+nb; n++ {
		img := x[n*g.h*g.w*g.c : (n+1)*g.h*g.w*g.c]
		for oy := range g.oh {
			for ox := range g.ow {
				row := cols[r*kk : (r+1)*kk]
				r++
				p := 0
				for ky := range g.kh {
					iy := oy*g.sh - g.padT + ky*g.dh
					for kx := range g.kw {
						ix := ox*g.sw - g.padL + kx*g.dw
						src := row[p : p+g.c]
						p += g.c
						if iy < 0 || iy >= g.h || ix < 0 || ix >= g.w {
							continue
						}
						addTo(img[(iy*g.w+ix)*g.c:(iy*g.w+ix+1)*g.c], src)
					}
				}
			}
		}
	}
}

// grad uses the bilinearity of L(x, k, dy) = <conv(x, k), dy>: each of the
// three ops is a partial derivative of L, so their gradients are the other
// two ops.
func (o convOp) grad(n, g *Node) []*Node {
	in := n.in
	bi := func(dy, k, x *Node) *Node { return apply(convOp{convBackInput, o.win}, dy, k, x) }
	bk := func(x, dy, k *Node) *Node { return apply(convOp{convBackKernel, o.win}, x, dy, k) }
	fw := func(x, k *Node) *Node { return apply(convOp{convForward, o.win}, x, k) }
	switch o.kind {
	case convForward: // (x, k)
		return []*Node{bi(g, in[1], in[0]), bk(in[0], g, in[1])}
	case convBackInput: // (dy, k, x): g is shaped like x
		return []*Node{fw(g, in[1]), bk(g, in[0], in[1]), nil}
	}
	// (x, dy, k): g is shaped like k
	return []*Node{bi(in[1], g, in[0]), fw(in[0], g), nil}
}

// Conv2D convolves x, channels-last (batch, height, width, channels), with
// kernel (kh, kw, channels, filters), as Keras's Conv2D layer without its
// bias: strides and dilation per spatial dimension (zero means 1), padding
// Valid or Same. The result is (batch, out_height, out_width, filters).
func Conv2D(x, kernel *Node, strides, dilation [2]int, padding Padding) *Node {
	if x == nil || kernel == nil || x.bad || kernel.bad {
		return apply(convOp{}, x, kernel)
	}
	if kernel.Rank() != 4 || kernel.shape[0] < 0 || kernel.shape[1] < 0 {
		return failf("Conv2D", []*Node{x, kernel}, errorf(ErrShape, "expected a kernel (kh, kw, channels, filters) with known window, received %s", shapeStr(kernel.shape)))
	}
	wd, err := newWindow(kernel.shape[0], kernel.shape[1], strides, dilation, padding)
	if err != nil {
		return failf("Conv2D", []*Node{x, kernel}, err)
	}
	return apply(convOp{convForward, wd}, x, kernel)
}

// newWindow validates window parameters.
func newWindow(kh, kw int, strides, dilation [2]int, padding Padding) (window, error) {
	for i := range 2 {
		if strides[i] == 0 {
			strides[i] = 1
		}
		if dilation[i] == 0 {
			dilation[i] = 1
		}
	}
	ok := kh >= 1 && kw >= 1 && kh < 128 && kw < 128 && padding <= Same
	for i := range 2 {
		ok = ok && strides[i] >= 1 && strides[i] < 128 && dilation[i] >= 1 && dilation[i] < 128
	}
	if !ok || ((strides[0] > 1 || strides[1] > 1) && (dilation[0] > 1 || dilation[1] > 1)) {
		return window{}, errorf(ErrArg, "invalid window %dx%d, strides %v, dilation %v, padding %v (strides and dilation cannot both exceed 1)", kh, kw, strides, dilation, padding)
	}
	return window{kh: int8(kh), kw: int8(kw), sh: int8(strides[0]), sw: int8(strides[1]),
		dh: int8(dilation[0]), dw: int8(dilation[1]), pad: padding}, nil
}
