package main

import (
	. "github.com/mmcloughlin/avo/build"
)

// optimizerKernels emits the fused update steps of optimizers: one pass
// over the variable, its slots and its gradient, with every element
// computed by the same IEEE operations, in the same order and without
// fused multiply-adds, as the element-wise kernels run one after another.
func (s *isa) optimizerKernels() {
	s.begin("ewRMSprop", "func(wOut, vOut, w, v, g []float32, lr, rho, oneMinusRho, eps float32)",
		"It sets vOut[i] = rho*v[i] + oneMinusRho*(g[i]*g[i]) and",
		"wOut[i] = w[i] - (lr*g[i])/sqrt(vOut[i]+eps), rounding after every operation.")
	pwo, pvo, pw, pv, pg, n := slice("wOut"), slice("vOut"), slice("w"), slice("v"), slice("g"), length("w")
	lr, rho, t, eps := s.vec(), s.vec(), s.vec(), s.vec()
	VBROADCASTSS(paramAddr("lr"), lr)
	VBROADCASTSS(paramAddr("rho"), rho)
	VBROADCASTSS(paramAddr("oneMinusRho"), t)
	VBROADCASTSS(paramAddr("eps"), eps)
	s.loop(n, 2, func(b blk) {
		g := b.load(pg)
		v := s.op3(VMULPS, rho, b.load(pv)) // rho*v
		g2 := s.op3(VMULPS, g, g)           // g*g
		VMULPS(g2, t, g2)                   // (1-rho)*g²
		VADDPS(g2, v, v)                    // v'
		b.store(v, pvo)
		d := s.op3(VADDPS, eps, v) // v'+eps
		VSQRTPS(d, d)
		num := s.op3(VMULPS, g, lr) // lr*g
		VDIVPS(d, num, num)         // (lr*g)/sqrt(v'+eps)
		w := b.load(pw)
		VSUBPS(num, w, w)
		b.store(w, pwo)
	})
	s.end()
}
