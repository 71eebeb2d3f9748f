package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/gokeras/gokeras/internal/workload"
)

// fitFlags registers the flags the training workloads share with the
// peers' bench.py.
func fitFlags(fs *flag.FlagSet, o *workload.FitOptions) {
	fs.IntVar(&o.Threads, "threads", 0, "threads the kernels use (default: all of GOMAXPROCS)")
	fs.Uint64Var(&o.Seed, "seed", 0, "seed of the data, the weights, shuffling and dropout")
	fs.IntVar(&o.Epochs, "epochs", 0, "epochs (default: the workload's)")
	fs.IntVar(&o.BatchSize, "batch-size", 0, "batch size (default: the workload's)")
	fs.IntVar(&o.TrainSamples, "train-samples", 0, "training samples (default: the workload's)")
}

// benchSeed runs `gokeras bench seed [flags]`.
func benchSeed(ctx context.Context, args []string, stderr io.Writer) (any, error) {
	fs := flag.NewFlagSet("bench seed", flag.ContinueOnError)
	var o workload.FitOptions
	fitFlags(fs, &o)
	if err := parseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	o.Log = stderr
	return workload.Seed(ctx, o)
}

// benchMLP runs `gokeras bench mlp [flags]`.
func benchMLP(ctx context.Context, args []string, stderr io.Writer) (any, error) {
	fs := flag.NewFlagSet("bench mlp", flag.ContinueOnError)
	var o workload.FitOptions
	fitFlags(fs, &o)
	fs.StringVar(&o.Dataset, "dataset", "mnist", "mnist or fashion")
	if err := parseFlags(fs, args, stderr); err != nil {
		return nil, err
	}
	if o.Dataset != "mnist" && o.Dataset != "fashion" {
		return nil, fmt.Errorf("%w: --dataset: expected mnist or fashion, received %q", errUsage, o.Dataset)
	}
	o.Log = stderr
	r, err := workload.MLP(ctx, o)
	if err == nil && r.TestAcc != nil {
		fmt.Fprintf(stderr, "test accuracy %.4f\n", *r.TestAcc)
	}
	return r, err
}
