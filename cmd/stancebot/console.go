package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/stancebot/stancebot/adapters/console"
)

func init() {
	subcommands["console"] = subcommand{
		summary:  "the interactive console on the data directory (the default subcommand)",
		synopsis: []string{"[console] [--data DIR]"},
		examples: []string{"stancebot", "stancebot --data ./mydata", "echo /help | stancebot"},
		notes: "Type a chat command (/help lists them); a line without a slash searches quotes (/quote).\n" +
			"On a terminal: Up and Down recall history (kept in the data directory), Tab completes.",
		run: runConsole,
	}
}

// runConsole runs `stancebot [console] [--data DIR]`: the REPL.
func runConsole(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("console")
	data := dataFlag(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: console takes no arguments (did you mean: stancebot ask %q?)", errUsage, pos[0])
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
