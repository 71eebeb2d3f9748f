package kernels

import (
	"fmt"
	"math"
)

// Fused optimizer steps. An optimizer's update of one variable is a chain
// of element-wise operations over the variable, its slots and its
// gradient; run as separate kernels, each operation is a pass over its
// operands. A fused step computes the whole chain element by element in
// registers, in one pass over memory. It performs the same IEEE operations
// in the same order as the separate kernels (no fused multiply-adds), so
// it gives the same bits on every implementation.

// RMSprop runs one step of RMSprop without momentum on n = len(w)
// elements:
//
//	vOut[i] = rho*v[i] + oneMinusRho*(g[i]*g[i])
//	wOut[i] = w[i] - (lr*g[i]) / sqrt(vOut[i] + eps)
//
// rounding after every operation. Each output may be the same slice as its
// input (an update in place); any other overlap gives unspecified results.
// It panics if the lengths differ.
func RMSprop[T float32 | float64](wOut, vOut, w, v, g []T, lr, rho, oneMinusRho, eps T) {
	n := len(w)
	if len(wOut) != n || len(vOut) != n || len(v) != n || len(g) != n {
		panic(fmt.Sprintf("kernels: RMSprop: length mismatch: len(wOut)=%d, len(vOut)=%d, len(w)=%d, len(v)=%d, len(g)=%d",
			len(wOut), len(vOut), n, len(v), len(g)))
	}
	if d, k := ewF32(wOut); k != nil {
		k.rmsprop(d, ewAs32(vOut), ewAs32(w), ewAs32(v), ewAs32(g),
			float32(lr), float32(rho), float32(oneMinusRho), float32(eps))
		return
	}
	rmspropGo(wOut, vOut, w, v, g, lr, rho, oneMinusRho, eps)
}

func rmspropGo[T float32 | float64](wOut, vOut, w, v, g []T, lr, rho, oneMinusRho, eps T) {
	vOut, w, v, g = vOut[:len(wOut)], w[:len(wOut)], v[:len(wOut)], g[:len(wOut)]
	for i := range wOut {
		// The conversions round each product, so that no platform fuses
		// them into multiply-adds.
		gi := g[i]
		vi := T(rho*v[i]) + T(oneMinusRho*T(gi*gi))
		vOut[i] = vi
		wOut[i] = w[i] - T(lr*gi)/T(math.Sqrt(float64(vi+eps)))
	}
}
