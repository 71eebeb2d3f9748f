package graph

import (
	"github.com/gokeras/gokeras/internal/kernels"
	"github.com/gokeras/gokeras/tensor"
)

// Paired updates. An optimiser's update of a weight usually reads the new
// value of one of its slots: RMSprop computes v' = ρv + (1−ρ)g² into v,
// then w' = w − lr·g/√(v' + ε) into w. Run one after the other, each is a
// pass over memory, and the second reads g and v' back from memory. Both
// are element-wise over the same shape, so they can run chunk by chunk
// together: the second program's chunk right after the first's, while g
// and v' are still in the L1 cache. Every element is computed by the same
// instructions as when the passes run apart, so results do not change.

// pairUpdates pairs each element-wise step computed straight into a shared
// variable (A) with the first later such step (B) of the same shape that
// reads A's value, when B may move to run right after A: every value B
// reads is computed by A or before it, A does not read the variable B
// overwrites, and no step between them reads it either. pair[k] is then
// the step of B for A at step k, and paired[B] is true; the others are -1
// and false.
func (p *program) pairUpdates() {
	p.pair = make([]int, len(p.steps))
	for k := range p.pair {
		p.pair[k] = -1
	}
	stepOf := p.stepOfNodes()
	direct, reads := p.directVar, p.readsVar
	grouped := func(k int) bool { return p.paired[k] || p.fused[k] != nil } // in a fused group
	for a := range p.steps {
		if grouped(a) || direct(a) == nil {
			continue
		}
		na := p.nodes[p.steps[a].node]
		for b := a + 1; b < len(p.steps); b++ {
			vb := direct(b)
			nb := p.nodes[p.steps[b].node]
			if vb == nil || grouped(b) || nb.dt != na.dt || !sameShape(nb.shape, na.shape) || !staticShape(na.shape) {
				continue
			}
			if !reads(b, na) {
				continue
			}
			ok := !reads(a, vb)
			for _, in := range p.steps[b].in {
				if k, has := stepOf[p.base[in]]; has && k > a {
					ok = false // computed between A and B
				}
			}
			for k := a + 1; ok && k < b; k++ {
				if reads(k, vb) {
					ok = false
				}
			}
			if ok {
				p.pair[a], p.paired[b] = b, true
			}
			break
		}
	}
}

// stepOfNodes maps each step's node to the step.
func (p *program) stepOfNodes() map[int]int {
	stepOf := make(map[int]int, len(p.steps))
	for k, s := range p.steps {
		stepOf[s.node] = k
	}
	return stepOf
}

// directVar returns the variable that element-wise step k computes in
// place, or nil.
func (p *program) directVar(k int) *Node {
	s := p.steps[k]
	if s.prog == nil || p.store[s.node] != sUpdate {
		return nil
	}
	for _, u := range p.updates {
		if u.direct && u.node == s.node {
			return u.shared
		}
	}
	return nil
}

// readsVar reports whether step k reads variable v (or a view of it).
func (p *program) readsVar(k int, v *Node) bool {
	vi, ok := p.index[v]
	if !ok {
		return false
	}
	for _, in := range p.steps[k].in {
		if p.base[in] == vi {
			return true
		}
	}
	return false
}

// staticShape reports whether every dimension of s is known.
func staticShape(s []int) bool {
	for _, d := range s {
		if d < 0 {
			return false
		}
	}
	return true
}

// runPair runs program pa (state sta, output outA, inputs inA) and then pb
// on the same elements, chunk by chunk, as runEW would run them one after
// the other.
func runPair(pa *ewProgram, sta any, outA *buf, inA []*buf, pb *ewProgram, stb any, outB *buf, inB []*buf) {
	switch pa.dt {
	case Float32:
		runEWPair(pa, sta.(*ewState[float32]), outA, inA, pb, stb.(*ewState[float32]), outB, inB)
	case Float64:
		runEWPair(pa, sta.(*ewState[float64]), outA, inA, pb, stb.(*ewState[float64]), outB, inB)
	case Int32:
		runEWPair(pa, sta.(*ewState[int32]), outA, inA, pb, stb.(*ewState[int32]), outB, inB)
	default:
		runEWPair(pa, sta.(*ewState[int64]), outA, inA, pb, stb.(*ewState[int64]), outB, inB)
	}
}

func runEWPair[T tensor.Elem](pa *ewProgram, sta *ewState[T], outA *buf, inA []*buf, pb *ewProgram, stb *ewState[T], outB *buf, inB []*buf) {
	dstA, dstB := data[T](outA), data[T](outB)
	n := len(dstA)
	if n == 0 {
		return
	}
	c := min(n, ewChunk)
	sta.prepare(pa, outA.shape, inA, c)
	stb.prepare(pb, outB.shape, inB, c)
	chunks := (n + c - 1) / c
	if chunks >= ewParallelChunks && kernels.Threads() > 1 {
		if sta.pair == nil {
			sta.pair = &ewPairPar[T]{}
		}
		j := sta.pair
		parts := min(kernels.Threads(), chunks)
		for len(j.helpA) < parts-1 {
			j.helpA = append(j.helpA, newEWState[T](pa))
			j.helpB = append(j.helpB, newEWState[T](pb))
		}
		for i := range parts - 1 {
			j.helpA[i].prepare(pa, outA.shape, inA, c)
			j.helpB[i].prepare(pb, outB.shape, inB, c)
		}
		j.pa, j.pb, j.sta, j.stb = pa, pb, sta, stb
		j.dstA, j.dstB, j.inA, j.inB, j.c, j.n = dstA, dstB, inA, inB, c, n
		j.group.For(chunks, parts, j)
		j.dstA, j.dstB, j.inA, j.inB = nil, nil, nil, nil
		return
	}
	for start := 0; start < n; start += c {
		m := min(c, n-start)
		sta.chunk(pa, dstA, inA, start, m)
		stb.chunk(pb, dstB, inB, start, m)
	}
}

// ewPairPar is a paired pass shared over the worker pool, chunk by chunk.
type ewPairPar[T tensor.Elem] struct {
	pa, pb       *ewProgram
	sta, stb     *ewState[T]
	dstA, dstB   []T
	inA, inB     []*buf
	c, n         int
	group        kernels.Group
	helpA, helpB []*ewState[T] // scratch of parts 1.., created on first need
}

// Item runs chunk item of both programs on part's scratch.
func (j *ewPairPar[T]) Item(part, item int) {
	sta, stb := j.sta, j.stb
	if part > 0 {
		sta, stb = j.helpA[part-1], j.helpB[part-1]
	}
	start := item * j.c
	m := min(j.c, j.n-start)
	sta.chunk(j.pa, j.dstA, j.inA, start, m)
	stb.chunk(j.pb, j.dstB, j.inB, start, m)
}
