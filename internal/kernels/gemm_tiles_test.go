package kernels

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

// tileCollector stores the blocks it receives into got and counts how
// often each element was handed out.
type tileCollector[T float32 | float64] struct {
	mu    sync.Mutex
	got   []T
	seen  []int
	n     int
	parts map[int]bool
}

func (s *tileCollector[T]) Tile(part, row, col int, c []T, ldc, rows, cols int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parts[part] = true
	for i := range rows {
		for j := range cols {
			s.got[(row+i)*s.n+col+j] = c[i*ldc+j]
			s.seen[(row+i)*s.n+col+j]++
		}
	}
}

// GemmTiles hands out every element of C once, with the bits Gemm
// stores, for products on the unpacked path (C never stored) and off it
// (C computed into c first), on any number of threads.
func TestGemmTiles(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(31, 32))
		for _, s := range []struct {
			m, n, k        int
			transA, transB bool
		}{
			{784, 512, 128, true, false}, // a dense layer's weight gradient
			{512, 10, 128, true, false},
			{37, 91, 300, false, true},
			{5, 7, 3, false, false},
			{64, 800, 700, false, false}, // B too large to read in place
			{3, 5, 0, false, false},
		} {
			for _, threads := range []int{1, 2, 3} {
				prev := SetThreads(threads)
				m, n, k := s.m, s.n, s.k
				lda, ldb := max(k, 1), n
				if s.transA {
					lda = m
				}
				if s.transB {
					ldb = max(k, 1)
				}
				a := gemmRandSlice[float32](rng, max(m*k, 1))
				b := gemmRandSlice[float32](rng, max(k*n, 1))
				want := make([]float32, m*n)
				Gemm(s.transA, s.transB, m, n, k, 1, a, lda, b, ldb, 0, want, n)
				c := make([]float32, m*n)
				for i := range c {
					c[i] = float32(math.NaN())
				}
				sink := &tileCollector[float32]{got: make([]float32, m*n), seen: make([]int, m*n), n: n, parts: map[int]bool{}}
				GemmTiles(s.transA, s.transB, m, n, k, a, lda, b, ldb, c, n, sink)
				SetThreads(prev)
				name := fmt.Sprintf("%+v threads=%d", s, threads)
				for i := range want {
					if sink.seen[i] != 1 {
						t.Fatalf("%s: element %d handed out %d times", name, i, sink.seen[i])
					}
					if math.Float32bits(sink.got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%s: element %d = %v, Gemm gives %v", name, i, sink.got[i], want[i])
					}
				}
				if direct := k > 0 && gemmDirect(gemmF32Config(), s.transB, m, n, k); direct && !math.IsNaN(float64(c[0])) {
					t.Errorf("%s: an unpacked product stored C", name)
				}
			}
		}
	})
}

func TestGemmTilesFloat64(t *testing.T) {
	rng := rand.New(rand.NewPCG(33, 34))
	const m, n, k = 40, 30, 20
	a, b := gemmRandSlice[float64](rng, m*k), gemmRandSlice[float64](rng, k*n)
	want, c := make([]float64, m*n), make([]float64, m*n)
	Gemm(false, false, m, n, k, 1, a, k, b, n, 0, want, n)
	sink := &tileCollector[float64]{got: make([]float64, m*n), seen: make([]int, m*n), n: n, parts: map[int]bool{}}
	GemmTiles(false, false, m, n, k, a, k, b, n, c, n, sink)
	for i := range want {
		if sink.seen[i] != 1 || sink.got[i] != want[i] {
			t.Fatalf("element %d: %v handed out %d times, want %v once", i, sink.got[i], sink.seen[i], want[i])
		}
	}
}
