package graph

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"

	"github.com/gokeras/gokeras/tensor"
)

// Random ops draw from streams of their graph's generator: each random node
// owns a stream numbered in the order the nodes were made, seeded from the
// graph's seed (Graph.SetSeed), and advanced by every call. Runs that set
// the same seed and make the same calls draw the same numbers, whatever
// else the functions compute. Functions with random ops run exclusively.

// randKind selects the distribution of a random op.
type randKind uint8

const (
	randUniform randKind = iota // p0 ≤ u < p1
	randNormal                  // mean p0, standard deviation p1
	randDropout                 // keep with probability 1−p0, scaled by 1/(1−p0)
)

// randomNode draws values shaped like its input, which is read for its
// shape only.
type randomNode struct {
	k      randKind
	s      int64
	p0, p1 float64
}

func (o randomNode) stream() int64 { return o.s }

func (randomNode) shapeOnly(int) bool { return true }

func (o randomNode) String() string {
	switch o.k {
	case randUniform:
		return fmt.Sprintf("RandomUniform{%g, %g}", o.p0, o.p1)
	case randNormal:
		return fmt.Sprintf("RandomNormal{%g, %g}", o.p0, o.p1)
	}
	return fmt.Sprintf("DropoutMask{%g}", o.p0)
}

func (randomNode) dtype(in []*Node) (DType, error) {
	if !in[0].dt.IsFloat() {
		return 0, errorf(ErrDType, "expected a floating-point input, received %s", in[0].dt)
	}
	return in[0].dt, nil
}

func (randomNode) shape(_ *Node, dst []int, in [][]int) ([]int, error) {
	dst = outShape(dst, len(in[0]))
	copy(dst, in[0])
	return dst, nil
}

func (o randomNode) eval(out *buf, _ []*buf, x *ectx) error {
	r := x.g.rng(o.s)
	if out.dt == Float32 {
		drawT(r, out.f32, o)
	} else {
		drawT(r, out.f64, o)
	}
	return nil
}

func drawT[T flo](r *tensor.RNG, dst []T, o randomNode) {
	switch o.k {
	case randUniform:
		tensor.FillUniform(r, dst, T(o.p0), T(o.p1))
	case randNormal:
		tensor.FillNormal(r, dst, T(o.p0), T(o.p1))
	default:
		dropoutMask(r, dst, o.p0)
	}
}

// dropoutMask fills dst with 0 (probability rate) or 1/(1−rate), taking two
// 32-bit uniform draws from each 64-bit output of r. The draws are those of
// r.Uint64, stepped on a copy of r's state held in locals (a method call
// per draw costs more than the draw itself).
func dropoutMask[T flo](r *tensor.RNG, dst []T, rate float64) {
	// vals[(u - thr) >> 63] is 0 exactly when u < thr, for u, thr < 2³²:
	// branch-free, as a branch per element mispredicts often at rate 0.2.
	vals := [2]T{T(1 / (1 - rate)), 0}
	thr := uint64(math.Ceil(rate * (1 << 32))) // drop when u < thr, u uniform in [0, 2³²)
	x := loadXoshiro(r)
	s0, s1, s2, s3 := x.s0, x.s1, x.s2, x.s3 // locals stay in registers
	i := 0
	for ; i+2 <= len(dst); i += 2 {
		// One step of xoshiro256**, as tensor.RNG.Uint64.
		u := bits.RotateLeft64(s1*5, 7) * 9
		t := s1 << 17
		s2 ^= s0
		s3 ^= s1
		s1 ^= s2
		s0 ^= s3
		s2 ^= t
		s3 = bits.RotateLeft64(s3, 45)
		d := dst[i : i+2 : i+2]
		d[0] = vals[(u&(1<<32-1)-thr)>>63&1]
		d[1] = vals[(u>>32-thr)>>63&1]
	}
	x = xoshiro{s0, s1, s2, s3}
	if i < len(dst) {
		dst[i] = vals[(x.next()>>32-thr)>>63&1]
	}
	x.store(r)
}

// xoshiro is the state of a tensor.RNG, the xoshiro256** generator, copied
// out of it through its binary encoding so that a loop can step it in
// registers. TestDropoutMaskStream checks it against tensor.RNG.Uint64.
type xoshiro struct{ s0, s1, s2, s3 uint64 }

// xoshiroEncLen is the length of tensor.RNG's binary encoding: a 4-byte
// tag, the four state words (little-endian) and the normal-deviate spare.
const xoshiroEncLen = 4 + 4*8 + 1 + 8

// loadXoshiro returns the state of r.
func loadXoshiro(r *tensor.RNG) xoshiro {
	var enc [xoshiroEncLen]byte
	b, _ := r.AppendBinary(enc[:0])
	if len(b) != xoshiroEncLen {
		panic("graph: unexpected tensor.RNG encoding")
	}
	le := binary.LittleEndian
	return xoshiro{le.Uint64(b[4:]), le.Uint64(b[12:]), le.Uint64(b[20:]), le.Uint64(b[28:])}
}

// store sets r's state to x, keeping r's normal-deviate spare.
func (x xoshiro) store(r *tensor.RNG) {
	var enc [xoshiroEncLen]byte
	b, _ := r.AppendBinary(enc[:0])
	le := binary.LittleEndian
	le.PutUint64(b[4:], x.s0)
	le.PutUint64(b[12:], x.s1)
	le.PutUint64(b[20:], x.s2)
	le.PutUint64(b[28:], x.s3)
	if err := r.UnmarshalBinary(b); err != nil {
		panic("graph: " + err.Error())
	}
}

// next returns the generator's next output, as tensor.RNG.Uint64.
func (x *xoshiro) next() uint64 {
	u := bits.RotateLeft64(x.s1*5, 7) * 9
	t := x.s1 << 17
	x.s2 ^= x.s0
	x.s3 ^= x.s1
	x.s1 ^= x.s2
	x.s0 ^= x.s3
	x.s2 ^= t
	x.s3 = bits.RotateLeft64(x.s3, 45)
	return u
}

func (randomNode) grad(*Node, *Node) []*Node { return nil }

// random builds a random node shaped like like.
func random(name string, like *Node, o randomNode) *Node {
	if like == nil || like.bad {
		return apply(o, like)
	}
	o.s = like.g.streams.Add(1)
	return apply(o, like)
}

// RandomUniform returns values drawn uniformly from [lo, hi), shaped like
// like (whose values are not read), new at every call.
func RandomUniform(like *Node, lo, hi float64) *Node {
	return random("RandomUniform", like, randomNode{k: randUniform, p0: lo, p1: hi})
}

// RandomNormal returns values drawn from the normal distribution with the
// given mean and standard deviation, shaped like like, new at every call.
func RandomNormal(like *Node, mean, stddev float64) *Node {
	return random("RandomNormal", like, randomNode{k: randNormal, p0: mean, p1: stddev})
}

// Dropout returns x with each element set to zero with probability rate and
// the others scaled by 1/(1−rate), as Keras's Dropout layer in training; a
// new mask is drawn at every call. rate must be in [0, 1).
func Dropout(x *Node, rate float64) *Node {
	if !(rate >= 0 && rate < 1) {
		return failf("Dropout", []*Node{x}, errorf(ErrArg, "expected a rate in [0, 1), received %g", rate))
	}
	if rate == 0 {
		return x
	}
	return Mul(x, random("Dropout", x, randomNode{k: randDropout, p0: rate}))
}
