package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// poolCountJob hands out items from a counter; part 0 waits until all are
// done. It records which parts ran.
type poolCountJob struct {
	items     int64
	next      atomic.Int64
	done      atomic.Int64
	sum       atomic.Int64 // sum of the item numbers done
	ran       []atomic.Int32
	lateStart time.Duration // delay before a worker part takes items
}

func (j *poolCountJob) run(part int) {
	j.ran[part].Add(1)
	if part > 0 {
		time.Sleep(j.lateStart)
	}
	for {
		it, ok := poolTake(&j.next, j.items)
		if !ok {
			break
		}
		j.sum.Add(it)
		j.done.Add(1)
	}
	if part == 0 {
		poolWaitCount(&j.done, j.items)
	}
}

func newPoolCountJob(items int64, late time.Duration) *poolCountJob {
	return &poolCountJob{items: items, ran: make([]atomic.Int32, 16), lateStart: late}
}

// checkDone checks that when poolRun returned all items were done once and
// no part is still running.
func (j *poolCountJob) checkDone(t *testing.T, g *poolGroup) {
	t.Helper()
	if d := j.done.Load(); d != j.items {
		t.Fatalf("poolRun returned with %d of %d items done", d, j.items)
	}
	if s := j.sum.Load(); s != j.items*(j.items-1)/2 {
		t.Fatalf("items done more or less than once (sum %d)", s)
	}
	if a := g.active.Load(); a != 0 {
		t.Fatalf("poolRun returned with %d workers active", a)
	}
	for p := range j.ran {
		if n := j.ran[p].Load(); n > 1 || (n == 1 && p >= g.parts) || (p == 0 && n != 1) {
			t.Fatalf("part %d ran %d times (parts %d)", p, n, g.parts)
		}
	}
}

func TestPoolRun(t *testing.T) {
	prev := SetThreads(4)
	defer SetThreads(prev)
	for _, want := range []int{1, 2, 3, 4, 9} {
		for _, late := range []time.Duration{0, 2 * time.Millisecond} {
			var g poolGroup
			j := newPoolCountJob(1000, late)
			poolRun(&g, j, want)
			j.checkDone(t, &g)
			if g.parts < 1 || g.parts > min(want, Threads()) {
				t.Fatalf("want %d: dispatched %d parts", want, g.parts)
			}
		}
	}
}

// TestPoolCancel dispatches to a worker that never starts: the caller does
// all the work and calls the worker off.
func TestPoolCancel(t *testing.T) {
	w := &poolWorker{tasks: make(chan poolTask, 1)}
	g := poolGroup{workers: []*poolWorker{w}}
	j := newPoolCountJob(100, 0)
	poolDispatch(&g, j)
	j.checkDone(t, &g)
	if g.parts != 2 || j.ran[1].Load() != 0 {
		t.Fatalf("parts %d, part 1 ran %d times", g.parts, j.ran[1].Load())
	}
	if c := w.claim.Load(); c != poolClaim(1, poolCancelled) {
		t.Fatalf("claim = %#x, want ticket 1 cancelled", c)
	}
	if len(w.tasks) != 1 {
		t.Fatalf("the cancelled task should still wait in the worker's queue")
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
			for rep := 0; rep < 50; rep++ {
				var g poolGroup
				j := newPoolCountJob(200, 0)
				poolRun(&g, j, 3)
				if j.done.Load() != 200 || j.sum.Load() != 200*199/2 || g.active.Load() != 0 {
					t.Errorf("run with %d parts: %d items done, sum %d, %d active", g.parts, j.done.Load(), j.sum.Load(), g.active.Load())
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestPoolTake(t *testing.T) {
	var c atomic.Int64
	for want := int64(0); want < 3; want++ {
		if got, ok := poolTake(&c, 3); !ok || got != want {
			t.Fatalf("take %d: got %d, %v", want, got, ok)
		}
	}
	if _, ok := poolTake(&c, 3); ok {
		t.Fatal("took past the limit")
	}
	if c.Load() != 3 {
		t.Fatalf("counter moved past the limit: %d", c.Load())
	}
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

// TestPoolReuseRace runs many short jobs from several goroutines, so that a
// worker often finishes its part and is taken by another caller before the
// first caller has called off its workers. A caller must then not cancel
// the worker's new task (the two dispatches share the worker, not the
// task). Before dispatches carried their own ticket, this hung.
func TestPoolReuseRace(t *testing.T) {
	prev := SetThreads(4)
	defer SetThreads(prev)
	const reps = 20000
	done := make(chan struct{})
	var wg sync.WaitGroup
	for gr := 0; gr < 6; gr++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var g poolGroup
			for rep := 0; rep < reps; rep++ {
				j := newPoolCountJob(int64(1+rep%5), 0)
				poolRun(&g, j, 4)
				if j.done.Load() != j.items || g.active.Load() != 0 {
					t.Errorf("run with %d parts: %d of %d items done, %d active", g.parts, j.done.Load(), j.items, g.active.Load())
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("concurrent pool runs did not finish: a dispatch waits for a worker that will never report")
	}
}
