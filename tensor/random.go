package tensor

import (
	"fmt"
	"math"
	"math/bits"
)

// truncBound is the distance from the mean, in standard deviations, beyond
// which FillTruncatedNormal redraws a value (Keras and TensorFlow use 2).
const truncBound = 2

// FillUniform fills dst with values drawn uniformly from [lo, hi), as
// Keras's RandomUniform initializer. Each value is lo + (hi-lo)·u for a
// uniform u in [0, 1), computed in float64 and rounded once to T; a value
// that rounds up to hi is drawn again. If hi <= lo, every value is
// lo + (hi-lo)·u without redrawing, so hi == lo fills dst with lo.
func FillUniform[T Float](r *RNG, dst []T, lo, hi T) {
	a, b := float64(lo), float64(hi)
	w := b - a
	for i := range dst {
		for {
			v := T(a + float64(w*r.Float64()))
			if v < hi || hi <= lo || v != v {
				dst[i] = v
				break
			}
		}
	}
}

// FillNormal fills dst with values drawn from the normal distribution with
// the given mean and standard deviation, as Keras's RandomNormal
// initializer. Each value is mean + stddev·z for a standard normal z from
// r.Normal, computed in float64 and rounded once to T.
func FillNormal[T Float](r *RNG, dst []T, mean, stddev T) {
	m, s := float64(mean), float64(stddev)
	for i := range dst {
		dst[i] = T(m + float64(s*r.Normal()))
	}
}

// FillTruncatedNormal fills dst with values drawn from the normal
// distribution with the given mean and standard deviation, redrawing any
// value more than two standard deviations from the mean, as Keras's
// TruncatedNormal initializer and TensorFlow's truncated_normal do. The
// values have variance about 0.774·stddev².
func FillTruncatedNormal[T Float](r *RNG, dst []T, mean, stddev T) {
	m, s := float64(mean), float64(stddev)
	for i := range dst {
		z := r.Normal()
		for z > truncBound || z < -truncBound {
			z = r.Normal()
		}
		dst[i] = T(m + float64(s*z))
	}
}

// RandUniform returns a new tensor of the given shape filled by
// FillUniform. It returns an error if a dimension is negative, if lo or hi
// is not finite, or if lo > hi.
func RandUniform[T Float](r *RNG, lo, hi T, shape ...int) (*Tensor[T], error) {
	if !finite(lo) || !finite(hi) || lo > hi {
		return nil, fmt.Errorf("tensor: RandUniform: need finite lo <= hi, received lo=%v hi=%v", lo, hi)
	}
	t, err := randTensor[T]("RandUniform", shape)
	if err != nil {
		return nil, err
	}
	FillUniform(r, t.data, lo, hi)
	return t, nil
}

// RandNormal returns a new tensor of the given shape filled by FillNormal.
// It returns an error if a dimension is negative, if mean or stddev is not
// finite, or if stddev is negative.
func RandNormal[T Float](r *RNG, mean, stddev T, shape ...int) (*Tensor[T], error) {
	if err := checkNormal("RandNormal", mean, stddev); err != nil {
		return nil, err
	}
	t, err := randTensor[T]("RandNormal", shape)
	if err != nil {
		return nil, err
	}
	FillNormal(r, t.data, mean, stddev)
	return t, nil
}

// RandTruncatedNormal returns a new tensor of the given shape filled by
// FillTruncatedNormal. It returns an error if a dimension is negative, if
// mean or stddev is not finite, or if stddev is negative.
func RandTruncatedNormal[T Float](r *RNG, mean, stddev T, shape ...int) (*Tensor[T], error) {
	if err := checkNormal("RandTruncatedNormal", mean, stddev); err != nil {
		return nil, err
	}
	t, err := randTensor[T]("RandTruncatedNormal", shape)
	if err != nil {
		return nil, err
	}
	FillTruncatedNormal(r, t.data, mean, stddev)
	return t, nil
}

func randTensor[T Float](fn string, shape []int) (*Tensor[T], error) {
	n, err := shapeSize(fn, shape)
	if err != nil {
		return nil, err
	}
	return &Tensor[T]{shape: cloneShape(shape), data: make([]T, n)}, nil
}

func checkNormal[T Float](fn string, mean, stddev T) error {
	if !finite(mean) || !finite(stddev) || stddev < 0 {
		return fmt.Errorf("tensor: %s: need finite mean and stddev >= 0, received mean=%v stddev=%v", fn, mean, stddev)
	}
	return nil
}

func finite[T Float](v T) bool {
	f := float64(v)
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}

// FillMask fills dst with an inverted-dropout mask: each element is 0 with
// probability rate and keep otherwise (keep = 1/(1-rate) keeps the
// expected sum). Each 64-bit draw of r decides two elements, the first by
// its low 32 bits and the second by its high 32 bits, an element being
// dropped when its 32 bits, read as an integer, are below ceil(rate·2³²);
// an odd last element takes the high bits of one more draw. r's spare
// normal deviate is kept.
func FillMask[T Float](r *RNG, dst []T, rate float64, keep T) {
	// vals[(u - thr) >> 63] is 0 exactly when u < thr, for u, thr < 2³²:
	// branch-free, as a branch per element mispredicts often at rate 0.2.
	vals := [2]T{keep, 0}
	thr := uint64(math.Ceil(rate * (1 << 32)))
	s0, s1, s2, s3 := r.s[0], r.s[1], r.s[2], r.s[3] // locals stay in registers
	i := 0
	for ; i+2 <= len(dst); i += 2 {
		// One step of xoshiro256**, as RNG.Uint64.
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
	r.s = [4]uint64{s0, s1, s2, s3}
	if i < len(dst) {
		dst[i] = vals[(r.Uint64()>>32-thr)>>63&1]
	}
}
