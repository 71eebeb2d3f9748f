package h5

import (
	"encoding/binary"
	"fmt"
	"math"
)

func order(t Type) binary.ByteOrder {
	if t.BigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// intAt decodes the integer element at p; ok is false for an unsigned
// 64-bit value above the int64 range.
func intAt(p []byte, t Type) (v int64, ok bool) {
	bo := order(t)
	switch t.Size {
	case 1:
		if t.Signed {
			return int64(int8(p[0])), true
		}
		return int64(p[0]), true
	case 2:
		if t.Signed {
			return int64(int16(bo.Uint16(p))), true
		}
		return int64(bo.Uint16(p)), true
	case 4:
		if t.Signed {
			return int64(int32(bo.Uint32(p))), true
		}
		return int64(bo.Uint32(p)), true
	}
	u := bo.Uint64(p)
	if !t.Signed && u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// floatAt decodes the floating-point element at p.
func floatAt(p []byte, t Type) float64 {
	bo := order(t)
	switch {
	case t.Size == 8:
		return math.Float64frombits(bo.Uint64(p))
	case t.Size == 4:
		return float64(math.Float32frombits(bo.Uint32(p)))
	case t.BFloat16:
		return float64(math.Float32frombits(uint32(bo.Uint16(p)) << 16))
	}
	return float64(HalfToFloat32(bo.Uint16(p)))
}

// HalfToFloat32 converts an IEEE 754 binary16 value to float32 exactly.
func HalfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	mant := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // infinity or NaN
		return math.Float32frombits(sign | 0xff<<23 | mant<<13)
	case exp != 0:
		return math.Float32frombits(sign | (exp+112)<<23 | mant<<13)
	case mant == 0:
		return math.Float32frombits(sign)
	}
	// Subnormal half: a normal float32.
	e := uint32(113)
	for mant&0x400 == 0 {
		mant <<= 1
		e--
	}
	return math.Float32frombits(sign | e<<23 | (mant&0x3ff)<<13)
}

func decodeInts(dst []int64, raw []byte, t Type) error {
	for i := range dst {
		v, ok := intAt(raw[i*t.Size:], t)
		if !ok {
			return fmt.Errorf("h5: uint64 value above the int64 range")
		}
		dst[i] = v
	}
	return nil
}

func decodeFloats(dst []float64, raw []byte, t Type) {
	for i := range dst {
		dst[i] = floatAt(raw[i*t.Size:], t)
	}
}

// A sink receives the elements of a dataset as raw bytes in the file's
// type, at a given element index, and stores them converted.
type sink interface {
	put(at int, raw []byte, t Type) error
}

type float32Sink []float32

func (s float32Sink) put(at int, raw []byte, t Type) error {
	dst := s[at : at+len(raw)/t.Size]
	switch {
	case t.Class == ClassFloat && t.Size == 4:
		bo := order(t)
		for i := range dst {
			dst[i] = math.Float32frombits(bo.Uint32(raw[4*i:]))
		}
	case t.Class == ClassFloat:
		for i := range dst {
			dst[i] = float32(floatAt(raw[i*t.Size:], t))
		}
	default:
		for i := range dst {
			v, _ := intAt(raw[i*t.Size:], t)
			dst[i] = float32(v)
		}
	}
	return nil
}

type float64Sink []float64

func (s float64Sink) put(at int, raw []byte, t Type) error {
	dst := s[at : at+len(raw)/t.Size]
	for i := range dst {
		if t.Class == ClassFloat {
			dst[i] = floatAt(raw[i*t.Size:], t)
		} else {
			v, _ := intAt(raw[i*t.Size:], t)
			dst[i] = float64(v)
		}
	}
	return nil
}

type int64Sink []int64

func (s int64Sink) put(at int, raw []byte, t Type) error {
	return decodeInts(s[at:at+len(raw)/t.Size], raw, t)
}

type int32Sink []int32

func (s int32Sink) put(at int, raw []byte, t Type) error {
	dst := s[at : at+len(raw)/t.Size]
	for i := range dst {
		v, ok := intAt(raw[i*t.Size:], t)
		if !ok || v < math.MinInt32 || v > math.MaxInt32 {
			return fmt.Errorf("h5: integer value outside the int32 range")
		}
		dst[i] = int32(v)
	}
	return nil
}

// rawSink keeps the raw bytes (for strings, decoded afterwards).
type rawSink []byte

func (s rawSink) put(at int, raw []byte, t Type) error {
	copy(s[at*t.Size:], raw)
	return nil
}
