package kernels

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// The driver follows Goto and BLIS. Around one register-blocked micro-kernel
// (mr×nr of C) it runs five loops:
//
//	for jc over n in steps of nc            (B block of kc×nc: L3)
//	  for pc over k in steps of kc
//	    for is over m in steps of ms        (A slab of ms×kc: L3)
//	      pack the B block (first slab only) and the A slab
//	      for each unit of mc rows × ncu columns of the slab × block:
//	        for jr over the unit in steps of nr   (B micro-panel: L1/L2)
//	          for ir over the unit in steps of mr (A block of mc×kc: L2)
//	            micro-kernel
//
// One (jc, pc, is) triple is a step. The parts of a parallel run share the
// packing and then the units of each step, taking items from shared
// counters (see pool.go); a part waits only for items another part has
// taken: the units of a step wait for its packing and for the units of the
// step before (they update the same C), and the packing of step s waits for
// the units of step s-2, the last users of its half of the double-buffered
// packing space. Every element of C is computed by one micro-kernel call
// per pc block, whose summation order depends on kc only: results are the
// same for any number of parts and any sharing of the work.
//
// Products that gain nothing from packing (see gemmDirect) skip it: the
// micro-kernel reads A and B where they are, one call per tile over all of
// k, and the units are column blocks of row tiles, which never wait for
// each other. A transposed B that is small enough is first packed whole,
// over all of k, and then read the same way.

// gemmKernelFunc computes the mr×nr tile at c (leading dimension ldc) of
// C = alpha·A·B + beta·C over kc steps, with A(i, p) at a[i*si+p*sp] and
// B(p, j) at b[p*sb+j]: packed panels (see gemm_pack.go) or, for kernels
// that allow it (gemmConfig.direct), the caller's matrices. C is not read
// when beta is zero.
type gemmKernelFunc[T float32 | float64] func(kc int, a []T, si, sp int, b []T, sb int, c []T, ldc int, alpha, beta T, mr, nr int)

// gemmConfig is an implementation of Gemm for element type T: the register
// tile and the block sizes tuned for it, and its micro-kernel.
type gemmConfig[T float32 | float64] struct {
	mr, nr int // register tile of the micro-kernel
	kc     int // depth of packed blocks; fixes the summation order
	mc     int // rows of a compute unit (multiple of mr)
	ncu    int // columns of a compute unit (multiple of nr)
	nc     int // columns of a packed B block (multiple of nr)
	ms     int // rows of a packed A slab (multiple of mr)
	kernel gemmKernelFunc[T]
	// direct allows running the kernel on the caller's A and B (the
	// kernel reads no element outside the tile); see gemmDirect.
	direct bool
	// directMaxB is the largest B (n·k elements) read in place by many row
	// tiles; see gemmDirect.
	directMaxB int
	// packAlong and packAcross, if set, replace gemmPackAlong and
	// gemmPackAcross with faster versions of the same contract; packAlongA,
	// if set, packs w/mr whole A panels of a transposed A at once.
	packAlong, packAcross, packAlongA gemmPackFunc[T]
}

// gemmPackFunc is the signature of gemmPackAlong and gemmPackAcross.
type gemmPackFunc[T float32 | float64] func(dst, src []T, ld, k0, kc, x0, w, pw int)

// gemmParallelFlops is the work (2·m·n·k) below which a product runs on the
// calling goroutine only: waking a worker costs more than it saves.
const gemmParallelFlops = 2 * 96 * 96 * 96

// gemmDirect reports whether a product runs with A and B read in place
// rather than packed (kernels that allow it, untransposed B only). Packing
// pays for itself when the packed B panels are reused by many row tiles and
// B does not fit the caches. With one or two row tiles it does not. And for
// the AVX-512 kernel, while B fits in about twice the L2 cache, the row
// tiles read it from the caches at full speed with no packing phase that
// the parts must finish before any of them may compute: 5-10% faster on one
// thread and 10-20% on two for square sizes up to 512, measured on Zen 4.
//
// A transposed B cannot be read in place (the kernel wants rows of B), but
// when it is that small it is packed whole, over all of k, and the product
// then runs as a direct one on the packed panels: the packing is the only
// phase the parts must wait for, where the blocked path also makes its
// units wait for the packing and units of the step before. For the
// backward product dY·Wᵀ of a 512-unit dense layer on a batch of 128 this
// is 1.5x faster on two threads (Zen 4).
func gemmDirect[T float32 | float64](cfg *gemmConfig[T], transB bool, m, n, k int) bool {
	if !cfg.direct {
		return false
	}
	smallB := float64(n)*float64(k) <= float64(cfg.directMaxB)
	if transB {
		// Packing reads B once; with few row tiles to reuse it the blocked
		// path is as good.
		return smallB && m > 4*cfg.mr
	}
	return m <= 2*cfg.mr || smallB
}

