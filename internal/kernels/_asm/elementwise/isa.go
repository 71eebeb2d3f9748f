package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// vec is a virtual vector register of the instruction set's width.
type vec = reg.VecVirtual

// isa emits code for one instruction set. AVX2 code uses YMM registers and
// VEX instructions only, so it never touches registers 16..31; AVX-512 code
// uses ZMM registers and only instructions that have an EVEX form.
type isa struct {
	avx512 bool
	suffix string // function name suffix: AVX2 or AVX512
	lanes  int    // float32 lanes per vector
	vbytes int    // bytes per vector

	tab     Mem            // the constant table
	kslots  []uint32       // constants in table order
	koff    map[uint32]int // constant bits -> byte offset in the table
	hoisted map[uint32]vec // constants held in registers in the current function
	labels  int            // counter for unique label names
}

// Layout of the constant table: AVX2 starts with 8 words of all ones and 8
// zero words (a tail mask for n lanes is the 8 words ending n words before
// the zeros), then one 32-byte vector per constant. AVX-512 starts with the
// 17 masks (1<<n)-1, n = 0..16, as 16-bit words (padded to 64 bytes), then
// one 4-byte word per constant for VBROADCASTSS.
const (
	avx2MaskBytes   = 64
	avx512MaskBytes = 64
)

func newISA(avx512 bool) *isa {
	s := &isa{avx512: avx512, suffix: "AVX2", lanes: 8, vbytes: 32}
	if avx512 {
		s.suffix, s.lanes, s.vbytes = "AVX512", 16, 64
	}
	s.tab = NewDataAddr(NewStaticSymbol("ewconst"), 0)
	s.koff = map[uint32]int{}
	return s
}

// f32 returns the bits of x.
func f32(x float64) uint32 { return math.Float32bits(float32(x)) }

// Bit patterns used by several kernels.
var (
	kOne     = f32(1)
	kTwo     = f32(2)
	kHalf    = f32(0.5)
	kSign    = uint32(0x80000000)
	kAbs     = uint32(0x7fffffff)
	kInf     = uint32(0x7f800000)
	kNegInf  = uint32(0xff800000)
	kBias127 = uint32(127)
)

// begin starts a new function.
func (s *isa) begin(name, sig string, doc ...string) {
	TEXT(name+s.suffix, NOSPLIT, sig)
	Pragma("noescape")
	if len(doc) > 0 {
		d := append([]string{fmt.Sprintf("%s%s is generated for %s.", name, s.suffix, s.suffix)}, doc...)
		Doc(d...)
	}
	s.hoisted = map[uint32]vec{}
}

// end returns from a function that used vector registers.
func (s *isa) end() {
	VZEROUPPER()
	RET()
}

// label returns a label name unique within the generated file.
func (s *isa) label(what string) string {
	s.labels++
	return fmt.Sprintf("%s_%d", what, s.labels)
}

// slot returns the byte offset of constant bits in the table, adding it if
// needed.
func (s *isa) slot(bits uint32) int {
	if off, ok := s.koff[bits]; ok {
		return off
	}
	var off int
	if s.avx512 {
		off = avx512MaskBytes + 4*len(s.kslots)
	} else {
		off = avx2MaskBytes + 32*len(s.kslots)
	}
	s.kslots = append(s.kslots, bits)
	s.koff[bits] = off
	return off
}

// vec allocates a vector register.
func (s *isa) vec() vec {
	if s.avx512 {
		return ZMM()
	}
	return YMM()
}

// hoist loads constants into registers for the rest of the current
// function. AVX2 keeps most constants in memory (16 registers are too few to
// hold them next to an unrolled body), so it hoists only when forced.
func (s *isa) hoist(bits ...uint32) {
	if !s.avx512 {
		return
	}
	s.hoistAlways(bits...)
}

// hoistAlways loads constants into registers on either instruction set.
func (s *isa) hoistAlways(bits ...uint32) {
	for _, b := range bits {
		if _, ok := s.hoisted[b]; ok {
			continue
		}
		s.hoisted[b] = s.load(b)
	}
}

// load returns a fresh register holding constant bits in every lane.
func (s *isa) load(bits uint32) vec {
	v := s.vec()
	if s.avx512 {
		VBROADCASTSS(s.tab.Offset(s.slot(bits)), v)
	} else {
		VMOVUPS(s.tab.Offset(s.slot(bits)), v)
	}
	return v
}

// k returns constant bits as an operand for the first (memory-capable)
// source of an instruction: a hoisted register, or on AVX2 the constant's
// table entry.
func (s *isa) k(bits uint32) Op {
	if v, ok := s.hoisted[bits]; ok {
		return v
	}
	if s.avx512 {
		panic(fmt.Sprintf("constant %#x used without hoisting", bits))
	}
	return s.tab.Offset(s.slot(bits))
}

// kr returns constant bits in a register: the hoisted one, or a fresh load.
func (s *isa) kr(bits uint32) vec {
	if v, ok := s.hoisted[bits]; ok {
		return v
	}
	return s.load(bits)
}

// zero returns a fresh zeroed register.
func (s *isa) zero() vec {
	v := s.vec()
	VXORPS(v, v, v)
	return v
}

// emitConstants writes the constant table.
func (s *isa) emitConstants() {
	GLOBL("ewconst", RODATA|NOPTR)
	if s.avx512 {
		for n := 0; n <= 16; n++ {
			DATA(2*n, U16(uint16(1<<n-1)))
		}
		for i, b := range s.kslots {
			DATA(avx512MaskBytes+4*i, U32(b))
		}
		return
	}
	for n := 0; n < 16; n++ {
		w := uint32(0)
		if n < 8 {
			w = 0xffffffff
		}
		DATA(4*n, U32(w))
	}
	for i, b := range s.kslots {
		for l := 0; l < 8; l++ {
			DATA(avx2MaskBytes+32*i+4*l, U32(b))
		}
	}
}
