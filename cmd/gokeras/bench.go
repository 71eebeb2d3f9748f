package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// benchWorkload is one benchmark workload of `gokeras bench`.
type benchWorkload struct {
	summary string
	run     func(ctx context.Context, args []string, stderr io.Writer) (any, error)
}

var workloads = map[string]benchWorkload{
	"gemm": {"float32 n x n matrix multiply, GFLOP/s per size", benchGEMM},
	"seed": {"the seed program's model on random data, Fit timed", benchSeed},
	"mlp":  {"Keras's MNIST MLP (784-512-512-10), Fit timed, then test accuracy", benchMLP},
}

// runBench runs `gokeras bench WORKLOAD [flags]`: the result is one JSON line
// on stdout, progress goes to stderr.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" {
		names := make([]string, 0, len(workloads))
		for name := range workloads {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Fprintln(stderr, "usage: gokeras bench WORKLOAD [flags]\n\nworkloads:")
		for _, name := range names {
			fmt.Fprintf(stderr, "  %-8s %s\n", name, workloads[name].summary)
		}
		if len(args) == 0 {
			return fmt.Errorf("%w: no workload named", errUsage)
		}
		return nil
	}
	w, ok := workloads[args[0]]
	if !ok {
		return fmt.Errorf("%w: unknown workload %q", errUsage, args[0])
	}
	res, err := w.run(ctx, args[1:], stderr)
	if err != nil {
		return err
	}
	line, err := json.Marshal(res)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", line)
	return err
}

// parseFlags parses a workload's flags, reporting errors as usage errors.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %s", errUsage, strings.Join(fs.Args(), " "))
	}
	return nil
}
