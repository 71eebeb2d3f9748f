package kernels

import "sync/atomic"

// Body is the work of a parallel loop: Item computes one item. part
// identifies the goroutine running it (0 for the caller, 1..parts-1 for pool
// workers), so that each part can use scratch space of its own. Items must
// not depend on one another or on which part computes them.
type Body interface {
	Item(part, item int)
}

// Group runs loops over independent items on the kernels' worker pool. The
// caller works alongside the workers it borrows, and a worker that starts
// late finds no work left rather than delaying the caller. A Group may be
// reused, but serves one loop at a time; keep one per goroutine.
type Group struct {
	g    poolGroup
	next atomic.Int64
	done atomic.Int64
	n    int64
	body Body
}

// For calls body.Item(part, i) for every i in [0, items), using at most
// parts goroutines (bounded by Threads()), and returns when all items are
// done. Parts are numbered from 0; part 0 is the calling goroutine.
func (gr *Group) For(items, parts int, body Body) {
	parts = min(parts, Threads(), items)
	if parts <= 1 {
		for i := range items {
			body.Item(0, i)
		}
		return
	}
	gr.next.Store(0)
	gr.done.Store(0)
	gr.n = int64(items)
	gr.body = body
	poolRun(&gr.g, gr, parts)
	gr.body = nil
}

// run is one part of the loop: it takes items until none are left; the
// caller's part then waits for the items the workers took.
func (gr *Group) run(part int) {
	for {
		i, ok := poolTake(&gr.next, gr.n)
		if !ok {
			break
		}
		gr.body.Item(part, int(i))
		gr.done.Add(1)
	}
	if part == 0 {
		poolWaitCount(&gr.done, gr.n)
	}
}
