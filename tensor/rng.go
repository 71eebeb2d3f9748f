package tensor

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// RNG is a seeded pseudo-random number generator that yields the same
// numbers on every platform for the same seed: the xoshiro256** generator
// of Blackman and Vigna, seeded through splitmix64. Floating-point values
// are derived from the integer output exactly, and normal deviates use the
// Marsaglia polar method with a portable logarithm, so no result depends
// on the platform's math library or on fused multiply-add.
//
// An RNG is not safe for concurrent use; give each goroutine (or each
// layer) its own stream with Child or Split. The zero RNG is not valid: use
// NewRNG.
type RNG struct {
	s        [4]uint64
	spare    float64 // second deviate of the last polar pair
	hasSpare bool
}

const (
	golden   = 0x9e3779b97f4a7c15 // 2^64 / golden ratio, the splitmix64 increment
	childKey = 0x6a09e667f3bcc909 // domain separation for Child
)

// mix64 is the splitmix64 output function, a bijective 64-bit mixer.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// seedFrom fills the state from a splitmix64 sequence starting at x.
func (r *RNG) seedFrom(x uint64) {
	for i := range r.s {
		x += golden
		r.s[i] = mix64(x)
	}
	r.hasSpare, r.spare = false, 0
	if r.s == [4]uint64{} { // unreachable in practice; the all-zero state is fixed
		r.s[0] = golden
	}
}

// NewRNG returns a generator seeded with seed.
func NewRNG(seed uint64) *RNG {
	r := new(RNG)
	r.seedFrom(seed)
	return r
}

// Seed resets r to the state NewRNG(seed) returns a generator in, without
// allocating. The zero RNG is usable once seeded.
func (r *RNG) Seed(seed uint64) { r.seedFrom(seed) }

// Uint64 returns a uniformly distributed 64-bit value.
func (r *RNG) Uint64() uint64 {
	s := &r.s
	out := bits.RotateLeft64(s[1]*5, 7) * 9
	t := s[1] << 17
	s[2] ^= s[0]
	s[3] ^= s[1]
	s[1] ^= s[2]
	s[0] ^= s[3]
	s[2] ^= t
	s[3] = bits.RotateLeft64(s[3], 45)
	return out
}

// Float64 returns a uniformly distributed value in [0, 1): one of the 2^53
// multiples of 2^-53 in that interval, from the top 53 bits of Uint64.
func (r *RNG) Float64() float64 {
	return float64(r.Uint64()>>11) * 0x1p-53
}

// Float32 returns a uniformly distributed value in [0, 1): one of the 2^24
// multiples of 2^-24 in that interval, from the top 24 bits of Uint64.
func (r *RNG) Float32() float32 {
	return float32(r.Uint64()>>40) * 0x1p-24
}

// Uint64N returns a uniformly distributed value in [0, n), without bias
// (Lemire's multiply-and-reject method). It panics if n is 0.
func (r *RNG) Uint64N(n uint64) uint64 {
	if n == 0 {
		panic("tensor: RNG.Uint64N: n must be positive")
	}
	hi, lo := bits.Mul64(r.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(r.Uint64(), n)
		}
	}
	return hi
}

// IntN returns a uniformly distributed value in [0, n), without bias. Like
// math/rand/v2's IntN, it panics if n <= 0.
func (r *RNG) IntN(n int) int {
	if n <= 0 {
		panic("tensor: RNG.IntN: n must be positive")
	}
	return int(r.Uint64N(uint64(n)))
}

// Normal returns a standard normally distributed value (mean 0, standard
// deviation 1). Deviates come in pairs from the Marsaglia polar method; the
// second of a pair is kept for the next call and is part of the saved
// state.
func (r *RNG) Normal() float64 {
	if r.hasSpare {
		r.hasSpare = false
		return r.spare
	}
	for {
		u, v := r.signedUnit(), r.signedUnit()
		s := float64(u*u) + float64(v*v)
		if s >= 1 || s == 0 {
			continue
		}
		f := math.Sqrt(float64(-2*logPortable(s)) / s)
		r.spare, r.hasSpare = float64(v*f), true
		return float64(u * f)
	}
}

