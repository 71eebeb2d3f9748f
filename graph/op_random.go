package graph

import (
	"fmt"

	"github.com/gokeras/gokeras/internal/kernels"
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
	if o.k == randDropout {
		st, _ := x.st.(*maskState)
		if st == nil {
			st = &maskState{}
		}
		if out.dt == Float32 {
			st.f32.draw(r, out.f32, o.p0)
		} else {
			st.f64.draw(r, out.f64, o.p0)
		}
		return nil
	}
	if out.dt == Float32 {
		drawT(r, out.f32, o)
	} else {
		drawT(r, out.f64, o)
	}
	return nil
}

// maskBlock is the number of elements of a dropout mask drawn from one
// generator. A mask is drawn block by block, shared over the kernels'
// worker pool: each call takes one draw from the op's stream, and block b
// comes from a generator seeded with that draw plus b, so the mask is the
// same on any number of threads.
const maskBlock = 1 << 14

// maskState is the per-frame state of a random op: what drawing a dropout
// mask on the worker pool needs.
type maskState struct {
	f32 maskJob[float32]
	f64 maskJob[float64]
}

func (randomNode) newState() any { return &maskState{} }

// maskJob draws one mask block by block.
type maskJob[T flo] struct {
	dst   []T
	seed  uint64
	rate  float64
	rngs  []tensor.RNG // one per part
	group kernels.Group
}

// draw fills dst with a mask of the given rate from stream r.
func (j *maskJob[T]) draw(r *tensor.RNG, dst []T, rate float64) {
	blocks := (len(dst) + maskBlock - 1) / maskBlock
	parts := min(kernels.Threads(), blocks)
	if len(j.rngs) < parts {
		j.rngs = make([]tensor.RNG, parts)
	}
	j.dst, j.seed, j.rate = dst, r.Uint64(), rate
	j.group.For(blocks, parts, j)
	j.dst = nil
}

// Item draws block b.
func (j *maskJob[T]) Item(part, b int) {
	rb := &j.rngs[part]
	rb.Seed(j.seed + uint64(b))
	lo := b * maskBlock
	dropoutMask(rb, j.dst[lo:min(lo+maskBlock, len(j.dst))], j.rate)
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

// dropoutMask fills dst with 0 (probability rate) or 1/(1−rate).
func dropoutMask[T flo](r *tensor.RNG, dst []T, rate float64) {
	tensor.FillMask(r, dst, rate, T(1/(1-rate)))
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
	return Mul(x, DropoutMask(x, rate))
}

// DropoutMask returns a mask shaped like like (whose values are not read):
// each element 0 with probability rate and 1/(1−rate) otherwise, new at
// every call. Multiplying by a mask with axes of size 1 drops whole rows or
// channels alike, as Keras's noise_shape. rate must be in [0, 1).
func DropoutMask(like *Node, rate float64) *Node {
	if !(rate >= 0 && rate < 1) {
		return failf("DropoutMask", []*Node{like}, errorf(ErrArg, "expected a rate in [0, 1), received %g", rate))
	}
	return random("DropoutMask", like, randomNode{k: randDropout, p0: rate})
}
