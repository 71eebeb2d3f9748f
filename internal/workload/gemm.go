// Package workload holds the benchmark workloads that gokeras runs beside
// its peers (PyTorch/numpy with OpenBLAS, gonum, Gorgonia, GoMLX). Each
// workload returns a result that marshals with encoding/json to the one
// JSON line the peers print for the same workload, so the lines can be
// compared key by key.
package workload

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/gokeras/gokeras/internal/kernels"
)

// GEMMOptions configures the GEMM workload. The zero value of each field
// selects the default the peers use.
type GEMMOptions struct {
	// Sizes are the orders n of the square products; default 128, 256,
	// 512, 1024, 2048.
	Sizes []int
	// Threads is the number of threads the kernels use; default
	// kernels.Threads().
	Threads int
	// Repeats is the minimum number of timed products per size after one
	// untimed warm-up; default 3.
	Repeats int
	// MinTime is the minimum time spent on the timed products of one size,
	// within at most 100 products; default 0.5 s.
	MinTime time.Duration
	// Seed seeds the random matrices.
	Seed uint64
}

// GEMMResult is the outcome of the GEMM workload, one JSON object in the
// form of the peers' gemm lines: "gflops" maps each size to the best rate.
type GEMMResult struct {
	Workload   string             `json:"workload"` // "gemm"
	Impl       string             `json:"impl"`     // "gokeras"
	OK         bool               `json:"ok"`
	Threads    int                `json:"threads"`
	Go         string             `json:"go"`
	GOARCH     string             `json:"goarch"`
	GOMAXPROCS int                `json:"gomaxprocs"`
	NumCPU     int                `json:"num_cpu"`
	CPU        string             `json:"cpu,omitempty"`
	Kernel     string             `json:"kernel"` // the kernels implementation: "avx512", "avx2" or "go"
	DType      string             `json:"dtype"`  // "float32"
	Unit       string             `json:"unit"`   // "GFLOP/s"
	Sizes      []int              `json:"sizes"`
	Repeats    int                `json:"repeats"`
	MinTimeS   float64            `json:"min_time_s"`
	GFLOPS     map[string]float64 `json:"gflops"`      // size → 2n³ / best seconds / 1e9
	BestS      map[string]float64 `json:"best_s"`      // size → best seconds of one product
	Runs       map[string]int     `json:"runs"`        // size → timed products
	MaxRelErr  map[string]float64 `json:"max_rel_err"` // size → sampled error relative to |a_i|·|b_j|
}

// GEMM measures float32 square products C = A·B with kernels.Sgemm, for
// each size: one warm-up product, then at least Repeats products and at
// least MinTime (at most 100 products), keeping the best time. It checks a
// sample of entries against float64 arithmetic. It returns ctx's error if
// ctx is done before the end.
func GEMM(ctx context.Context, opts GEMMOptions) (*GEMMResult, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	prev := kernels.SetThreads(opts.Threads)
	defer kernels.SetThreads(prev)
	r := &GEMMResult{
		Workload: "gemm", Impl: "gokeras", OK: true, Threads: kernels.Threads(),
		Go: runtime.Version(), GOARCH: runtime.GOARCH, GOMAXPROCS: runtime.GOMAXPROCS(0),
		NumCPU: runtime.NumCPU(), CPU: gemmCPUModel(), Kernel: kernels.Active().String(),
		DType: "float32", Unit: "GFLOP/s", Sizes: opts.Sizes, Repeats: opts.Repeats,
		MinTimeS: opts.MinTime.Seconds(),
		GFLOPS:   map[string]float64{}, BestS: map[string]float64{},
		Runs: map[string]int{}, MaxRelErr: map[string]float64{},
	}
	for _, n := range opts.Sizes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		best, runs, relErr, err := gemmMeasure(ctx, n, opts)
		if err != nil {
			return nil, err
		}
		key := strconv.Itoa(n)
		r.GFLOPS[key] = 2 * float64(n) * float64(n) * float64(n) / best / 1e9
		r.BestS[key] = best
		r.Runs[key] = runs
		r.MaxRelErr[key] = relErr
	}
	return r, nil
}

// withDefaults fills in the defaults and rejects invalid options.
func (o GEMMOptions) withDefaults() (GEMMOptions, error) {
	if len(o.Sizes) == 0 {
		o.Sizes = []int{128, 256, 512, 1024, 2048}
	}
	for _, n := range o.Sizes {
		if n < 1 {
			return o, fmt.Errorf("workload: gemm: expected sizes ≥ 1, received %d", n)
		}
	}
	if o.Threads < 0 {
		return o, fmt.Errorf("workload: gemm: expected threads ≥ 0, received %d", o.Threads)
	}
	if o.Threads == 0 {
		o.Threads = kernels.Threads()
	}
	if o.Repeats < 0 || o.MinTime < 0 {
		return o, errors.New("workload: gemm: expected repeats and min time ≥ 0")
	}
	if o.Repeats == 0 {
		o.Repeats = 3
	}
	if o.MinTime == 0 {
		o.MinTime = 500 * time.Millisecond
	}
	return o, nil
}

// gemmMaxRuns caps the timed products of one size, as the peers do.
const gemmMaxRuns = 100

// gemmMeasure times the products of order n and returns the best time in
// seconds, the number of timed products and the sampled relative error.
func gemmMeasure(ctx context.Context, n int, o GEMMOptions) (best float64, runs int, relErr float64, err error) {
	rng := rand.New(rand.NewPCG(o.Seed, uint64(n)))
	a, b := make([]float32, n*n), make([]float32, n*n)
	for i := range a {
		a[i] = float32(rng.NormFloat64())
		b[i] = float32(rng.NormFloat64())
	}
	c := make([]float32, n*n)
	product := func() { kernels.Sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n) }
	product() // warm-up: packing buffers, worker pool, caches
	best = math.Inf(1)
	start := time.Now()
	for runs < gemmMaxRuns && (runs < o.Repeats || time.Since(start) < o.MinTime) {
		if err := ctx.Err(); err != nil {
			return 0, 0, 0, err
		}
		t0 := time.Now()
		product()
		best = min(best, time.Since(t0).Seconds())
		runs++
	}
	return best, runs, gemmRelErr(rng, n, a, b, c), nil
}

// gemmRelErr compares 64 sampled entries of c = a·b with float64 dot
// products and returns the largest |c_ij - ref| / (|a_i|·|b_j|).
func gemmRelErr(rng *rand.Rand, n int, a, b, c []float32) float64 {
	worst := 0.0
	for s := 0; s < 64; s++ {
		i, j := rng.IntN(n), rng.IntN(n)
		ref, na, nb := 0.0, 0.0, 0.0
		for p := 0; p < n; p++ {
			x, y := float64(a[i*n+p]), float64(b[p*n+j])
			ref += x * y
			na += x * x
			nb += y * y
		}
		e := math.Abs(float64(c[i*n+j])-ref) / math.Sqrt(na*nb)
		if e > worst || math.IsNaN(e) {
			worst = e
		}
	}
	return worst
}

// gemmCPUModel is the CPU's model name on Linux, or "".
func gemmCPUModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			if _, v, ok := strings.Cut(name, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return ""
}
