// Package asm holds the avo generators that write the Go assembly of
// internal/kernels. Each subdirectory is one generator program; run
// `go generate ./...` from the repository root to reproduce the .s files.
package asm
