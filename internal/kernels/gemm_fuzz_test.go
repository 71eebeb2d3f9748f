package kernels

import "testing"

// FuzzGemm checks products of fuzzed shapes, transposes, padding and
// scalars against the float64 reference, on every implementation.
func FuzzGemm(f *testing.F) {
	f.Add(uint8(1), uint8(1), uint16(1), uint8(0), uint8(0), uint8(0))
	f.Add(uint8(7), uint8(13), uint16(29), uint8(3), uint8(0x21), uint8(5))
	f.Fuzz(func(t *testing.T, m, n uint8, k uint16, flags, pads, scalars uint8) {
		alphas := []float64{1, -0.5, 0, 2}
		betas := []float64{0, 1, -0.5, 0.25}
		tc := gemmCase{
			m: int(m), n: int(n), k: int(k % 600),
			transA: flags&1 != 0, transB: flags&2 != 0,
			padA: int(pads & 7), padB: int(pads >> 3 & 7), padC: int(pads >> 6),
			alpha: alphas[scalars&3], beta: betas[scalars>>2&3],
		}
		tc.nanC = tc.beta == 0 && flags&4 != 0
		for _, impl := range Available() {
			prev, err := Use(impl)
			if err != nil {
				t.Fatal(err)
			}
			runGemmCase[float32](t, tc, uint64(flags))
			if flags&8 != 0 {
				runGemmCase[float64](t, tc, uint64(flags))
			}
			Use(prev)
		}
	})
}