// gemmRun is Gemm on validated arguments with m, n > 0.
func gemmRun[T float32 | float64](cfg *gemmConfig[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if k == 0 || alpha == 0 {
		gemmScale(m, n, beta, c, ldc)
		return
	}
	j := gemmGetJob[T]()
	j.cfg = cfg
	j.transA, j.transB = transA, transB
	j.m, j.n, j.k = m, n, k
	j.alpha, j.beta = alpha, beta
	j.a, j.lda, j.b, j.ldb, j.c, j.ldc = a, lda, b, ldb, c, ldc
	j.direct = gemmDirect(cfg, transB, m, n, k)
	if !j.direct {
		j.plan()
	} else if transB {
		j.planPackedB()
	}
	j.packNext.Store(0)
	j.packDone.Store(0)
	j.unitNext.Store(0)
	j.unitDone.Store(0)
	threads := 1
	if 2*float64(m)*float64(n)*float64(k) >= gemmParallelFlops {
		threads = Threads()
	}
	poolRun(&j.group, j, threads)
	j.a, j.b, j.c = nil, nil, nil
	gemmPutJob(j)
}

// gemmScale sets C = beta·C, writing zeros when beta is zero.
func gemmScale[T float32 | float64](m, n int, beta T, c []T, ldc int) {
	for i := 0; i < m; i++ {
		row := c[i*ldc : i*ldc+n]
		if beta == 0 {
			clear(row)
			continue
		}
		if beta != 1 {
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

// gemmJob is one Gemm call in flight, with its packing buffers. Jobs are
// recycled through a free list so that warm calls allocate nothing.
type gemmJob[T float32 | float64] struct {
	cfg            *gemmConfig[T]
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a, b, c        []T
	lda, ldb, ldc  int

	direct        bool // no packing: the kernel reads A and B in place
	nJC, nPC, nIS int  // block counts along n, k and m
	bufA, bufB    [2][]T

	// Work items are numbered across all steps in order; the counters
	// hold the next item to take and the number of items finished.
	packNext, packDone atomic.Int64
	unitNext, unitDone atomic.Int64
	group              poolGroup
}

// gemmStep is the geometry of one (jc, pc, is) step.
type gemmStep struct {
	jc, nc, pc, kc, is, ms int
	packB                  bool
	bBuf, aBuf             int // which half of the double buffers
	bItems, packItems      int // packing items: B's first, then A's
	rowUnits, colUnits     int // compute units: rowUnits × colUnits
	mcu, ncu               int // rows and columns of a unit
}

// plan sizes the loops and makes sure the packing buffers are large enough.
func (j *gemmJob[T]) plan() {
	cfg := j.cfg
	j.nJC = gemmCeil(j.n, cfg.nc)
	j.nPC = gemmCeil(j.k, cfg.kc)
	j.nIS = gemmCeil(j.m, cfg.ms)
	kc := min(j.k, cfg.kc)
	nb := min(gemmRoundUp(j.n, cfg.nr), cfg.nc) * kc
	na := min(gemmRoundUp(j.m, cfg.mr), cfg.ms) * kc
	halvesA, halvesB := 1, 1 // the second halves serve multi-step products only
	if j.nJC*j.nPC*j.nIS > 1 {
		halvesA = 2
	}
	if j.nJC*j.nPC > 1 {
		halvesB = 2
	}
	for i := range halvesA {
		if len(j.bufA[i]) < na {
			j.bufA[i] = gemmAlloc[T](na)
		}
	}
	for i := range halvesB {
		if len(j.bufB[i]) < nb {
			j.bufB[i] = gemmAlloc[T](nb)
		}
	}
}

// planPackedB makes sure bufB[0] holds all of op(B) packed in panels of
// nr columns over all of k, for a direct product with a transposed B.
func (j *gemmJob[T]) planPackedB() {
	if nb := gemmRoundUp(j.n, j.cfg.nr) * j.k; len(j.bufB[0]) < nb {
		j.bufB[0] = gemmAlloc[T](nb)
	}
}

// step returns the geometry of step s.
func (j *gemmJob[T]) step(s, parts int) gemmStep {
	cfg := j.cfg
	is := s % j.nIS
	q := s / j.nIS // index of the (jc, pc) pair
	pc := q % j.nPC
	jc := q / j.nPC
	st := gemmStep{
		jc: jc * cfg.nc, pc: pc * cfg.kc, is: is * cfg.ms,
		packB: is == 0, bBuf: q % 2, aBuf: s % 2,
	}
	st.nc = min(cfg.nc, j.n-st.jc)
	st.kc = min(cfg.kc, j.k-st.pc)
	st.ms = min(cfg.ms, j.m-st.is)
	st.rowUnits = gemmCeil(st.ms, cfg.mc)
	st.colUnits = gemmCeil(st.nc, cfg.ncu)
	// Enough units for the parts to balance their loads.
	for parts > 1 && st.rowUnits*st.colUnits < 4*parts {
		rows := gemmCeil(st.ms, st.rowUnits)
		cols := gemmCeil(st.nc, st.colUnits)
		switch {
		case rows >= 2*cfg.mr && rows >= cols:
			st.rowUnits++
		case cols >= 2*cfg.nr:
			st.colUnits++
		case rows >= 2*cfg.mr:
			st.rowUnits++
		default:
			parts = 1 // cannot split further
		}
	}
	st.mcu = gemmRoundUp(gemmCeil(st.ms, st.rowUnits), cfg.mr)
	st.ncu = gemmRoundUp(gemmCeil(st.nc, st.colUnits), cfg.nr)
	st.rowUnits = gemmCeil(st.ms, st.mcu)
	st.colUnits = gemmCeil(st.nc, st.ncu)
	if st.packB {
		st.bItems = gemmCeil(gemmCeil(st.nc, cfg.nr), gemmPackGroup)
	}
	st.packItems = st.bItems + gemmCeil(gemmCeil(st.ms, cfg.mr), gemmPackGroup)
	return st
}

// run is one part's share of the whole product; see poolJob.
func (j *gemmJob[T]) run(part int) {
	if j.direct {
		j.runDirect(part)
		return
	}
	steps := j.nJC * j.nPC * j.nIS
	// Item numbers where the current step's packing and units begin, and
	// where the previous step's units began.
	var packBase, unitBase, prevUnitBase int64
	for s := 0; s < steps; s++ {
		st := j.step(s, j.group.parts)
		packEnd := packBase + int64(st.packItems)
		unitEnd := unitBase + int64(st.rowUnits*st.colUnits)
		for {
			it, ok := poolTake(&j.packNext, packEnd)
			if !ok {
				break
			}
			poolWaitCount(&j.unitDone, prevUnitBase) // step s-2 is done with the buffers
			j.packItem(&st, int(it-packBase))
			j.packDone.Add(1)
		}
		for {
			u, ok := poolTake(&j.unitNext, unitEnd)
			if !ok {
				break
			}
			poolWaitCount(&j.packDone, packEnd)
			poolWaitCount(&j.unitDone, unitBase) // step s-1 is done with C
			j.computeUnit(&st, int(u-unitBase))
			j.unitDone.Add(1)
		}
		prevUnitBase, packBase, unitBase = unitBase, packEnd, unitEnd
	}
	if part == 0 {
		poolWaitCount(&j.unitDone, unitBase)
	}
}

// gemmPackGroup is the number of panels in one packing item.
const gemmPackGroup = 4

// packItem packs item it of the step: a group of B panels, or of A panels.
func (j *gemmJob[T]) packItem(st *gemmStep, it int) {
	cfg := j.cfg
	if it < st.bItems {
		bufB := j.bufB[st.bBuf]
		bPanels := gemmCeil(st.nc, cfg.nr)
		for p := it * gemmPackGroup; p < min(bPanels, (it+1)*gemmPackGroup); p++ {
			col := p * cfg.nr
			gemmPackB(cfg, bufB[p*st.kc*cfg.nr:(p+1)*st.kc*cfg.nr], j.b, j.ldb, j.transB,
				st.pc, st.kc, st.jc+col, min(cfg.nr, st.nc-col), cfg.nr)
		}
		return
	}
	row := (it - st.bItems) * gemmPackGroup * cfg.mr
	gemmPackA(cfg, j.bufA[st.aBuf][row*st.kc:], j.a, j.lda, j.transA,
		st.is+row, min(gemmPackGroup*cfg.mr, st.ms-row), st.pc, st.kc, cfg.mr)
}

// computeUnit runs the micro-kernel over unit u of the step.
func (j *gemmJob[T]) computeUnit(st *gemmStep, u int) {
	cfg := j.cfg
	beta := j.beta
	if st.pc > 0 {
		beta = 1
	}
	bufB, bufA := j.bufB[st.bBuf], j.bufA[st.aBuf]
	kc, mr, nr, ldc := st.kc, cfg.mr, cfg.nr, j.ldc
	si, sp := gemmPackAStrides(j.transA, kc, mr)
	r0 := (u / st.colUnits) * st.mcu
	c0 := (u % st.colUnits) * st.ncu
	r1 := min(r0+st.mcu, st.ms)
	c1 := min(c0+st.ncu, st.nc)
	for jr := c0; jr < c1; jr += nr {
		bp := bufB[jr*kc : (jr+nr)*kc]
		w := min(nr, c1-jr)
		for ir := r0; ir < r1; ir += mr {
			ap := bufA[ir*kc : (ir+mr)*kc]
			off := (st.is+ir)*ldc + st.jc + jr
			cfg.kernel(kc, ap, si, sp, bp, nr, j.c[off:], ldc, j.alpha, beta, min(mr, r1-ir), w)
		}
	}
}

// runDirect is run for products whose A and B the kernel reads in place:
// the units are column blocks of each row tile, each summed over all of k
// in one kernel call per tile, so units never wait for each other.
func (j *gemmJob[T]) runDirect(part int) {
	cfg := j.cfg
	si, sp := j.lda, 1
	if j.transA {
		si, sp = 1, j.lda
	}
	rowTiles := gemmCeil(j.m, cfg.mr)
	ncu := cfg.ncu
	if j.group.parts > 1 {
		ncu = min(ncu, max(cfg.nr, gemmRoundUp(gemmCeil(j.n*rowTiles, 4*j.group.parts), cfg.nr)))
	}
	colUnits := gemmCeil(j.n, ncu)
	units := int64(rowTiles * colUnits)
	// B, or its packed panels: B(p, j) is at b[panel(j)+p*sb+j%nr].
	b, sb, panelStride := j.b, j.ldb, cfg.nr
	if j.transB {
		b, sb, panelStride = j.bufB[0], cfg.nr, j.k*cfg.nr
		panels := gemmCeil(j.n, cfg.nr)
		packItems := int64(gemmCeil(panels, gemmPackGroup))
		for {
			it, ok := poolTake(&j.packNext, packItems)
			if !ok {
				break
			}
			for p := int(it) * gemmPackGroup; p < min(panels, int(it+1)*gemmPackGroup); p++ {
				col := p * cfg.nr
				gemmPackB(cfg, b[p*panelStride:(p+1)*panelStride], j.b, j.ldb, true, 0, j.k, col, min(cfg.nr, j.n-col), cfg.nr)
			}
			j.packDone.Add(1)
		}
		poolWaitCount(&j.packDone, packItems)
	}
	for {
		u, ok := poolTake(&j.unitNext, units)
		if !ok {
			break
		}
		r0 := (int(u) / colUnits) * cfg.mr
		c0 := (int(u) % colUnits) * ncu
		a := j.a[r0*si:]
		mr := min(cfg.mr, j.m-r0)
		for jr := c0; jr < min(c0+ncu, j.n); jr += cfg.nr {
			bp := b[jr:]
			if j.transB {
				bp = b[jr/cfg.nr*panelStride:]
			}
			cfg.kernel(j.k, a, si, sp, bp, sb, j.c[r0*j.ldc+jr:], j.ldc,
				j.alpha, j.beta, mr, min(cfg.nr, j.n-jr))
		}
		j.unitDone.Add(1)
	}
	if part == 0 {
		poolWaitCount(&j.unitDone, units)
	}
}

// gemmJobs are the free lists of jobs, one per element type.
var gemmJobs struct {
	mu  sync.Mutex
	f32 []*gemmJob[float32]
	f64 []*gemmJob[float64]
}

func gemmGetJob[T float32 | float64]() *gemmJob[T] {
	gemmJobs.mu.Lock()
	defer gemmJobs.mu.Unlock()
	list := gemmJobList[T]()
	if n := len(*list); n > 0 {
		j := (*list)[n-1]
		*list = (*list)[:n-1]
		return j
	}
	return new(gemmJob[T])
}

func gemmPutJob[T float32 | float64](j *gemmJob[T]) {
	gemmJobs.mu.Lock()
	defer gemmJobs.mu.Unlock()
	list := gemmJobList[T]()
	*list = append(*list, j)
}

// gemmJobList returns the free list for T; the caller holds gemmJobs.mu.
func gemmJobList[T float32 | float64]() *[]*gemmJob[T] {
	var zero T
	if unsafe.Sizeof(zero) == 4 {
		return (*[]*gemmJob[T])(unsafe.Pointer(&gemmJobs.f32))
	}
	return (*[]*gemmJob[T])(unsafe.Pointer(&gemmJobs.f64))
}

// gemmAlloc returns n elements starting on a 64-byte boundary.
func gemmAlloc[T float32 | float64](n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	buf := make([]T, n+64/size)
	off := int(uintptr(unsafe.Pointer(unsafe.SliceData(buf)))%64) / size
	if off != 0 {
		off = 64/size - off
	}
	return buf[off : off+n : off+n]
}

func gemmCeil(a, b int) int    { return (a + b - 1) / b }
func gemmRoundUp(a, b int) int { return gemmCeil(a, b) * b }
