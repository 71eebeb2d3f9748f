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

// adamKernel emits the fused Adam step.
func (s *isa) adamKernel() {
	s.begin("ewAdam", "func(wOut, mOut, vOut, w, m, v, g []float32, alpha, oneMinusBeta1, oneMinusBeta2, eps float32)",
		"It sets mOut[i] = m[i] + (g[i]-m[i])*oneMinusBeta1,",
		"vOut[i] = v[i] + (g[i]*g[i]-v[i])*oneMinusBeta2 and",
		"wOut[i] = w[i] - (mOut[i]*alpha)/(sqrt(vOut[i])+eps), rounding after every operation.")
	pwo, pmo, pvo := slice("wOut"), slice("mOut"), slice("vOut")
	pw, pm, pv, pg, n := slice("w"), slice("m"), slice("v"), slice("g"), length("w")
	alpha, c1, c2, eps := s.vec(), s.vec(), s.vec(), s.vec()
	VBROADCASTSS(paramAddr("alpha"), alpha)
	VBROADCASTSS(paramAddr("oneMinusBeta1"), c1)
	VBROADCASTSS(paramAddr("oneMinusBeta2"), c2)
	VBROADCASTSS(paramAddr("eps"), eps)
	s.loop(n, 1, func(b blk) {
		g := b.load(pg)
		m := b.load(pm)
		d := s.op3(VSUBPS, m, g) // g - m
		VMULPS(c1, d, d)         // (g-m)*c1
		VADDPS(d, m, m)          // m'
		b.store(m, pmo)
		v := b.load(pv)
		g2 := s.op3(VMULPS, g, g) // g*g
		VSUBPS(v, g2, g2)         // g² - v
		VMULPS(c2, g2, g2)        // (g²-v)*c2
		VADDPS(g2, v, v)          // v'
		b.store(v, pvo)
		VSQRTPS(v, v)
		VADDPS(eps, v, v)   // sqrt(v') + eps
		VMULPS(alpha, m, m) // m'*alpha
		VDIVPS(v, m, m)     // (m'*alpha)/(sqrt(v')+eps)
		w := b.load(pw)
		VSUBPS(m, w, w)
		b.store(w, pwo)
	})
	s.end()
}