// signedUnit returns 2*Float64()-1, a multiple of 2^-52 in [-1, 1),
// computed with one exact conversion and one exact scaling.
func (r *RNG) signedUnit() float64 {
	return float64(int64(r.Uint64()>>11)-1<<52) * 0x1p-52
}

// Perm returns a uniformly random permutation of the integers [0, n). Like
// math/rand/v2's Perm, it panics if n < 0.
func (r *RNG) Perm(n int) []int {
	if n < 0 {
		panic("tensor: RNG.Perm: n must not be negative")
	}
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}

// Shuffle puts n elements in uniformly random order by the Fisher–Yates
// algorithm, calling swap to exchange the elements with indices i and j.
// Like math/rand/v2's Shuffle, it panics if n < 0.
func (r *RNG) Shuffle(n int, swap func(i, j int)) {
	if n < 0 {
		panic("tensor: RNG.Shuffle: n must not be negative")
	}
	for i := n - 1; i > 0; i-- {
		j := int(r.Uint64N(uint64(i + 1)))
		swap(i, j)
	}
}

// Split returns a new generator seeded from the next four outputs of r,
// advancing r. Successive calls give different, independent streams.
func (r *RNG) Split() *RNG {
	c := new(RNG)
	for i := range c.s {
		c.s[i] = mix64(r.Uint64() + golden*uint64(i+1))
	}
	if c.s == [4]uint64{} {
		c.s[0] = golden
	}
	return c
}

// Child returns a generator for the numbered stream of r without advancing
// r: the same state and stream number always give the same child, and
// different stream numbers give independent streams. A model can hand
// stream i to its i-th layer so that adding draws to one layer does not
// change the numbers another layer sees.
func (r *RNG) Child(stream uint64) *RNG {
	h := uint64(childKey)
	for _, w := range [...]uint64{r.s[0], r.s[1], r.s[2], r.s[3], stream} {
		h = mix64((h ^ w) + golden)
	}
	c := new(RNG)
	c.seedFrom(h)
	return c
}

// Clone returns an independent copy of r that will produce the same
// sequence as r.
func (r *RNG) Clone() *RNG {
	c := *r
	return &c
}

// rngStateLen is the size of the MarshalBinary encoding: a 4-byte tag,
// four state words, a flag and the spare deviate.
const rngStateLen = 4 + 4*8 + 1 + 8

var rngTag = [4]byte{'x', 's', 's', 1}

// errRNGState is returned by UnmarshalBinary for data it cannot decode.
var errRNGState = errors.New("tensor: RNG.UnmarshalBinary: invalid state encoding")

// MarshalBinary encodes the exact state of r, so that UnmarshalBinary can
// resume the sequence where it was, for example from a checkpoint. The
// encoding is little-endian and the same on every platform. It implements
// encoding.BinaryMarshaler and never fails.
func (r *RNG) MarshalBinary() ([]byte, error) {
	return r.AppendBinary(make([]byte, 0, rngStateLen))
}

// AppendBinary appends the MarshalBinary encoding of r to b. It implements
// encoding.BinaryAppender and never fails.
func (r *RNG) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, rngTag[:]...)
	for _, w := range r.s {
		b = binary.LittleEndian.AppendUint64(b, w)
	}
	flag := byte(0)
	if r.hasSpare {
		flag = 1
	}
	b = append(b, flag)
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(r.spare)), nil
}

// UnmarshalBinary restores a state encoded by MarshalBinary. It returns an
// error, leaving r unchanged, if data is not such an encoding.
func (r *RNG) UnmarshalBinary(data []byte) error {
	if len(data) != rngStateLen || [4]byte(data[:4]) != rngTag || data[36] > 1 {
		return fmt.Errorf("%w (%d bytes)", errRNGState, len(data))
	}
	var n RNG
	for i := range n.s {
		n.s[i] = binary.LittleEndian.Uint64(data[4+8*i:])
	}
	if n.s == [4]uint64{} {
		return fmt.Errorf("%w: all-zero state", errRNGState)
	}
	n.hasSpare = data[36] == 1
	n.spare = math.Float64frombits(binary.LittleEndian.Uint64(data[37:]))
	*r = n
	return nil
}
