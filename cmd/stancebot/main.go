// Command stancebot runs the stancebot chat bot and its tools: the console,
// one-shot questions, imports and exports, the platform adapters, digests and
// benchmarks. With no subcommand it opens the console on the embedded dataset.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// subcommand is one `stancebot NAME ...` entry point. It returns an error to
// print; an error wrapping errUsage exits with status 2.
type subcommand struct {
	summary string
	run     func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

// errUsage marks errors caused by the user's input (exit status 2).
var errUsage = errors.New("usage")

// exitStatus is an error that only sets the exit status: the subcommand has
// already told the user what went wrong.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// subcommands is the table of every subcommand, by name.
var subcommands = map[string]subcommand{}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "console"
	if len(args) > 0 && (len(args[0]) == 0 || args[0][0] != '-') {
		name, args = args[0], args[1:]
	}
	if name == "help" || name == "-h" || name == "--help" {
		printUsage(stdout)
		return 0
	}
	sc, ok := subcommands[name]
	if !ok {
		fmt.Fprintf(stderr, "stancebot: unknown subcommand %q\n", name)
		printUsage(stderr)
		return 2
	}
	if err := sc.run(ctx, args, stdin, stdout, stderr); err != nil {
		var status exitStatus
		switch {
		case errors.Is(err, flag.ErrHelp):
			return 0 // -h: the flag set has printed the subcommand's usage
		case errors.As(err, &status):
			return int(status)
		}
		fmt.Fprintf(stderr, "stancebot %s: %v\n", name, err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: stancebot [SUBCOMMAND] [FLAGS]   (no subcommand: the console)")
	names := make([]string, 0, len(subcommands))
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, subcommands[n].summary)
	}
}
