// Command gokeras runs gokeras's built-in jobs: the demo, the summary of a
// model file Keras or gokeras saved, and the workload benchmarks whose JSON
// lines sit beside those of other libraries.
//
// Usage:
//
//	gokeras demo                 train the seed model on built-in random data
//	gokeras summary FILE         print the summary of a saved model
//	gokeras bench WORKLOAD [flags]
//	                             run a workload benchmark and print one JSON line
//	gokeras help                 print this help
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
)

// command is one subcommand of gokeras.
type command struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

var commands = map[string]command{
	"bench":   {"run a workload benchmark and print one JSON line (bench help lists them)", runBench},
	"demo":    {"train the seed model on built-in random data, as Keras shows it", runDemo},
	"summary": {"print the summary of a model file (.keras, .h5, TensorFlow.js model.json)", runSummary},
}

// errUsage marks an error caused by a malformed command line.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "gokeras: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := cmd.run(ctx, args[1:], stdout, stderr); err != nil {
		fmt.Fprintf(stderr, "gokeras %s: %v\n", args[0], err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: gokeras COMMAND [flags]")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-8s %s\n", name, commands[name].summary)
	}
}
