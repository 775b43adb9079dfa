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
	"syscall"

	"github.com/stancebot/stancebot/bot"
	"github.com/stancebot/stancebot/internal/gctune"
)

// subcommand is one `stancebot NAME ...` entry point and its help (see
// usage.go). run returns an error to print; an error wrapping errUsage
// exits with status 2.
type subcommand struct {
	summary  string    // one line, for stancebot --help
	synopsis []string  // the usage lines, without "stancebot "
	args     []argHelp // the positional arguments
	examples []string  // whole command lines
	notes    string    // printed last: exit statuses, caveats
	run      func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

// Exit statuses (see docs/json.md for ask).
const (
	exitFailure  = 1 // something went wrong
	exitUsage    = 2 // a wrong command line or input
	exitNotFound = 3 // ask: the strategy, person or quote does not exist
)

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
	go gctune.Run(ctx)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and returns the process exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	name := "console"
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			if len(args) > 1 && args[0] == "help" {
				if _, ok := subcommands[args[1]]; ok {
					return run(ctx, []string{args[1], "-h"}, stdin, stdout, stderr)
				}
				fmt.Fprintf(stderr, "stancebot: %s\n", unknownSubcommand(args[1]))
				return exitUsage
			}
			printUsage(stdout)
			return 0
		case "--version", "-version":
			name, args = "version", args[1:]
		default:
			if len(args[0]) == 0 || args[0][0] != '-' {
				name, args = args[0], args[1:]
			}
		}
	}
	sc, ok := subcommands[name]
	if !ok {
		fmt.Fprintf(stderr, "stancebot: %s\n", unknownSubcommand(name))
		return exitUsage
	}
	if err := sc.run(ctx, args, stdin, stdout, stderr); err != nil {
		var status exitStatus
		switch {
		case errors.Is(err, flag.ErrHelp):
			return 0 // -h: parseFlags has printed the subcommand's help
		case errors.As(err, &status):
			return int(status)
		}
		fmt.Fprintf(stderr, "stancebot %s: %s\n", name, bot.StripControl(err.Error()))
		if errors.Is(err, errUsage) {
			printSynopsis(stderr, name)
			return exitUsage
		}
		return exitFailure
	}
	return 0
}
