package graph

import (
	"strings"
	"sync"
	"testing"

	"github.com/gokeras/gokeras/tensor"
)

func TestProfile(t *testing.T) {
	g := New()
	x := g.Input("x", Float32, Unknown, 64)
	w := g.Shared("w", tensor.Must(tensor.Ones[float32](64, 32)))
	y := Sum(Relu(Add(MatMul(x, w), ScalarLike(x, 1))), nil, false)
	f := mustFunction(t, []*Node{x}, []*Node{y}, nil)
	xv := tensor.Must(tensor.Ones[float32](16, 64))
	if f.Profile() != nil {
		t.Fatal("a profile before profiling started")
	}
	f.SetProfiling(true)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if _, err := f.Call(xv); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	p := f.Profile()
	if p.Calls != 20 || p.Total <= 0 {
		t.Fatalf("%d calls in %v, want 20", p.Calls, p.Total)
	}
	if len(p.Steps) != len(f.p.steps) {
		t.Errorf("%d steps profiled, the function has %d", len(p.Steps), len(f.p.steps))
	}
	var sum int64
	dbg := f.DebugString()
	for i, s := range p.Steps {
		sum += int64(s.Time)
		if i > 0 && s.Time > p.Steps[i-1].Time {
			t.Errorf("steps not sorted by time: %v after %v", s.Time, p.Steps[i-1].Time)
		}
		if !strings.Contains(dbg, s.Op+" [id "+s.ID+"] "+s.Type) {
			t.Errorf("step [id %s] %s %s is not in DebugString:\n%s", s.ID, s.Op, s.Type, dbg)
		}
	}
	if sum > int64(p.Total) {
		t.Errorf("steps took %v, more than the calls' %v", sum, p.Total)
	}
	if str := p.String(); !strings.Contains(str, "20 calls") || !strings.Contains(str, "MatMul") {
		t.Errorf("profile table:\n%s", str)
	}
	outs := []any{tensor.Scalar[float32](0)}
	if allocs := testing.AllocsPerRun(10, func() { f.CallInto(outs, xv) }); allocs != 0 {
		t.Errorf("a profiled call allocates %v times", allocs)
	}
	f.SetProfiling(true)
	if p := f.Profile(); p.Calls != 0 {
		t.Errorf("restarting kept %d calls", p.Calls)
	}
	f.SetProfiling(false)
	if f.Profile() != nil {
		t.Error("a profile after profiling stopped")
	}
}
