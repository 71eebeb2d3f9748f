package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRMSprop checks the fused RMSprop step on every implementation, in
// place and out of place, against the same step run as separate kernels
// (bit for bit) and against float64 arithmetic (within float32 rounding),
// and that it writes nothing outside its outputs.
func TestRMSprop(t *testing.T) {
	const lr, rho, eps = float32(0.001), float32(0.9), float32(1e-7)
	t1 := 1 - rho
	defer Use(Active())
	for _, n := range ewLengths {
		for _, l := range ewLayouts {
			rng := rand.New(rand.NewPCG(uint64(n), 21))
			w, v, g := make([]float32, n), make([]float32, n), make([]float32, n)
			ewFill(rng, w, -1, 1, false)
			ewFill(rng, v, 0, 0.01, false)
			ewFill(rng, g, -0.1, 0.1, false)
			if n > 3 {
				g[0], v[1], g[1] = 0, 0, 0 // no gradient; nothing accumulated
				g[2] = 1e-30               // squares to a subnormal
			}
			for _, impl := range Available() {
				if _, err := Use(impl); err != nil {
					t.Fatal(err)
				}
				// The step as separate kernels.
				wantV, wantW, tmp := make([]float32, n), make([]float32, n), make([]float32, n)
				Scale(wantV, v, rho)
				Square(tmp, g)
				Scale(tmp, tmp, t1)
				Add(wantV, wantV, tmp)
				AddScalar(tmp, wantV, eps)
				Sqrt(tmp, tmp)
				Scale(wantW, g, lr)
				Div(wantW, wantW, tmp)
				Sub(wantW, w, wantW)

				inPlace := l.inPlace != 0
				gw, gv, gg := ewNewGuarded[float32](n, l.unaligned), ewNewGuarded[float32](n, l.unaligned), ewNewGuarded[float32](n, l.unaligned)
				copy(gw.s(), w)
				copy(gv.s(), v)
				copy(gg.s(), g)
				wOut, vOut := gw.s(), gv.s()
				var ow, ov *ewGuarded[float32]
				if !inPlace {
					ow, ov = ewNewGuarded[float32](n, l.unaligned), ewNewGuarded[float32](n, l.unaligned)
					wOut, vOut = ow.s(), ov.s()
				}
				RMSprop(wOut, vOut, gw.s(), gv.s(), gg.s(), lr, rho, t1, eps)
				for i := range n {
					if math.Float32bits(vOut[i]) != math.Float32bits(wantV[i]) || math.Float32bits(wOut[i]) != math.Float32bits(wantW[i]) {
						t.Fatalf("%v n=%d %+v element %d: (w, v) = (%v, %v), separate kernels give (%v, %v)",
							impl, n, l, i, wOut[i], vOut[i], wantW[i], wantV[i])
					}
					v64 := float64(rho)*float64(v[i]) + float64(t1)*float64(g[i])*float64(g[i])
					w64 := float64(w[i]) - float64(lr)*float64(g[i])/math.Sqrt(v64+float64(eps))
					if math.Abs(float64(vOut[i])-v64) > 1e-6*math.Abs(v64)+1e-37 || math.Abs(float64(wOut[i])-w64) > 1e-6*math.Abs(w64)+1e-37 {
						t.Fatalf("%v n=%d element %d: (w, v) = (%v, %v), float64 gives (%v, %v)", impl, n, i, wOut[i], vOut[i], w64, v64)
					}
				}
				if n > 3 && (wOut[0] != w[0] || wOut[1] != w[1] || vOut[1] != 0) {
					t.Fatalf("%v: a zero gradient moved the weight: %v -> %v, %v -> %v", impl, w[0], wOut[0], w[1], wOut[1])
				}
				for _, gd := range []*ewGuarded[float32]{gw, gv, gg, ow, ov} {
					if gd != nil {
						gd.check(t, "RMSprop")
					}
				}
				if !inPlace {
					for i := range n {
						if gw.s()[i] != w[i] || gv.s()[i] != v[i] {
							t.Fatalf("%v: out of place, the inputs changed at %d", impl, i)
						}
					}
				}
			}
		}
	}
}

// TestRMSpropFloat64 checks the float64 loop against the step computed
// directly.
func TestRMSpropFloat64(t *testing.T) {
	w, v, g := []float64{0.5, -1, 2}, []float64{0, 0.25, 1}, []float64{0.1, 0, -3}
	wo, vo := make([]float64, 3), make([]float64, 3)
	RMSprop(wo, vo, w, v, g, 0.01, 0.9, 0.1, 1e-7)
	for i := range w {
		vi := 0.9*v[i] + 0.1*g[i]*g[i]
		wi := w[i] - 0.01*g[i]/math.Sqrt(vi+1e-7)
		if math.Abs(vo[i]-vi) > 1e-15 || math.Abs(wo[i]-wi) > 1e-15 {
			t.Errorf("element %d: (w, v) = (%v, %v), want (%v, %v)", i, wo[i], vo[i], wi, vi)
		}
	}
}

func TestRMSpropLengthMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("RMSprop accepted slices of different lengths")
		}
	}()
	RMSprop(make([]float32, 3), make([]float32, 3), make([]float32, 3), make([]float32, 2), make([]float32, 3), 1, 0.9, 0.1, 1e-7)
}

// TestAdam checks the fused Adam step on every implementation, in place
// and out of place, against the same step run as separate kernels (bit for
// bit) and against float64 arithmetic, and that it writes nothing outside
// its outputs.
func TestAdam(t *testing.T) {
	const alpha, c1, c2, eps = float32(0.0003), float32(0.1), float32(0.001), float32(1e-7)
	defer Use(Active())
	for _, n := range ewLengths {
		for _, l := range ewLayouts {
			rng := rand.New(rand.NewPCG(uint64(n), 22))
			w, m, v, g := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			ewFill(rng, w, -1, 1, false)
			ewFill(rng, m, -0.01, 0.01, false)
			ewFill(rng, v, 0, 0.001, false)
			ewFill(rng, g, -0.1, 0.1, false)
			if n > 3 {
				m[0], v[0], g[0] = 0, 0, 0 // nothing at all: the weight stays
			}
			for _, impl := range Available() {
				if _, err := Use(impl); err != nil {
					t.Fatal(err)
				}
				wantM, wantV, wantW, tmp := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
				Sub(tmp, g, m)
				Scale(tmp, tmp, c1)
				Add(wantM, m, tmp)
				Square(tmp, g)
				Sub(tmp, tmp, v)
				Scale(tmp, tmp, c2)
				Add(wantV, v, tmp)
				Sqrt(tmp, wantV)
				AddScalar(tmp, tmp, eps)
				Scale(wantW, wantM, alpha)
				Div(wantW, wantW, tmp)
				Sub(wantW, w, wantW)

				guard := func() *ewGuarded[float32] { return ewNewGuarded[float32](n, l.unaligned) }
				gw, gm, gv, gg := guard(), guard(), guard(), guard()
				copy(gw.s(), w)
				copy(gm.s(), m)
				copy(gv.s(), v)
				copy(gg.s(), g)
				outs := []*ewGuarded[float32]{gw, gm, gv}
				if l.inPlace == 0 {
					outs = []*ewGuarded[float32]{guard(), guard(), guard()}
				}
				Adam(outs[0].s(), outs[1].s(), outs[2].s(), gw.s(), gm.s(), gv.s(), gg.s(), alpha, c1, c2, eps)
				wOut, mOut, vOut := outs[0].s(), outs[1].s(), outs[2].s()
				for i := range n {
					if math.Float32bits(wOut[i]) != math.Float32bits(wantW[i]) || math.Float32bits(mOut[i]) != math.Float32bits(wantM[i]) ||
						math.Float32bits(vOut[i]) != math.Float32bits(wantV[i]) {
						t.Fatalf("%v n=%d %+v element %d: (w, m, v) = (%v, %v, %v), separate kernels give (%v, %v, %v)",
							impl, n, l, i, wOut[i], mOut[i], vOut[i], wantW[i], wantM[i], wantV[i])
					}
					m64 := float64(m[i]) + (float64(g[i])-float64(m[i]))*float64(c1)
					v64 := float64(v[i]) + (float64(g[i])*float64(g[i])-float64(v[i]))*float64(c2)
					w64 := float64(w[i]) - m64*float64(alpha)/(math.Sqrt(v64)+float64(eps))
					if math.Abs(float64(wOut[i])-w64) > 1e-6*math.Abs(w64)+1e-9 {
						t.Fatalf("%v n=%d element %d: w = %v, float64 gives %v", impl, n, i, wOut[i], w64)
					}
				}
				if n > 3 && wOut[0] != w[0] {
					t.Fatalf("%v: no gradient and no moments moved the weight: %v -> %v", impl, w[0], wOut[0])
				}
				for _, gd := range append([]*ewGuarded[float32]{gg}, outs...) {
					gd.check(t, "Adam")
				}
			}
		}
	}
}

// TestAdamFloat64 checks the float64 loop against the step computed
// directly.
func TestAdamFloat64(t *testing.T) {
	w, m, v, g := []float64{0.5, -1}, []float64{0.1, 0}, []float64{0.01, 0}, []float64{-0.2, 3}
	wo, mo, vo := make([]float64, 2), make([]float64, 2), make([]float64, 2)
	Adam(wo, mo, vo, w, m, v, g, 0.001, 0.1, 0.001, 1e-7)
	for i := range w {
		mi := m[i] + (g[i]-m[i])*0.1
		vi := v[i] + (g[i]*g[i]-v[i])*0.001
		wi := w[i] - mi*0.001/(math.Sqrt(vi)+1e-7)
		if math.Abs(mo[i]-mi) > 1e-15 || math.Abs(vo[i]-vi) > 1e-15 || math.Abs(wo[i]-wi) > 1e-15 {
			t.Errorf("element %d: (w, m, v) = (%v, %v, %v), want (%v, %v, %v)", i, wo[i], mo[i], vo[i], wi, mi, vi)
		}
	}
}
