package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The worker pool runs the parallel kernels. Its goroutines are started on
// first need and then live for the life of the process, so a kernel call
// spawns no goroutines. A call borrows the idle workers it wants (possibly
// none, when other calls hold them) and works alongside them on its own
// goroutine.
//
// A borrowed worker may start late: waking a parked goroutine, and the idle
// CPU under it, can take far longer than a small product. Jobs are therefore
// written so that no part ever waits for another part to start. Parts take
// work items from shared counters and wait only for items that a running
// part has already taken, and the caller's part returns when all the work
// is done. A worker that has not started by then is called off: when it
// wakes it finds its task cancelled and does not touch the job. Results
// must not depend on how the work was shared.

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

// poolJob is work shared by parts. run is called for part 0 on the
// caller's goroutine, which must return only when the whole job is done,
// and for parts 1..parts-1 (see poolGroup) on pool workers, which may start
// at any time before that or not at all.
type poolJob interface {
	run(part int)
}

// poolGroup is the bookkeeping of one dispatch. A caller keeps one per
// concurrent call and reuses it.
type poolGroup struct {
	parts   int // parts dispatched, counting the caller's
	workers []*poolWorker
	tickets []uint64     // the ticket of the task sent to each worker
	active  atomic.Int32 // workers that started and have not returned
}

type poolTask struct {
	job    poolJob
	g      *poolGroup
	part   int
	ticket uint64
}

type poolWorker struct {
	tasks chan poolTask
	// claim settles who owns a dispatched task: the worker when it starts
	// it (poolClaimed), the caller when it calls it off (poolCancelled).
	// Its low bits hold the state and the rest the task's ticket, a count
	// of the worker's dispatches: a worker goes back to the idle list
	// before its last caller has called off its workers, and another
	// caller may by then have sent it a new task, which the first caller's
	// cancellation must not touch.
	claim atomic.Uint64
}

const (
	poolPending = iota
	poolClaimed
	poolCancelled
	poolStateBits = 2
)

// poolClaim is the claim word of the task with the given ticket in state.
func poolClaim(ticket uint64, state uint64) uint64 {
	return ticket<<poolStateBits | state
}

var pool struct {
	mu      sync.Mutex
	idle    []*poolWorker
	started int
}

// poolRun runs job on up to want parts: the calling goroutine is part 0,
// idle pool workers take the others. It returns when part 0 has returned
// and every worker has either returned or been called off, so the job may
// be reused at once. g.parts is set before any part runs.
func poolRun(g *poolGroup, job poolJob, want int) {
	g.workers = g.workers[:0]
	if want > 1 {
		poolAcquire(g, want-1)
	}
	poolDispatch(g, job)
}

// poolDispatch is poolRun with the workers in g.workers.
func poolDispatch(g *poolGroup, job poolJob) {
	g.parts = 1 + len(g.workers)
	g.active.Store(int32(len(g.workers)))
	g.tickets = g.tickets[:0]
	for i, w := range g.workers {
		// The worker is ours alone: its claim word is stable.
		ticket := w.claim.Load()>>poolStateBits + 1
		g.tickets = append(g.tickets, ticket)
		w.claim.Store(poolClaim(ticket, poolPending))
		w.tasks <- poolTask{job: job, g: g, part: i + 1, ticket: ticket}
	}
	job.run(0)
	for i, w := range g.workers {
		if w.claim.CompareAndSwap(poolClaim(g.tickets[i], poolPending), poolClaim(g.tickets[i], poolCancelled)) {
			g.active.Add(-1)
		}
	}
	// The workers left are running and find no more work.
	poolWait(func() bool { return g.active.Load() == 0 })
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
		claimed := w.claim.CompareAndSwap(poolClaim(t.ticket, poolPending), poolClaim(t.ticket, poolClaimed))
		if claimed {
			t.job.run(t.part)
		}
		// Back on the idle list before the caller may return, so that its
		// next call finds this worker free.
		pool.mu.Lock()
		pool.idle = append(pool.idle, w)
		pool.mu.Unlock()
		if claimed {
			t.g.active.Add(-1)
		}
	}
}

// poolIdleSpin is how long an idle worker polls for its next task before
// it parks. Kernel calls often come back to back (the layers of a network,
// the steps of training), and waking a parked goroutine is slow: it takes
// an idle processor, and the CPU under it, from sleep, which in a virtual
// machine can take milliseconds. A polling worker keeps its processor
// awake.
const poolIdleSpin = 2 * time.Millisecond

// next returns the worker's next task, polling for a while, then parking.
// The polling yields between polls: should the worker share its processor
// with the goroutine that will call it (both were last readied there), the
// yield lets that goroutine run and sends the worker to the global queue,
// from which an idle processor takes it.
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
			} else if time.Since(start) > poolIdleSpin {
				return <-w.tasks
			}
		}
		runtime.Gosched()
	}
}

// poolWaitSpin is how long poolWait spins before it also yields: parts wait
// only for work that a running part has taken, which ends soon unless that
// part lost its processor.
const poolWaitSpin = 50 * time.Microsecond

// poolWait returns once done returns true.
func poolWait(done func() bool) {
	if poolSpinFor(poolWaitSpin, done) {
		return
	}
	for !done() {
		runtime.Gosched()
	}
}

// poolSpinFor calls done until it returns true, for at most d, and reports
// whether it did.
func poolSpinFor(d time.Duration, done func() bool) bool {
	var start time.Time
	for i := 0; ; i++ {
		if done() {
			return true
		}
		if i%64 == 0 {
			if i == 0 {
				start = time.Now()
			} else if time.Since(start) > d {
				return false
			}
		}
	}
}

// poolTake takes the next item below limit from the counter next and
// reports whether there was one.
func poolTake(next *atomic.Int64, limit int64) (int64, bool) {
	for {
		cur := next.Load()
		if cur >= limit {
			return 0, false
		}
		if next.CompareAndSwap(cur, cur+1) {
			return cur, true
		}
	}
}

// poolWaitCount returns once the counter reaches target.
func poolWaitCount(c *atomic.Int64, target int64) {
	if c.Load() >= target {
		return
	}
	poolWait(func() bool { return c.Load() >= target })
}
