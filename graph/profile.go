package graph

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// Profiling, as Theano's profile=True: a function can time each of its
// steps over its calls and report where the time goes.

// profData accumulates the time of each step of a function's calls.
type profData struct {
	steps []atomic.Int64 // nanoseconds per step
	calls atomic.Int64
	total atomic.Int64 // nanoseconds of whole calls
}

// SetProfiling starts (on) or stops timing f's steps. Starting clears the
// timings collected so far. Timing costs two clock reads per step, so a
// function runs at full speed only when profiling is off.
func (f *Func) SetProfiling(on bool) {
	if on {
		f.prof.Store(&profData{steps: make([]atomic.Int64, len(f.p.steps))})
	} else {
		f.prof.Store(nil)
	}
}

// Profile is where a function's calls spent their time, step by step.
type Profile struct {
	// Calls is the number of calls timed, and Total their time in all.
	Calls int
	Total time.Duration
	// Steps are the compiled steps, the most expensive first.
	Steps []StepProfile
}

// StepProfile is the time of one compiled step over the calls timed.
type StepProfile struct {
	// Op describes the step as DebugString does: its op, or a fused
	// element-wise group's expression, with its flags.
	Op string
	// ID is the step's id in DebugString.
	ID string
	// Type is the step's dtype and static shape, as "float32 (None, 512)".
	Type string
	// Time is the step's time over all the calls timed.
	Time time.Duration
}

// Profile returns the timings collected since profiling started, or nil if
// it is off.
func (f *Func) Profile() *Profile {
	d := f.prof.Load()
	if d == nil {
		return nil
	}
	p := f.p
	pr := p.printer()
	// Number the nodes as DebugString does.
	var discard strings.Builder
	for _, o := range p.outputs {
		pr.tree(&discard, p.nodes[o], "", "", "")
	}
	for _, u := range p.updates {
		pr.tree(&discard, p.nodes[u.node], "", "", "")
	}
	out := &Profile{Calls: int(d.calls.Load()), Total: time.Duration(d.total.Load())}
	for k, s := range p.steps {
		if p.paired[k] {
			continue // timed with the step it runs with
		}
		n := p.nodes[s.node]
		id, _ := pr.id(n)
		op := pr.label(n)
		others := []int{p.pair[k]}
		if f := p.fused[k]; f != nil {
			others = f.members()
		}
		for _, j := range others {
			if j >= 0 && j != k {
				b := p.nodes[p.steps[j].node]
				bid, _ := pr.id(b)
				op += " + [id " + bid + "] " + pr.label(b)
			}
		}
		out.Steps = append(out.Steps, StepProfile{Op: op, ID: id, Type: n.typeString(), Time: time.Duration(d.steps[k].Load())})
	}
	slices.SortStableFunc(out.Steps, func(a, b StepProfile) int { return int(b.Time - a.Time) })
	return out
}

// String formats the profile as a table: each step's share of the calls'
// time, the running sum of the shares, its time per call, its id and op.
func (p *Profile) String() string {
	var b strings.Builder
	p.WriteTo(&b)
	return b.String()
}

// WriteTo writes the profile's table to w.
func (p *Profile) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	per := func(d time.Duration) time.Duration {
		if p.Calls == 0 {
			return 0
		}
		return d / time.Duration(p.Calls)
	}
	fmt.Fprintf(&b, "%d calls, %v in all, %v per call\n", p.Calls, p.Total.Round(time.Microsecond), per(p.Total).Round(time.Microsecond))
	fmt.Fprintf(&b, "%7s %7s %11s  %s\n", "<%time>", "<sum %>", "<per call>", "<step>")
	var sum time.Duration
	for _, s := range p.Steps {
		sum += s.Time
		share, cum := 0.0, 0.0
		if p.Total > 0 {
			share, cum = 100*float64(s.Time)/float64(p.Total), 100*float64(sum)/float64(p.Total)
		}
		fmt.Fprintf(&b, "%6.1f%% %6.1f%% %11v  [id %s] %s %s\n", share, cum, per(s.Time).Round(100*time.Nanosecond), s.ID, s.Op, s.Type)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
