package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gokeras/gokeras/internal/workload"
)

// benchGEMM runs `gokeras bench gemm [--threads N] [--sizes a,b,...]`.
func benchGEMM(ctx context.Context, args []string, stderr io.Writer) (any, error) {
	fs := flag.NewFlagSet("bench gemm", flag.ContinueOnError)
	threads := fs.Int("threads", 0, "threads the kernels use (default: all of GOMAXPROCS)")
	sizes := fs.String("sizes", "128,256,512,1024,2048", "comma-separated square sizes n")
	repeats := fs.Int("repeats", 3, "minimum timed products per size")
	minTime := fs.Duration("min-time", 500*time.Millisecond, "minimum time per size")
	seed := fs.Uint64("seed", 0, "seed of the random matrices")
	if err := parseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	ns, err := parseSizes(*sizes)
	if err != nil {
		return nil, err
	}
	res, err := workload.GEMM(ctx, workload.GEMMOptions{
		Sizes: ns, Threads: *threads, Repeats: *repeats, MinTime: *minTime, Seed: *seed,
	})
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		k := strconv.Itoa(n)
		fmt.Fprintf(stderr, "n=%d: %.1f GFLOP/s (%s, %d threads)\n", n, res.GFLOPS[k], res.Kernel, res.Threads)
	}
	return res, nil
}

// parseSizes parses a comma-separated list of positive integers.
func parseSizes(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%w: --sizes: %q is not a positive integer", errUsage, f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}
