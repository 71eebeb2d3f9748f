package kernels

import (
	"sync"
	"sync/atomic"
	"testing"
)

type countBody struct {
	hits  []atomic.Int32
	parts []atomic.Int32
}

func (b *countBody) Item(part, item int) {
	b.hits[item].Add(1)
	b.parts[part].Add(1)
}

func TestGroupForRunsEveryItemOnce(t *testing.T) {
	for _, threads := range []int{1, 2, 3} {
		prev := SetThreads(threads)
		var gr Group
		for _, items := range []int{0, 1, 2, 7, 100, 1000} {
			for _, parts := range []int{1, 2, 4} {
				b := &countBody{hits: make([]atomic.Int32, items), parts: make([]atomic.Int32, 4)}
				gr.For(items, parts, b)
				for i := range b.hits {
					if n := b.hits[i].Load(); n != 1 {
						t.Fatalf("threads %d items %d parts %d: item %d ran %d times", threads, items, parts, i, n)
					}
				}
				for p := min(parts, threads, max(items, 1)); p < 4; p++ {
					if b.parts[p].Load() != 0 {
						t.Errorf("threads %d parts %d: part %d ran items", threads, parts, p)
					}
				}
			}
		}
		SetThreads(prev)
	}
}

func TestGroupConcurrentLoops(t *testing.T) {
	prev := SetThreads(2)
	defer SetThreads(prev)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var gr Group
			for range 50 {
				b := &countBody{hits: make([]atomic.Int32, 64), parts: make([]atomic.Int32, 2)}
				gr.For(64, 2, b)
				for i := range b.hits {
					if b.hits[i].Load() != 1 {
						t.Errorf("item %d ran %d times", i, b.hits[i].Load())
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}
