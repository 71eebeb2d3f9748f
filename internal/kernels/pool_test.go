package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// poolPhaseJob has every part count itself into phase after phase, with a
// barrier between phases; a part that sees a count of the next phase before
// the barrier released it reports an error.
type poolPhaseJob struct {
	phases  int
	counts  []atomic.Int32
	seen    []atomic.Int32 // parts that ran, by part number
	lastRan atomic.Int32   // onLast calls
	bad     atomic.Int32
}

func (j *poolPhaseJob) run(g *poolGroup, part int) {
	j.seen[part].Add(1)
	for ph := 0; ph < j.phases; ph++ {
		j.counts[ph].Add(1)
		g.barrier(func() { j.lastRan.Add(1) })
		if got := j.counts[ph].Load(); got != int32(g.parts) {
			j.bad.Add(1)
		}
	}
}

func TestPoolRunBarrier(t *testing.T) {
	prev := SetThreads(4)
	defer SetThreads(prev)
	var g poolGroup
	for _, want := range []int{1, 2, 3, 4, 9} {
		for rep := 0; rep < 20; rep++ {
			j := &poolPhaseJob{phases: 5, counts: make([]atomic.Int32, 5), seen: make([]atomic.Int32, 16)}
			poolRun(&g, j, want)
			parts := g.parts
			if parts < 1 || parts > min(want, Threads()) {
				t.Fatalf("want %d parts: ran %d", want, parts)
			}
			for p := 0; p < 16; p++ {
				if n := j.seen[p].Load(); (p < parts) != (n == 1) || n > 1 {
					t.Fatalf("want %d: part %d ran %d times (parts %d)", want, p, n, parts)
				}
			}
			if j.bad.Load() != 0 {
				t.Fatalf("want %d: a barrier let a part through early", want)
			}
			if got := j.lastRan.Load(); got != 5 {
				t.Fatalf("want %d: onLast ran %d times for 5 barriers", want, got)
			}
		}
	}
}

// TestPoolConcurrentRuns starts runs from several goroutines at once: each
// gets some workers or none, and all finish.
func TestPoolConcurrentRuns(t *testing.T) {
	prev := SetThreads(3)
	defer SetThreads(prev)
	var wg sync.WaitGroup
	for gr := 0; gr < 8; gr++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var g poolGroup
			for rep := 0; rep < 50; rep++ {
				j := &poolPhaseJob{phases: 3, counts: make([]atomic.Int32, 3), seen: make([]atomic.Int32, 4)}
				poolRun(&g, j, 3)
				if j.bad.Load() != 0 || j.lastRan.Load() != 3 {
					t.Errorf("run with %d parts: bad=%d lastRan=%d", g.parts, j.bad.Load(), j.lastRan.Load())
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestSetThreads(t *testing.T) {
	prev := SetThreads(3)
	defer SetThreads(prev)
	if got := Threads(); got != 3 {
		t.Errorf("Threads() = %d after SetThreads(3)", got)
	}
	if p := SetThreads(0); p != 3 {
		t.Errorf("SetThreads(0) returned %d, want 3", p)
	}
	if got, want := Threads(), min(runtime.GOMAXPROCS(0), poolMaxWorkers+1); got != want {
		t.Errorf("Threads() = %d after SetThreads(0), want GOMAXPROCS %d", got, want)
	}
	SetThreads(1 << 20)
	if got := Threads(); got != poolMaxWorkers+1 {
		t.Errorf("Threads() = %d after SetThreads(1<<20), want the cap %d", got, poolMaxWorkers+1)
	}
}
