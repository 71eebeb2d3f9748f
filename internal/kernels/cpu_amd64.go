//go:build !purego

package kernels

import "golang.org/x/sys/cpu"

// hasAVX2 and hasAVX512 report CPU (and OS) support for the assembly paths.
var (
	hasAVX2   = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	hasAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VL
)
