package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The worker pool runs the parallel kernels. Its goroutines are started on
// first need and then live for the life of the process, parked on a channel
// while idle, so a kernel call spawns no goroutines. A call borrows the idle
// workers it wants (possibly none, when other calls hold them) and works
// alongside them on its own goroutine; kernels therefore must give the same
// result for any number of parts.

// poolThreads is the thread count set by SetThreads; 0 means not yet chosen.
var poolThreads atomic.Int32

// SetThreads sets the number of threads the kernels may use, counting the
// calling goroutine, and returns the previous setting. n < 1 restores the
// default, runtime.GOMAXPROCS(0). Results do not depend on it.
func SetThreads(n int) (prev int) {
	if n < 1 {
		n = runtime.GOMAXPROCS(0)
	}
	n = min(n, poolMaxWorkers+1)
	prev = Threads()
	poolThreads.Store(int32(n))
	return prev
}

// Threads reports the number of threads the kernels may use. It is
// runtime.GOMAXPROCS(0) as of the first call unless SetThreads changed it.
func Threads() int {
	if t := poolThreads.Load(); t > 0 {
		return int(t)
	}
	poolThreads.CompareAndSwap(0, int32(min(runtime.GOMAXPROCS(0), poolMaxWorkers+1)))
	return int(poolThreads.Load())
}

// poolMaxWorkers bounds the number of pool goroutines.
const poolMaxWorkers = 255

// poolJob is work split into parts: run is called once with each part in
// 0..parts-1, each on its own goroutine, at the same time.
type poolJob interface {
	run(g *poolGroup, part int)
}

// poolGroup is the state of one parallel run: the parts, a barrier, and the
// completion signal. A caller keeps one per concurrent run and reuses it.
type poolGroup struct {
	parts   int
	workers []*poolWorker
	pending atomic.Int32 // parts still running, counting the caller's
	done    chan struct{}

	arrived atomic.Int32 // barrier: parts arrived in this round
	round   atomic.Uint32
}

type poolTask struct {
	job  poolJob
	g    *poolGroup
	part int
}

type poolWorker struct{ tasks chan poolTask }

var pool struct {
	mu      sync.Mutex
	idle    []*poolWorker
	started int
}

// poolRun runs job on up to want parts: the calling goroutine is part 0 and
// idle pool workers take the others. It returns when every part is done.
func poolRun(g *poolGroup, job poolJob, want int) {
	g.workers = g.workers[:0]
	if want > 1 {
		poolAcquire(g, want-1)
	}
	g.parts = 1 + len(g.workers)
	if g.parts == 1 {
		job.run(g, 0)
		return
	}
	if g.done == nil {
		g.done = make(chan struct{}, 1)
	}
	g.arrived.Store(0)
	g.pending.Store(int32(g.parts))
	for i, w := range g.workers {
		w.tasks <- poolTask{job: job, g: g, part: i + 1}
	}
	job.run(g, 0)
	if g.pending.Add(-1) == 0 {
		return // the workers finished first; none of them signals
	}
	for i := 0; i < 200 && g.pending.Load() != 0; i++ {
		runtime.Gosched()
	}
	<-g.done
}

// poolAcquire moves up to n idle workers into g.workers, starting new ones
// while fewer than Threads()-1 exist.
func poolAcquire(g *poolGroup, n int) {
	pool.mu.Lock()
	for len(g.workers) < n && len(pool.idle) > 0 {
		last := len(pool.idle) - 1
		g.workers = append(g.workers, pool.idle[last])
		pool.idle = pool.idle[:last]
	}
	for len(g.workers) < n && pool.started < Threads()-1 {
		w := &poolWorker{tasks: make(chan poolTask, 1)}
		pool.started++
		go w.loop()
		g.workers = append(g.workers, w)
	}
	pool.mu.Unlock()
}

func (w *poolWorker) loop() {
	for {
		t := w.next()
		t.job.run(t.g, t.part)
		// Back to the idle list before signalling, so that a caller
		// that returns and calls again finds this worker free.
		pool.mu.Lock()
		pool.idle = append(pool.idle, w)
		pool.mu.Unlock()
		if t.g.pending.Add(-1) == 0 {
			t.g.done <- struct{}{}
		}
	}
}

// poolSpin is how long an idle worker polls for its next task before it
// parks. Kernel calls often come back to back (the layers of a network, the
// steps of training); a parked worker takes tens of microseconds to wake,
// longer than many products take.
const poolSpin = 100 * time.Microsecond

// next returns the worker's next task, polling for a while, then parking.
func (w *poolWorker) next() poolTask {
	var start time.Time
	for i := 0; ; i++ {
		select {
		case t := <-w.tasks:
			return t
		default:
		}
		if i%16 == 0 {
			if i == 0 {
				start = time.Now()
			} else if time.Since(start) > poolSpin {
				return <-w.tasks
			}
		}
		runtime.Gosched()
	}
}

// barrier returns once every part of g has called it; onLast runs on the
// last part to arrive before the others are released.
func (g *poolGroup) barrier(onLast func()) {
	if g.parts == 1 {
		if onLast != nil {
			onLast()
		}
		return
	}
	r := g.round.Load()
	if g.arrived.Add(1) == int32(g.parts) {
		g.arrived.Store(0)
		if onLast != nil {
			onLast()
		}
		g.round.Add(1)
		return
	}
	for i := 0; g.round.Load() == r; i++ {
		if i >= 64 {
			runtime.Gosched()
		}
	}
}
