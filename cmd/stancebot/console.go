package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/stancebot/stancebot/adapters/console"
)

func init() {
	subcommands["console"] = subcommand{
		summary: "interactive console on the data directory (the default)",
		run:     runConsole,
	}
}

// runConsole runs `stancebot [console] [--data DIR]`: the REPL.
func runConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory (default: the stancebot folder in your data dir)")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: console takes no arguments (did you mean: stancebot ask %q?)", errUsage, fs.Arg(0))
	}
	a, err := openApp(ctx, appOptions{DataDir: *data, Logger: cliLogger(stderr)})
	if err != nil {
		return err
	}
	defer a.Close()
	return console.Run(ctx, a.Bot, stdin, stdout)
}

// cliLogger logs warnings and errors as text to w, keeping the console and
// one-shot answers uncluttered.
func cliLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}
