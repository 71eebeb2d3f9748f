package workload

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/gokeras/gokeras/internal/kernels"
)

func TestGEMMJSON(t *testing.T) {
	r, err := GEMM(context.Background(), GEMMOptions{Sizes: []int{16, 33}, Threads: 1, Repeats: 2, MinTime: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"workload": "gemm", "impl": "gokeras", "unit": "GFLOP/s", "threads": 1.0,
		"ok": true, "kernel": kernels.Active().String(), "dtype": "float32", "repeats": 2.0}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}
	gf, ok := m["gflops"].(map[string]any)
	if !ok || len(gf) != 2 {
		t.Fatalf("gflops = %v, want an object with 2 sizes", m["gflops"])
	}
	for _, k := range []string{"16", "33"} {
		if v, ok := gf[k].(float64); !ok || !(v > 0) {
			t.Errorf("gflops[%s] = %v, want a positive rate", k, gf[k])
		}
		if e := r.MaxRelErr[k]; !(e < 1e-5) {
			t.Errorf("max_rel_err[%s] = %v: the products are wrong", k, e)
		}
		if n := r.Runs[k]; n < 2 || n > 100 {
			t.Errorf("runs[%s] = %d, want 2..100", k, n)
		}
	}
}

func TestGEMMDefaults(t *testing.T) {
	o, err := GEMMOptions{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Sizes) != 5 || o.Sizes[4] != 2048 || o.Repeats != 3 || o.MinTime != 500*time.Millisecond || o.Threads != kernels.Threads() {
		t.Errorf("defaults = %+v", o)
	}
}

func TestGEMMErrors(t *testing.T) {
	for _, o := range []GEMMOptions{
		{Sizes: []int{0}}, {Sizes: []int{8, -1}}, {Threads: -2}, {Repeats: -1}, {MinTime: -time.Second},
	} {
		if _, err := GEMM(context.Background(), o); err == nil {
			t.Errorf("GEMM(%+v): no error", o)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := GEMM(ctx, GEMMOptions{Sizes: []int{8}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v, want context.Canceled", err)
	}
}

func TestGEMMRestoresThreads(t *testing.T) {
	before := kernels.Threads()
	if _, err := GEMM(context.Background(), GEMMOptions{Sizes: []int{8}, Threads: before + 1, MinTime: time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if got := kernels.Threads(); got != before {
		t.Errorf("kernels.Threads() = %d after GEMM, want %d restored", got, before)
	}
}
