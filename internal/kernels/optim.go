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

// Adam runs one step of Adam (without amsgrad) on n = len(w) elements,
// in Keras 3's form, with alpha the step size already corrected for bias
// (lr·√(1−β₂ᵗ)/(1−β₁ᵗ)):
//
//	mOut[i] = m[i] + (g[i]-m[i])*oneMinusBeta1
//	vOut[i] = v[i] + (g[i]*g[i]-v[i])*oneMinusBeta2
//	wOut[i] = w[i] - (mOut[i]*alpha) / (sqrt(vOut[i]) + eps)
//
// rounding after every operation. Each output may be the same slice as its
// input (an update in place); any other overlap gives unspecified results.
// It panics if the lengths differ.
func Adam[T float32 | float64](wOut, mOut, vOut, w, m, v, g []T, alpha, oneMinusBeta1, oneMinusBeta2, eps T) {
	n := len(w)
	if len(wOut) != n || len(mOut) != n || len(vOut) != n || len(m) != n || len(v) != n || len(g) != n {
		panic(fmt.Sprintf("kernels: Adam: length mismatch: len(wOut)=%d, len(mOut)=%d, len(vOut)=%d, len(w)=%d, len(m)=%d, len(v)=%d, len(g)=%d",
			len(wOut), len(mOut), len(vOut), n, len(m), len(v), len(g)))
	}
	if d, k := ewF32(wOut); k != nil {
		k.adam(d, ewAs32(mOut), ewAs32(vOut), ewAs32(w), ewAs32(m), ewAs32(v), ewAs32(g),
			float32(alpha), float32(oneMinusBeta1), float32(oneMinusBeta2), float32(eps))
		return
	}
	adamGo(wOut, mOut, vOut, w, m, v, g, alpha, oneMinusBeta1, oneMinusBeta2, eps)
}

func adamGo[T float32 | float64](wOut, mOut, vOut, w, m, v, g []T, alpha, c1, c2, eps T) {
	n := len(wOut)
	mOut, vOut, w, m, v, g = mOut[:n], vOut[:n], w[:n], m[:n], v[:n], g[:n]
	for i := range wOut {
		// The conversions round each product, so that no platform fuses
		// them into multiply-adds.
		gi := g[i]
		mi := m[i] + T((gi-m[i])*c1)
		vi := v[i] + T((T(gi*gi)-v[i])*c2)
		mOut[i], vOut[i] = mi, vi
		wOut[i] = w[i] - T(mi*alpha)/(T(math.Sqrt(float64(vi)))+eps)
	}
}
