// Command stancebench measures stancebot's search and commands: gen writes
// a synthetic corpus, bench measures latency, recall, index build, start-up
// and memory over it against SQLite FTS5 baselines, and relevance measures
// quote search on the real board's quotes. It is not part of the bot's
// binary: the bot ships no SQL outside its store.
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

// subcommand is one `stancebench NAME ...` entry point. An error wrapping
// errUsage exits with status 2.
type subcommand struct {
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// errUsage marks errors caused by the user's input (exit status 2).
var errUsage = errors.New("usage")

// subcommands is the table of every subcommand, by name.
var subcommands = map[string]subcommand{}

// Files of a measured directory: the store and the index, as serve keeps
// them in its data directory.
const (
	storeFile = "stancebot.db"
	indexDir  = "quotes.bleve"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the process exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	sc, ok := subcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "stancebench: unknown subcommand %q\n", args[0])
		printUsage(stderr)
		return 2
	}
	if err := sc.run(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "stancebench %s: %v\n", args[0], err)
		if errors.Is(err, errUsage) {
			return 2
		}
		return 1
	}
	return 0
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "usage: stancebench SUBCOMMAND [FLAGS]")
	names := make([]string, 0, len(subcommands))
	for n := range subcommands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, subcommands[n].summary)
	}
}
