// Command elementwise generates the float32 element-wise, reduction and
// softmax kernels of package kernels for one instruction set:
//
//	go run ./elementwise -isa avx2 -pkg kernels -out ../elementwise_avx2_amd64.s -stubs ../elementwise_avx2_amd64.go
//	go run ./elementwise -isa avx512 -pkg kernels -out ../elementwise_avx512_amd64.s -stubs ../elementwise_avx512_amd64.go
//
// The AVX2 kernels need AVX2 and FMA3; the AVX-512 kernels need AVX-512 F
// and DQ. Every kernel processes whole vectors in an unrolled loop, then
// single vectors, then the remaining 1..lanes-1 elements with masked loads
// and stores (VMASKMOVPS on AVX2, opmask registers on AVX-512), so no
// kernel reads or writes outside its slices.
//
// The approximations of exp, log, sigmoid and tanh use the algorithms and
// coefficients of approx.go in package kernels, evaluated in float32 with
// fused multiply-adds (the Go versions evaluate in float64).
package main

import (
	"flag"
	"fmt"
	"os"

	. "github.com/mmcloughlin/avo/build"
)

func main() {
	isaName := flag.String("isa", "", "instruction set to generate: avx2 or avx512")
	flag.Parse()
	var s *isa
	switch *isaName {
	case "avx2":
		s = newISA(false)
	case "avx512":
		s = newISA(true)
	default:
		fmt.Fprintln(os.Stderr, "elementwise: -isa must be avx2 or avx512")
		os.Exit(2)
	}
	ConstraintExpr("!purego")
	s.binaryKernels()
	s.scalarKernels()
	s.unaryKernels()
	s.approxKernels()
	s.reduceKernels()
	s.colKernels()
	s.softmaxKernels()
	s.optimizerKernels()
	s.adamKernel()
	s.emitConstants()
	Generate()
}
