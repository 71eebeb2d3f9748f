// Package kernels holds the hot loops of gokeras: matrix multiply,
// element-wise maps, reductions and softmax on float32 slices.
//
// Every kernel has a pure-Go implementation that is always built and serves
// as the reference, and, on amd64, Go-assembly versions for AVX-512 and for
// AVX2+FMA chosen at run time from the CPU's features. The purego build tag
// forces the Go versions. Tests and benchmarks switch between the
// implementations with Use, so every path is exercised on one machine.
package kernels

import (
	"fmt"
	"sync/atomic"
)

// Impl names one implementation of the kernels.
type Impl int32

const (
	// ImplGo is the portable pure-Go implementation.
	ImplGo Impl = iota
	// ImplAVX2 uses 256-bit AVX2 and FMA3 instructions.
	ImplAVX2
	// ImplAVX512 uses 512-bit AVX-512F instructions.
	ImplAVX512
)

// String returns the short name used in benchmark and test names.
func (i Impl) String() string {
	switch i {
	case ImplGo:
		return "go"
	case ImplAVX2:
		return "avx2"
	case ImplAVX512:
		return "avx512"
	}
	return fmt.Sprintf("Impl(%d)", int32(i))
}

// active is the implementation the kernels dispatch to.
var active atomic.Int32

func init() { active.Store(int32(best())) }

// Active reports the implementation the kernels currently use.
func Active() Impl { return Impl(active.Load()) }

// Available lists the implementations this CPU and build can run, slowest
// first. ImplGo is always present.
func Available() []Impl {
	impls := []Impl{ImplGo}
	if hasAVX2 {
		impls = append(impls, ImplAVX2)
	}
	if hasAVX512 {
		impls = append(impls, ImplAVX512)
	}
	return impls
}

// Use makes the kernels dispatch to impl and returns the implementation used
// before. It is meant for tests and benchmarks and must not be called while
// kernels run on other goroutines.
func Use(impl Impl) (Impl, error) {
	for _, a := range Available() {
		if a == impl {
			return Impl(active.Swap(int32(impl))), nil
		}
	}
	return Active(), fmt.Errorf("kernels: implementation %v is not available on this CPU or build", impl)
}

// best returns the fastest available implementation.
func best() Impl {
	a := Available()
	return a[len(a)-1]
}
