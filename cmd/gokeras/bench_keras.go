package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/gokeras/gokeras/internal/workload"
)

// fitFlags registers the flags the training workloads share with the
// peers' bench.py, and --cpuprofile, whose value it returns.
func fitFlags(fs *flag.FlagSet, o *workload.FitOptions) *string {
	fs.IntVar(&o.Threads, "threads", 0, "threads the kernels use (default: all of GOMAXPROCS)")
	fs.Uint64Var(&o.Seed, "seed", 0, "seed of the data, the weights, shuffling and dropout")
	fs.IntVar(&o.Epochs, "epochs", 0, "epochs (default: the workload's)")
	fs.IntVar(&o.BatchSize, "batch-size", 0, "batch size (default: the workload's)")
	fs.IntVar(&o.TrainSamples, "train-samples", 0, "training samples (default: the workload's)")
	return fs.String("cpuprofile", "", "write a CPU profile of the run (`file`, for go tool pprof)")
}

// profiled runs run, writing a CPU profile of it to path unless path is
// empty.
func profiled[R any](path string, run func() (R, error)) (R, error) {
	if path == "" {
		return run()
	}
	var zero R
	f, err := os.Create(path)
	if err != nil {
		return zero, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return zero, fmt.Errorf("--cpuprofile: %w", err)
	}
	r, err := run()
	pprof.StopCPUProfile()
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("--cpuprofile: %w", cerr)
	}
	return r, err
}

// benchSeed runs `gokeras bench seed [flags]`.
func benchSeed(ctx context.Context, args []string, stderr io.Writer) (any, error) {
	fs := flag.NewFlagSet("bench seed", flag.ContinueOnError)
	var o workload.FitOptions
	prof := fitFlags(fs, &o)
	if err := parseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	o.Log = stderr
	return profiled(*prof, func() (*workload.FitResult, error) { return workload.Seed(ctx, o) })
}

// benchMLP runs `gokeras bench mlp [flags]`.
func benchMLP(ctx context.Context, args []string, stderr io.Writer) (any, error) {
	fs := flag.NewFlagSet("bench mlp", flag.ContinueOnError)
	var o workload.FitOptions
	prof := fitFlags(fs, &o)
	fs.StringVar(&o.Dataset, "dataset", "mnist", "mnist or fashion")
	if err := parseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	if o.Dataset != "mnist" && o.Dataset != "fashion" {
		return nil, fmt.Errorf("%w: --dataset: expected mnist or fashion, received %q", errUsage, o.Dataset)
	}
	o.Log = stderr
	r, err := profiled(*prof, func() (*workload.FitResult, error) { return workload.MLP(ctx, o) })
	if err == nil && r.TestAcc != nil {
		fmt.Fprintf(stderr, "test accuracy %.4f\n", *r.TestAcc)
	}
	return r, err
}
