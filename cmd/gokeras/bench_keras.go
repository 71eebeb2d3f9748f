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

// profileFlags are the training workloads' flags for looking inside a run.
type profileFlags struct {
	cpu   string // --cpuprofile: a pprof CPU profile to write
	steps bool   // --profile-steps: print the train function's step times
}

// fitFlags registers the flags the training workloads share with the
// peers' bench.py, and the profiling flags, whose values it returns.
func fitFlags(fs *flag.FlagSet, o *workload.FitOptions) *profileFlags {
	fs.IntVar(&o.Threads, "threads", 0, "threads the kernels use (default: all of GOMAXPROCS)")
	fs.Uint64Var(&o.Seed, "seed", 0, "seed of the data, the weights, shuffling and dropout")
	fs.IntVar(&o.Epochs, "epochs", 0, "epochs (default: the workload's)")
	fs.IntVar(&o.BatchSize, "batch-size", 0, "batch size (default: the workload's)")
	fs.IntVar(&o.TrainSamples, "train-samples", 0, "training samples (default: the workload's)")
	pf := &profileFlags{}
	fs.StringVar(&pf.cpu, "cpuprofile", "", "write a CPU profile of the run (`file`, for go tool pprof)")
	fs.BoolVar(&pf.steps, "profile-steps", false, "print the time of each step of the train function to stderr")
	return pf
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
	if prof.steps {
		o.Profile = stderr
	}
	return profiled(prof.cpu, func() (*workload.FitResult, error) { return workload.Seed(ctx, o) })
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
	if prof.steps {
		o.Profile = stderr
	}
	r, err := profiled(prof.cpu, func() (*workload.FitResult, error) { return workload.MLP(ctx, o) })
	if err == nil && r.TestAcc != nil {
		fmt.Fprintf(stderr, "test accuracy %.4f\n", *r.TestAcc)
	}
	return r, err
}
