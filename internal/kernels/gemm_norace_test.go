//go:build !race

package kernels

// gemmRaceEnabled reports whether the race detector is on.
const gemmRaceEnabled = false
